// `npm start` (scripts/up.ts) interrupted by Ctrl-C while it starts: every child it started (anvil, the indexer) must
// be gone afterwards, and the next start must resume the same chain and deployment. Runs up.ts as a user would, in its
// own process group, and sends SIGINT to the whole group as a terminal does. Linux: finds processes through /proc.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, readDeployments } from "@tessera/sdk/node";
import { repoRoot } from "../lib/platform.ts";

// Ports the OS hands out as free (not a random pick from a fixed range, which another test run could hold).
const [ANVIL_PORT, PGLITE_PORT, WEB_PORT, TAKEN_WEB_PORT, L2_ANVIL_PORT] = [
  await freePort(),
  await freePort(),
  await freePort(),
  await freePort(),
  await freePort(),
];
const dataDir = mkdtempSync(path.join(tmpdir(), "tessera-up-"));

/** Pids of live processes that belong to this platform: anvil on one of our ports, or a child given our RPC_URL (an
 * indexer) or naming our L1 in RELAYER_CHAINS (the relayer). */
function platformProcesses(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d) && d !== String(process.pid))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (/\) Z /.test(stat)) continue; // a zombie has exited
      const anvil = args.some((a) => a.endsWith("anvil")) && (args.includes(String(ANVIL_PORT)) || args.includes(String(L2_ANVIL_PORT)));
      const child =
        env.includes(`RPC_URL=http://127.0.0.1:${ANVIL_PORT}`) ||
        env.includes(`RPC_URL=http://127.0.0.1:${L2_ANVIL_PORT}`) ||
        env.some((e) => e.startsWith("RELAYER_CHAINS=") && e.includes(`:${ANVIL_PORT}`));
      if (anvil || child) found.push(`${pid} ${args.join(" ").slice(0, 120)}`);
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return found;
}

/** Starts up.ts, sends Ctrl-C once `until` shows in its output, and resolves with its output and exit code. */
function startThenInterrupt(until: RegExp, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ output: string; code: number | null }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ANVIL_PORT: String(ANVIL_PORT),
    PGLITE_PORT: String(PGLITE_PORT),
    WEB_PORT: String(WEB_PORT),
    L2_ANVIL_PORT: String(L2_ANVIL_PORT),
    TESSERA_DATA_DIR: dataDir,
    DEPLOYMENTS_DIR: path.join(dataDir, "deployments"),
    DATABASE_URL: "", // the embedded PGlite
    ...extraEnv,
  };
  // As `npm start` runs it (package.json): node with tsx's loader, no tsx parent process in between.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/up.ts"], {
    cwd: repoRoot,
    env,
    detached: true, // its own process group, as a terminal's foreground job
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let interrupted = false;
  return new Promise((resolve) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (!interrupted && until.test(output)) {
        interrupted = true;
        process.kill(-child.pid!, "SIGINT");
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => resolve({ output, code }));
  });
}

async function noneLeft(timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = platformProcesses();
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 250));
  }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("npm start (scripts/up.ts) and Ctrl-C", () => {
  it("refuses a web port already in use before starting anything, naming the setting", async () => {
    const webPort = TAKEN_WEB_PORT;
    const holder = createServer().listen(webPort, "127.0.0.1");
    await new Promise((r) => holder.once("listening", r));
    try {
      const run = await startThenInterrupt(/$^/, { WEB_PORT: String(webPort) });
      expect(run.code).toBe(1);
      expect(run.output).toContain(`Tessera could not start: port ${webPort} for the web app (npm start: WEB_PORT) is already in use`);
      expect(run.output).not.toMatch(/^chain +/m);
      expect(platformProcesses()).toEqual([]);
    } finally {
      holder.close();
    }
  });

  it("Ctrl-C while the indexers catch up stops both anvils and the indexers, and leaves the deployments for the next start", async () => {
    // The indexers are started right after the contracts lines; Ctrl-C then lands while startPlatform waits for them.
    const first = await startThenInterrupt(/addresses in .*31338\.json/);
    expect(first.output).toMatch(/chain +L1 \(home chain\) anvil at http:\/\/127\.0\.0\.1:\d+ \(chain id 31337\)/);
    expect(first.output).toMatch(/chain +L2 anvil at http:\/\/127\.0\.0\.1:\d+ \(chain id 31338\)/);
    expect(first.output).toMatch(/database +PGlite \(embedded Postgres\) at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres/);
    expect(first.output).toMatch(/contracts +deployed: factory 0x[0-9a-fA-F]{40}/);
    expect(first.output).toContain("stopped.");
    expect(first.code).toBe(0);
    expect(await noneLeft()).toEqual([]);
    const deployments = readDeployments(path.join(dataDir, "deployments"), 31337);
    if (!deployments) throw new Error("npm start wrote no deployments file");
    expect(deployments.factory).toMatch(/^0x[0-9a-fA-F]{40}$/);
    // The dev payment token (TestUSD) is deployed next to the demo asset, written to the file and printed.
    expect(deployments.paymentToken).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(first.output).toContain(`payment token ${deployments.paymentToken}`);
    expect(existsSync(path.join(dataDir, "anvil-state.json"))).toBe(true);
    expect(existsSync(path.join(dataDir, "anvil-l2-state.json"))).toBe(true);
    const l2 = readDeployments(path.join(dataDir, "deployments"), 31338);
    expect(l2?.messaging).toBeDefined();
    expect(l2?.demoAsset).toBeDefined();

    // The next start finds the chain (anvil's dumped state) and the deployment on it, and reuses it.
    const second = await startThenInterrupt(/contracts +L2 (deployed|reused)/);
    expect(second.output).toContain(`contracts  reused: factory ${deployments.factory}`);
    expect(second.output).toContain(`contracts  L2 reused: factory ${l2!.factory}`);
    expect(second.code).toBe(0);
    expect(await noneLeft()).toEqual([]);
  });
});
