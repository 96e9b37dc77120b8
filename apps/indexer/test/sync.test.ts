// Sync: windows sized by the provider's limits and the logs they return (unit), and the head followed by an
// `eth_subscribe newHeads` WebSocket subscription (anvil serves WebSocket on its HTTP port), with polling as the fallback.
import type { Deployments } from "@tessera/contracts";
import { createPool } from "@tessera/db";
import { backends, type TestDatabase } from "@tessera/db/testing";
import { transfer } from "@tessera/sdk";
import { deployDevPlatform, devClients, startAnvil, type AnvilHandle, type DemoSeed } from "@tessera/sdk/node";
import type pg from "pg";
import type { PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIndexer, type Indexer } from "../src/index.ts";
import { WindowQueue, WindowSizer, type Window } from "../src/sync/historical.ts";
import { rpcProxy } from "./helpers.ts";

describe("WindowSizer", () => {
  it("halves on a refused range, shrinks above 20,000 logs, and grows back after quiet windows up to the accepted size", () => {
    const sizer = new WindowSizer(2000n);
    expect(sizer.plan(100n, 10_000n, 4n)).toEqual([[100n, 2099n], [2100n, 4099n], [4100n, 6099n], [6100n, 8099n]]);
    sizer.refused(100n, 2099n);
    expect(sizer.span).toBe(1000n);
    sizer.succeeded(50_000);
    expect(sizer.span).toBe(500n);
    sizer.succeeded(10);
    expect(sizer.span).toBe(1000n); // back to what the provider accepted, not beyond
    sizer.succeeded(10);
    expect(sizer.span).toBe(1000n);
    // Near the head the remaining range is cut evenly, no window below 16 blocks.
    expect(sizer.plan(100n, 119n, 4n)).toEqual([[100n, 115n], [116n, 119n]]);
  });
});

describe("WindowQueue", () => {
  /**
   * A fetch whose windows answer their logs, resolve or fail when the test says so; `started` lists the ranges asked
   * for, in order.
   */
  function controlledFetch() {
    const started: [bigint, bigint][] = [];
    const control = new Map<bigint, { logs: () => void; resolve: (w: Window) => void; reject: (e: Error) => void }>();
    const fetch = (from: bigint, to: bigint, onLogs: () => void) =>
      new Promise<Window>((resolve, reject) => {
        started.push([from, to]);
        control.set(from, { logs: onLogs, resolve, reject });
      });
    const window = (from: bigint, to: bigint): Window =>
      ({ from, to, toHash: `0x${to}`, parentHash: `0x${from - 1n}`, events: [], blockTimes: new Map(), logCount: 0, discovers: false });
    return {
      fetch,
      started,
      logs: (from: bigint) => control.get(from)!.logs(),
      answer: (from: bigint, to: bigint) => control.get(from)!.resolve(window(from, to)),
      fail: (from: bigint) => control.get(from)!.reject(new Error("503")),
    };
  }

  it("keeps N eth_getLogs windows in flight: the next starts as soon as one's logs answer, not when a batch of N drains", async () => {
    const rpc = controlledFetch();
    const queue = new WindowQueue(rpc.fetch, new WindowSizer(100n), 4n, 1n, 10_000n);
    queue.fill();
    expect(rpc.started).toEqual([[1n, 100n], [101n, 200n], [201n, 300n], [301n, 400n]]);
    // The second window's logs answer (its headers are still being fetched): a fifth window starts at once.
    rpc.logs(101n);
    expect(rpc.started).toHaveLength(5);
    expect(rpc.started[4]).toEqual([401n, 500n]);
    expect(queue.fetching).toBe(4);
    // Windows come out in chain order whatever order they answer in.
    rpc.answer(101n, 200n);
    rpc.logs(1n);
    rpc.answer(1n, 100n);
    expect((await queue.shift()!.window).to).toBe(100n);
    expect((await queue.shift()!.window).to).toBe(200n);
    expect(rpc.started[5]).toEqual([501n, 600n]);
    expect(queue.fetching).toBe(4);
    // A failed window frees its place too.
    rpc.fail(201n);
    await expect(queue.shift()!.window).rejects.toThrow("503");
    expect(rpc.started[6]).toEqual([601n, 700n]);
    expect(queue.fetching).toBe(4);
  });

  it("holds at most 2 × N windows not yet taken, however fast their logs answer", () => {
    const rpc = controlledFetch();
    const queue = new WindowQueue(rpc.fetch, new WindowSizer(100n), 2n, 1n, 10_000n);
    queue.fill();
    rpc.logs(1n);
    rpc.logs(101n);
    rpc.logs(201n);
    rpc.logs(301n);
    expect(queue.size).toBe(4);
    expect(rpc.started).toHaveLength(4);
    queue.shift();
    queue.fill();
    expect(rpc.started).toHaveLength(5);
  });

  it("stops at the head (the last windows cut evenly) and starts nothing after clear(), a dropped window's logs or failure notwithstanding", async () => {
    const rpc = controlledFetch();
    const queue = new WindowQueue(rpc.fetch, new WindowSizer(100n), 4n, 1n, 250n);
    queue.fill();
    expect(rpc.started).toEqual([[1n, 63n], [64n, 126n], [127n, 189n], [190n, 250n]]);
    rpc.logs(1n);
    rpc.answer(1n, 63n);
    await queue.shift()!.window;
    queue.fill();
    expect(rpc.started).toHaveLength(4); // the range up to the head is covered
    // A window that discovers contracts drops the windows fetched after it.
    queue.clear();
    rpc.logs(127n);
    rpc.fail(64n);
    queue.fill();
    expect(queue.shift()).toBeUndefined();
    expect(rpc.started).toHaveLength(4);
  });
});

