// Sync: windows sized by the provider's limits and the logs they return (unit), and the head followed by an
// `eth_subscribe newHeads` WebSocket subscription (anvil serves WebSocket on its HTTP port), with polling as the fallback.
import type { Deployments } from "@tessera/contracts";
import { createPool } from "@tessera/db";
import { backends, type TestDatabase } from "@tessera/db/testing";
import { transfer } from "@tessera/sdk";
import { deployPlatform, devClients, seedDemo, startAnvil, type AnvilHandle, type DemoSeed } from "@tessera/sdk/node";
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
  /** A fetch whose windows resolve (or fail) when the test says so; `started` lists the ranges asked for, in order. */
  function controlledFetch() {
    const started: [bigint, bigint][] = [];
    const settle = new Map<bigint, { resolve: (w: Window) => void; reject: (e: Error) => void }>();
    const fetch = (from: bigint, to: bigint) =>
      new Promise<Window>((resolve, reject) => {
        started.push([from, to]);
        settle.set(from, { resolve, reject });
      });
    const window = (from: bigint, to: bigint): Window =>
      ({ from, to, toHash: `0x${to}`, parentHash: `0x${from - 1n}`, events: [], blockTimes: new Map(), logCount: 0, discovers: false });
    const answer = (from: bigint, to: bigint) => settle.get(from)!.resolve(window(from, to));
    return { fetch, started, answer, fail: (from: bigint) => settle.get(from)!.reject(new Error("503")) };
  }

  it("keeps N windows in flight: the next one starts as soon as the oldest is taken, not when a batch of N drains", async () => {
    const rpc = controlledFetch();
    const queue = new WindowQueue(rpc.fetch, new WindowSizer(100n), 4n, 1n, 10_000n);
    queue.fill();
    expect(rpc.started).toEqual([[1n, 100n], [101n, 200n], [201n, 300n], [301n, 400n]]);
    // The oldest answers while the three after it are still outstanding: taking it starts a fifth window at once.
    rpc.answer(1n, 100n);
    const first = queue.shift()!;
    expect((await first.window).to).toBe(100n);
    queue.fill();
    expect(rpc.started).toHaveLength(5);
    expect(rpc.started[4]).toEqual([401n, 500n]);
    expect(queue.size).toBe(4);
    // Windows come out in chain order whatever order their answers arrive in.
    rpc.answer(301n, 400n);
    rpc.answer(101n, 200n);
    expect((await queue.shift()!.window).from).toBe(101n);
    queue.fill();
    expect(rpc.started[5]).toEqual([501n, 600n]);
    expect(queue.size).toBe(4);
  });

  it("stops at the head (the last windows cut evenly) and starts nothing after clear(); a dropped window's failure is ignored", async () => {
    const rpc = controlledFetch();
    const queue = new WindowQueue(rpc.fetch, new WindowSizer(100n), 4n, 1n, 250n);
    queue.fill();
    expect(rpc.started).toEqual([[1n, 63n], [64n, 126n], [127n, 189n], [190n, 250n]]);
    rpc.answer(1n, 63n);
    await queue.shift()!.window;
    queue.fill();
    expect(rpc.started).toHaveLength(4); // the range up to the head is covered
    // A window that discovers contracts drops the windows fetched after it.
    rpc.fail(64n);
    queue.clear();
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
    deployments = await deployPlatform({ walletClient: wallets[0], publicClient, registryAgents: [wallets[1].account.address] });
    seed = await seedDemo({ rpcUrl: anvil.rpcUrl, deployments });
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
