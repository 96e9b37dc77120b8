// The relayer as a process, killed with SIGKILL mid-flight and restarted: every message delivered exactly once
// (ProcessId counted per id on the destination, Mailbox.delivered for all). RELAYER_TEST_DELIVERY_DELAY_MS makes it
// deliver slowly, so the kill lands while messages are pending.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { delivered, processCounts, sendToL2, twoChains, until } from "./helpers.ts";

const main = path.join(path.dirname(fileURLToPath(import.meta.url)), "../src/main.ts");
let env: Awaited<ReturnType<typeof twoChains>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  env = await twoChains(1);
}, 180_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await env?.stop();
});

/** Starts `main.ts` as a child process; its output is collected. */
function start(extra: Record<string, string> = {}) {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", main], {
    env: {
      ...process.env,
      RELAYER_CHAINS: `31337=${env.l1.anvil.rpcUrl},31338=${env.l2.anvil.rpcUrl}`,
      DEPLOYMENTS_DIR: env.deploymentsDir,
      RELAYER_DATA_DIR: env.dataDir,
      RELAYER_POLL_MS: "50",
      ...extra,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe("relayer process", () => {
  it("delivers every pending message exactly once across a SIGKILL and a restart", async () => {
    const ids: Hex[] = [];
    for (let i = 0; i < 5; i++) ids.push(await sendToL2(env.l1, env.assets[0]!, BigInt(10 + i)));
    const first = start({ RELAYER_TEST_DELIVERY_DELAY_MS: "400" });
    await until("the first delivery", async () => (await processCounts(env.l2)).size >= 1);
    first.child.kill("SIGKILL");
    await first.exited;
    const afterKill = await processCounts(env.l2);
    expect(afterKill.size).toBeLessThan(ids.length); // killed mid-flight: some still pending
    // Messages sent while it is down are found by the restarted relayer too.
    ids.push(await sendToL2(env.l1, env.assets[0]!, 99n));
    const second = start();
    await until("every message delivered", async () => (await Promise.all(ids.map((id) => delivered(env.l2, id)))).every(Boolean), 60_000);
    const counts = await processCounts(env.l2);
    for (const id of ids) expect(counts.get(id), id).toBe(1);
    expect(counts.size).toBe(ids.length);
    // Ctrl-C: a clean stop.
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
    expect(second.output()).toMatch(/relaying between chain 31337 .* and chain 31338 .*anvil dev account 11/);
  });
});