describe.each(backends())("head following by newHeads subscription against anvil and $name", (backend) => {
  let anvil: AnvilHandle;
  let db: TestDatabase;
  let pool: pg.Pool;
  let publicClient: PublicClient;
  let wallets: Awaited<ReturnType<typeof devClients>>["wallets"];
  let deployments: Deployments;
  let seed: DemoSeed;
  const indexers: Indexer[] = [];

  beforeAll(async () => {
    anvil = await startAnvil();
    ({ publicClient, wallets } = await devClients(anvil.rpcUrl, 6));
    ({ deployments, demo: seed } = await deployDevPlatform(anvil.rpcUrl, { demo: true }));
    db = await backend.createMigrated();
    pool = createPool(db.url, { poolSize: 3 });
  });
  afterAll(async () => {
    for (const i of indexers) await i.stop().catch(() => {});
    await pool?.end();
    await db?.dispose();
    await anvil?.stop();
  });

  it("indexes a new block at once although its poll interval is ten minutes: the subscription wakes it", async () => {
    const chainId = await publicClient.getChainId();
    const indexer = startIndexer({ pool, rpcUrl: anvil.rpcUrl, chainId, deployments, pollIntervalMs: 600_000, log: () => {} });
    indexers.push(indexer);
    await indexer.waitForBlock(await publicClient.getBlockNumber());
    for (let i = 0; i < 3; i++) {
      const { receipt } = await transfer(wallets[2], publicClient, { token: seed.token, to: wallets[4].account.address, amount: 1n });
      // Without the subscription this waits for the ten-minute poll (the test's timeout fails it first).
      await indexer.waitForBlock(receipt.blockNumber);
      const { rows } = await pool.query(`SELECT 1 FROM "Transfer" WHERE "chainId" = $1 AND "txHash" = $2`, [chainId, receipt.transactionHash.toLowerCase()]);
      expect(rows).toHaveLength(1);
    }
    await indexer.stop();
  }, 60_000);

  it("falls back to polling where the endpoint has no WebSocket (an HTTP-only proxy)", async () => {
    const chainId = await publicClient.getChainId();
    const proxy = await rpcProxy(anvil.rpcUrl);
    const other = await backend.createMigrated();
    const otherPool = createPool(other.url, { poolSize: 2 });
    const logs: string[] = [];
    try {
      const indexer = startIndexer({ pool: otherPool, rpcUrl: proxy.url, chainId, deployments, pollIntervalMs: 50, log: (_, m) => logs.push(m) });
      indexers.push(indexer);
      await indexer.waitForBlock(await publicClient.getBlockNumber());
      const { receipt } = await transfer(wallets[2], publicClient, { token: seed.token, to: wallets[4].account.address, amount: 1n });
      await indexer.waitForBlock(receipt.blockNumber);
      await indexer.stop();
      expect(logs.some((l) => l.includes("no newHeads subscription"))).toBe(true);
    } finally {
      await otherPool.end();
      await other.dispose();
      await proxy.close();
    }
  }, 120_000);
});
