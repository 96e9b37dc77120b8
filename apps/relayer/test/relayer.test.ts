// The relayer's rules over two real anvils, one round at a time (Relayer.tick): delivery, replay and untrusted-relayer
// refusals by the Mailbox and its ISM, confirmations, a refused delivery kept pending with backoff without blocking the
// others, RPC failures told apart from reverts, and a source-chain reorg before delivery.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Address, type Hex, keccak256 } from "viem";
import { hyperlaneMailboxAbi, tokenAbi } from "@tessera/contracts";
import { RELAYER_DEV_ACCOUNT_INDEX, freePort, rpc } from "@tessera/sdk/node";
import { classifyFailure, createRelayer, readCursors, type RelayerOptions } from "../src/index.ts";
import { delivered, processCounts, sendToL2, twoChains, until } from "./helpers.ts";

let env: Awaited<ReturnType<typeof twoChains>>;
let n = 0;

beforeAll(async () => {
  env = await twoChains(2);
}, 180_000);

afterAll(async () => {
  await env?.stop();
});

/** A relayer over both chains with its own data folder; its log lines collected. */
function relayer(over: Partial<RelayerOptions> = {}) {
  const lines: string[] = [];
  const r = createRelayer({
    chains: [
      { chainId: 31337, rpcUrl: env.l1.anvil.rpcUrl, deployments: env.l1.deployments },
      { chainId: 31338, rpcUrl: env.l2.anvil.rpcUrl, deployments: env.l2.deployments },
    ],
    account: env.l1.clients.wallets[RELAYER_DEV_ACCOUNT_INDEX].account,
    dataDir: `${env.dataDir}-${n++}`,
    retryMinMs: 1,
    retryMaxMs: 1,
    log: (l) => lines.push(l),
    ...over,
  });
  return { r, lines, dataDir: `${env.dataDir}-${n - 1}` };
}

const bal = (token: Address, who: Address) => env.l2.publicClient.readContract({ address: token, abi: tokenAbi, functionName: "balanceOf", args: [who] });
const setPaused = async (token: Address, paused: boolean) => {
  const issuer = env.l2.walletClient;
  const hash = await issuer.writeContract({ address: token, abi: tokenAbi, functionName: paused ? "pause" : "unpause", chain: issuer.chain, account: issuer.account! });
  await env.l2.publicClient.waitForTransactionReceipt({ hash });
};
/** The Dispatch message of `id` on L1 (the bytes a relayer passes to process). */
async function messageOf(id: Hex): Promise<Hex> {
  const logs = await env.l1.publicClient.getContractEvents({ address: env.l1.deployments.messaging!.mailbox, abi: hyperlaneMailboxAbi, eventName: "Dispatch", fromBlock: 0n });
  const hit = logs.find((l) => keccak256(l.args.message!) === id);
  if (!hit) throw new Error(`no Dispatch for ${id}`);
  return hit.args.message!;
}
const simulateProcess = (message: Hex, accountIndex: number) =>
  env.l2.publicClient.simulateContract({
    address: env.l2.deployments.messaging!.mailbox,
    abi: hyperlaneMailboxAbi,
    functionName: "process",
    args: ["0x", message],
    account: env.l2.clients.wallets[accountIndex].account,
  });

