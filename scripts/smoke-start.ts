/**
 * The README's first command, run as a new user runs it (`.ci/run` calls this right after `npm ci`):
 *  1. `npm start` in its own process group (as a terminal runs it), on the embedded defaults unless ports are set;
 *  2. waits until `/api/status` answers with an indexed block and `/api/assets` lists the demo asset of
 *     `deployments/<chainId>.json`;
 *  3. fetches `/issuer`, `/investor` and `/compliance`: each must answer 200 with its heading;
 *  4. sends SIGINT to the group (Ctrl-C), waits for `stopped.` and the exit, and checks that no process of the
 *     checkout (anvil, PGlite, indexer, next) is left.
 * Exits 0 when all holds, 1 with the reason and the tail of the output otherwise. Every wait is bounded.
 * Settings: the same as `npm start` (WEB_PORT, CHAIN_ID, DEPLOYMENTS_DIR, …); SMOKE_TIMEOUT_S (default 600) bounds the
 * start, which includes a first `next build`.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Deployments } from "@tessera/contracts";
import { deploymentsFilePath, readDeployments } from "@tessera/sdk/node";
import { repoRoot } from "./lib/platform.ts";

const webPort = Number(process.env.WEB_PORT ?? 3000);
const chainId = Number(process.env.CHAIN_ID ?? 31337);
const deploymentsDir = path.resolve(repoRoot, process.env.DEPLOYMENTS_DIR ?? "deployments");
const startTimeoutMs = Number(process.env.SMOKE_TIMEOUT_S ?? 600) * 1000;
const base = `http://127.0.0.1:${webPort}`;
const pages: Array<[string, string]> = [
  ["/issuer", "Issuer portal"],
  ["/investor", "Investor app"],
  ["/compliance", "Compliance console"],
];

let output = "";
const child = spawn("npm", ["start"], { cwd: repoRoot, env: process.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
for (const stream of [child.stdout!, child.stderr!]) {
  stream.on("data", (c: Buffer) => {
    output += c.toString();
    process.stdout.write(c);
  });
}
let exitCode: number | null | undefined;
const exited = new Promise<void>((resolve) =>
  child.once("exit", (code, signal) => {
    exitCode = code ?? (signal ? -1 : null);
    resolve();
  }),
);

function fail(reason: string): never {
  console.error(`\nsmoke: FAILED: ${reason}`);
  console.error(`smoke: last output of npm start:\n${output.split("\n").slice(-30).join("\n")}`);
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    /* already gone */
  }
  process.exit(1);
}

/** Polls `check` every 500 ms until it returns a value, the deadline passes, or npm start exits. */
async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode !== undefined) fail(`npm start exited (code ${exitCode}) while waiting for ${what}`);
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) fail(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

interface Proc {
  pid: number;
  ppid: number;
  /** Start time in clock ticks since boot (/proc/<pid>/stat field 22): tells a reused pid from the same process. */
  started: string;
  args: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { pid, ppid: Number(rest[1]), started: rest[19]!, args };
  } catch {
    return undefined; // exited meanwhile
  }
}

/** Every process descended from `root` now (services run in process groups of their own, so groups do not tell). */
function descendants(root: number): Proc[] {
  const all = readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .map((p) => readProc(Number(p)))
    .filter((p): p is Proc => p !== undefined);
  const found: Proc[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const p of all) {
      if (p.ppid !== parent) continue;
      found.push(p);
      queue.push(p.pid);
    }
  }
  return found;
}

/** Those of `procs` still running (same pid and start time). */
function stillRunning(procs: Proc[]): Proc[] {
  return procs.filter((p) => readProc(p.pid)?.started === p.started);
}

const t0 = Date.now();
const status = await until("/api/status to report an indexed block", startTimeoutMs, async () => {
  const res = await fetch(`${base}/api/status`);
  const body = (await res.json()) as { lastBlock: string | null };
  return res.ok && body.lastBlock !== null ? body : undefined;
});
const deploymentsFile = deploymentsFilePath(deploymentsDir, chainId);
let deployments: Deployments | null = null;
try {
  deployments = readDeployments(deploymentsDir, chainId);
} catch (err) {
  fail((err as Error).message);
}
if (!deployments) fail(`npm start wrote no ${deploymentsFile}`);
const demo = deployments.demoAsset;
if (!demo) fail(`${deploymentsFile} names no demo asset`);
await until(`the demo asset ${demo.token} in /api/assets`, 120_000, async () => {
  const res = await fetch(`${base}/api/assets`);
  return res.ok && (await res.text()).toLowerCase().includes(demo.token.toLowerCase()) ? true : undefined;
});
console.log(`\nsmoke: up in ${((Date.now() - t0) / 1000).toFixed(0)} s, indexed to block ${status.lastBlock}, demo asset ${demo.token} listed`);

for (const [page, heading] of pages) {
  const res = await fetch(`${base}${page}`);
  const html = await res.text();
  if (res.status !== 200) fail(`GET ${page} answered ${res.status}`);
  if (!new RegExp(`<h1[^>]*>${heading}</h1>`).test(html)) fail(`GET ${page} has no heading "${heading}"`);
  console.log(`smoke: GET ${page} 200 "${heading}"`);
}

// Ctrl-C: a terminal sends SIGINT to the whole foreground process group.
const tree = descendants(child.pid!);
// PGlite is served from the npm start process itself; the anvils, the indexers, the relayer and next are children.
const names = ["anvil", "apps/indexer", "apps/relayer", "next"];
for (const name of names) {
  if (!tree.some((p) => p.args.includes(name))) console.log(`smoke: note: no running process names "${name}"`);
}
process.kill(-child.pid!, "SIGINT");
await Promise.race([exited, sleep(90_000)]);
if (exitCode === undefined) fail("npm start did not exit within 90 s of Ctrl-C");
if (!/^stopped\.$/m.test(output)) fail('npm start did not print "stopped." on Ctrl-C');
let left = stillRunning(tree);
// Children stop before npm start exits; allow the kernel a moment to reap them (a bounded poll, not a fixed sleep).
for (let i = 0; i < 40 && left.length > 0; i++) {
  await sleep(250);
  left = stillRunning(left);
}
if (left.length > 0) fail(`processes left after Ctrl-C:\n${left.map((p) => `${p.pid} ${p.args}`).join("\n")}`);
console.log(`smoke: Ctrl-C printed "stopped." and left none of its ${tree.length} processes behind (exit code ${exitCode})`);
process.exit(0); // the bounded waits above leave timers behind
