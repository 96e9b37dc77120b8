// buildOrLoadChainState: a chain loaded from the first build's dump is the chain the build made (blocks, logs, code,
// balances, nonces), and the cases that must build for real do.
import { afterEach, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { buildOrLoadChainState, devClients, rpc, startAnvil, type AnvilHandle } from "@tessera/sdk/node";

const started: AnvilHandle[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((a) => a.stop()));
});

async function chain(chainId?: number) {
  const anvil = await startAnvil({ chainId });
  started.push(anvil);
  return { anvil, ...(await devClients(anvil.rpcUrl, 2)) };
}

/** Three transactions from account 0 (value transfers to account 1); returns how many times it ran. */
function builder() {
  let runs = 0;
  const build = async (c: Awaited<ReturnType<typeof chain>>) => {
    runs++;
    for (let i = 0; i < 3; i++) {
      const hash = await c.wallets[0].sendTransaction({ to: c.wallets[1].account.address, value: 1000n + BigInt(i), chain: null });
      await c.publicClient.waitForTransactionReceipt({ hash });
    }
    return { block: await c.publicClient.getBlockNumber(), note: "built" };
  };
  return { build, runs: () => runs };
}

describe("buildOrLoadChainState", () => {
  it("loads the first build's chain into the next fresh chain: same blocks, hashes, balances and nonces, no transaction sent", async () => {
    const key = `test-${Math.random()}`;
    const b = builder();
    const first = await chain();
    const r1 = await buildOrLoadChainState(first.anvil.rpcUrl, key, () => b.build(first));
    const second = await chain();
    const r2 = await buildOrLoadChainState(second.anvil.rpcUrl, key, () => b.build(second));
    expect(b.runs()).toBe(1);
    expect(r2).toEqual(r1);
    expect(r2).not.toBe(r1);
    const [h1, h2] = await Promise.all([first.publicClient.getBlock(), second.publicClient.getBlock()]);
    expect(h2.number).toBe(3n);
    expect(h2.hash).toBe(h1.hash);
    const bob = first.wallets[1].account.address;
    expect(await second.publicClient.getBalance({ address: bob })).toBe(await first.publicClient.getBalance({ address: bob }));
    const alice = first.wallets[0].account.address;
    expect(await second.publicClient.getTransactionCount({ address: alice })).toBe(3);
    // The loaded chain goes on: a new transaction mines block 4.
    const hash = await second.wallets[0].sendTransaction({ to: bob, value: 1n, chain: null });
    expect((await second.publicClient.waitForTransactionReceipt({ hash })).blockNumber).toBe(4n);
  });

  it("builds for real on a chain that is not fresh, on another chain id, and when asked for past states", async () => {
    const key = `test-${Math.random()}`;
    const b = builder();
    const first = await chain();
    await buildOrLoadChainState(first.anvil.rpcUrl, key, () => b.build(first));
    const used = await chain();
    await rpc<Hex>(used.anvil.rpcUrl, "evm_mine");
    await buildOrLoadChainState(used.anvil.rpcUrl, key, () => b.build(used));
    expect(b.runs()).toBe(2);
    const other = await chain(31338);
    await buildOrLoadChainState(other.anvil.rpcUrl, key, () => b.build(other));
    expect(b.runs()).toBe(3);
    const past = await chain();
    await buildOrLoadChainState(past.anvil.rpcUrl, key, () => b.build(past), { pastStates: true });
    expect(b.runs()).toBe(4);
    // Past states exist on a built chain: the balance as of block 1.
    const bob = past.wallets[1].account.address;
    expect(await past.publicClient.getBalance({ address: bob, blockNumber: 1n })).toBeGreaterThan(0n);
  });
});