describe("relayer", () => {
  it("delivers a message once; the Mailbox refuses a replay and a process() from an account the ISM does not trust", async () => {
    const investor = env.l1.clients.wallets[2].account.address;
    const { r, dataDir } = relayer();
    const id = await sendToL2(env.l1, env.assets[0]!, 100n);
    const message = await messageOf(id);
    // Not the trusted relayer (account 3): the TrustedRelayerIsm refuses, nothing delivered.
    const untrusted = await simulateProcess(message, 3).then(() => undefined, classifyFailure);
    expect(untrusted).toMatchObject({ kind: "revert", reason: expect.stringMatching(/ISM verification failed/) });
    await r.tick();
    expect(await delivered(env.l2, id)).toBe(true);
    expect(await bal(env.assets[0]!.remoteToken, investor)).toBe(100n);
    expect(r.pending()).toEqual([]);
    // The cursor is saved past the delivered message's block.
    const saved = readCursors(dataDir).get(31337)!;
    expect(saved.block).toBe(await env.l1.publicClient.getBlockNumber());
    // A replay by the trusted relayer itself: refused by the Mailbox.
    const replay = await simulateProcess(message, RELAYER_DEV_ACCOUNT_INDEX).then(() => undefined, classifyFailure);
    expect(replay).toMatchObject({ kind: "revert", reason: expect.stringMatching(/already delivered/) });
    // Another relayer over the same chains (a restart without cursor) finds it delivered and sends nothing.
    const again = relayer();
    await again.r.tick();
    expect((await processCounts(env.l2)).get(id)).toBe(1);
    expect(again.lines.filter((l) => /\] delivered 0x/.test(l))).toEqual([]);
  });

  it("waits until the Dispatch is RELAYER_CONFIRMATIONS blocks deep", async () => {
    const { r } = relayer({ confirmations: 2 });
    await r.tick(); // catch up with the earlier tests' messages
    const id = await sendToL2(env.l1, env.assets[0]!, 10n);
    await r.tick();
    expect(await delivered(env.l2, id)).toBe(false);
    await rpc(env.l1.anvil.rpcUrl, "evm_mine");
    await r.tick();
    expect(await delivered(env.l2, id)).toBe(false);
    await rpc(env.l1.anvil.rpcUrl, "evm_mine");
    await r.tick();
    expect(await delivered(env.l2, id)).toBe(true);
  });

  it("keeps a delivery the destination refuses (token paused) pending, logs why once, and delivers the messages behind it", async () => {
    const [a0, a1] = env.assets as [(typeof env.assets)[0], (typeof env.assets)[0]];
    const { r, lines, dataDir } = relayer({ retryMinMs: 1, retryMaxMs: 4 });
    await r.tick();
    await setPaused(a0.remoteToken, true);
    const blocked = await sendToL2(env.l1, a0, 7n);
    const blockedBlock = await env.l1.publicClient.getBlockNumber();
    const behind = await sendToL2(env.l1, a1, 8n);
    for (let i = 0; i < 3; i++) {
      await r.tick();
      await new Promise((res) => setTimeout(res, 5)); // past the 4 ms backoff: a retry each round
    }
    expect(await delivered(env.l2, behind)).toBe(true);
    expect(await delivered(env.l2, blocked)).toBe(false);
    const [p] = r.pending();
    expect(p).toMatchObject({ id: blocked, origin: 31337, destination: 31338 });
    expect(p!.attempts).toBeGreaterThanOrEqual(3);
    const said = lines.filter((l) => l.includes(blocked));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/paused/i);
    // The cursor stays below the pending message's block, on disk too.
    expect(readCursors(dataDir).get(31337)!.block).toBe(blockedBlock - 1n);
    await setPaused(a0.remoteToken, false);
    await until("the paused delivery goes through after unpause", async () => {
      await r.tick();
      return delivered(env.l2, blocked);
    });
    expect(r.pending()).toEqual([]);
    expect((await processCounts(env.l2)).get(blocked)).toBe(1);
  });

  it("reports an RPC failure as such and keeps the message, never as a refusal", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const failure = await env.l2.publicClient
      .simulateContract({
        address: env.l2.deployments.messaging!.mailbox,
        abi: hyperlaneMailboxAbi,
        functionName: "process",
        args: ["0x", "0x00"],
      })
      .then(() => undefined, classifyFailure);
    expect(failure?.kind).toBe("revert"); // a live node refusing: a revert
    const { r, lines } = relayer({
      chains: [
        { chainId: 31337, rpcUrl: env.l1.anvil.rpcUrl, deployments: env.l1.deployments },
        { chainId: 31338, rpcUrl: dead, deployments: env.l2.deployments },
      ],
    });
    const id = await sendToL2(env.l1, env.assets[0]!, 3n);
    await r.tick();
    await r.tick();
    const mine = r.pending().find((p) => p.id === id);
    expect(mine).toMatchObject({ attempts: 0 });
    expect(mine?.lastReason).toBeUndefined();
    expect(lines.filter((l) => /chain 31338: RPC failure/.test(l))).toHaveLength(1);
    expect(lines.some((l) => l.includes("refuses"))).toBe(false);
    // The same message through a live endpoint: delivered.
    const live = relayer();
    await live.r.tick();
    expect(await delivered(env.l2, id)).toBe(true);
  });

  it("wakes on newHeads over WebSocket (ws:// URLs) instead of waiting for the next poll", async () => {
    const ws = (url: string) => url.replace(/^http/, "ws");
    const { r } = relayer({
      chains: [
        { chainId: 31337, rpcUrl: ws(env.l1.anvil.rpcUrl), deployments: env.l1.deployments },
        { chainId: 31338, rpcUrl: ws(env.l2.anvil.rpcUrl), deployments: env.l2.deployments },
      ],
      pollIntervalMs: 600_000, // only a newHeads notification can start the next round within the test
    });
    const running = r.run();
    try {
      await until("the relayer's first round", async () => r.cursors().get(31337)! >= BigInt(env.l1.deployments.startBlock));
      const id = await sendToL2(env.l1, env.assets[1]!, 2n);
      await until("delivery woken by newHeads", () => delivered(env.l2, id), 20_000);
    } finally {
      await r.stop();
      await running;
    }
  });

  it("drops a message whose Dispatch block was reorged out of the source chain before delivery", async () => {
    const [a0, a1] = env.assets as [(typeof env.assets)[0], (typeof env.assets)[0]];
    const investor = env.l1.clients.wallets[2].account.address;
    const { r, lines } = relayer();
    await r.tick();
    await setPaused(a0.remoteToken, true); // holds the message pending until the reorg
    const snapshot = await rpc<Hex>(env.l1.anvil.rpcUrl, "evm_snapshot");
    const before = await env.l1.publicClient.readContract({ address: a0.token, abi: tokenAbi, functionName: "balanceOf", args: [investor] });
    const gone = await sendToL2(env.l1, a0, 5n);
    await r.tick();
    expect(r.pending().map((p) => p.id)).toEqual([gone]);
    // The source chain reorganises: the block with the Dispatch is replaced by one with another message.
    expect(await rpc<boolean>(env.l1.anvil.rpcUrl, "evm_revert", [snapshot])).toBe(true);
    const replacement = await sendToL2(env.l1, a1, 6n);
    expect(replacement).not.toBe(gone);
    await setPaused(a0.remoteToken, false);
    await r.tick();
    await r.tick();
    expect(await delivered(env.l2, replacement)).toBe(true);
    expect(await delivered(env.l2, gone)).toBe(false);
    expect(r.pending()).toEqual([]);
    expect(lines.some((l) => l.includes(gone) && /reorged out/.test(l))).toBe(true);
    // The burn went with the reorged block: nothing left in transit.
    expect(await env.l1.publicClient.readContract({ address: a0.token, abi: tokenAbi, functionName: "balanceOf", args: [investor] })).toBe(before);
  });
});
