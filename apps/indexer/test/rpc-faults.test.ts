// The indexer must never throw the database away. An RPC that fails or lags is not a reorg: eth_getBlockByNumber
// answered with HTTP 503 or with a null block (a lagging node) for a while mid-follow must leave every row in place
// (row counts of the cap table never drop, sampled throughout) and end equal to a clean run. A real reorg deeper than
// the journal stops the indexer with a clear error, recorded in IndexerCursor.haltedReason, and deletes nothing.
import type { Deployments } from "@tessera/contracts";
import { createPool } from "@tessera/db";
import { backends, type TestDatabase } from "@tessera/db/testing";
import { transfer } from "@tessera/sdk";
import { deployDevPlatform, devClients, startAnvil, type AnvilHandle, type DemoSeed } from "@tessera/sdk/node";
import type pg from "pg";
import type { PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IndexerHaltedError, startIndexer, type Indexer } from "../src/index.ts";
import { checksums, rpcProxy, sampleRowCounts, until, type Fault } from "./helpers.ts";


describe.each(backends())("indexer behind a failing RPC, and a reorg deeper than its journal, on $name", (backend) => {
  let anvil: AnvilHandle;
  let publicClient: PublicClient;
  let wallets: Awaited<ReturnType<typeof devClients>>["wallets"];
  let deployments: Deployments;
  let seed: DemoSeed;
  let chainId: number;
  const dbs: TestDatabase[] = [];
  const pools: pg.Pool[] = [];
  const indexers: Indexer[] = [];

  const freshDb = async () => {
    const db = await backend.createMigrated();
    dbs.push(db);
    const pool = createPool(db.url, { poolSize: 2 });
    pools.push(pool);
    return { url: db.url, pool };
  };
  const run = (pool: pg.Pool, rpcUrl: string, logs: string[], extra: { finalityDepth?: number } = {}) => {
    const indexer = startIndexer({
      // Short RPC retry delays: the faults are the point, not viem's back-off (200 ms doubling by default).
      pool, rpcUrl, chainId, deployments, pollIntervalMs: 50, rpcRetryDelayMs: 5, ...extra,
      log: (level, message) => logs.push(`${level}: ${message}`),
    });
    indexers.push(indexer);
    return indexer;
  };
  /** A few transfers between the seeded investors, each in its own block. */
  const someTransfers = async (n: number) => {
    const [, , inv1, inv2, inv3] = wallets;
    let last: bigint = 0n;
    for (let i = 0; i < n; i++) {
      const { receipt } = await transfer(inv1, publicClient, { token: seed.token, to: (i % 2 ? inv2 : inv3).account.address, amount: 10n ** 15n + BigInt(i) });
      last = receipt.blockNumber;
    }
    return last;
  };

  beforeAll(async () => {
    anvil = await startAnvil();
    ({ publicClient, wallets } = await devClients(anvil.rpcUrl, 6));
    chainId = await publicClient.getChainId();
    ({ deployments, demo: seed } = await deployDevPlatform(anvil.rpcUrl, { demo: true }));
    await someTransfers(3);
  });
  afterAll(async () => {
    for (const i of indexers) await i.stop().catch(() => {});
    for (const p of pools) await p.end().catch(() => {});
    for (const db of dbs) await db.dispose().catch(() => {});
    await anvil?.stop();
  });

  // 25 failed requests: what about 30 s of a failing method costs the indexer with its default settings (each step
  // tries 5 times over about 3 s, then backs off 0.5, 1, 2, 4, 8 s). A null answer is not retried by viem: 6 steps.
  it.each<{ method: string; fault: Fault; failures: number; what: string }>([
    { method: "eth_getBlockByNumber", fault: "http503", failures: 25, what: "fails eth_getBlockByNumber with HTTP 503" },
    { method: "eth_getBlockByNumber", fault: "null", failures: 6, what: "answers eth_getBlockByNumber with a null block (a lagging node)" },
    { method: "eth_getLogs", fault: "null", failures: 4, what: "answers eth_getLogs with null instead of a list" },
  ])("while the RPC $what mid-follow and transfers go on, no row disappears and the tables end equal to a clean run", async ({ method, fault, failures }) => {
    const proxy = await rpcProxy(anvil.rpcUrl);
    const logs: string[] = [];
    const { url, pool } = await freshDb();
    const indexer = run(pool, proxy.url, logs);
    await indexer.waitForBlock(await publicClient.getBlockNumber());
    const sampler = sampleRowCounts(url, chainId);
    let duringFault = 0;
    try {
      await until(() => sampler.samples.length > 0, "a first sample");
      expect(sampler.samples[0]!.Transfer).toBeGreaterThan(0);
      proxy.fault(method, fault);
      // The chain moves on while the RPC fails (transactions straight to anvil).
      const last = await someTransfers(3);
      await until(() => proxy.stats.faulted >= failures, `${failures} faulted requests`);
      duringFault = sampler.samples.length;
      proxy.heal();
      await indexer.waitForBlock(last);
      await indexer.stop();
    } finally {
      await sampler.stop();
      await proxy.close();
    }
    expect(duringFault).toBeGreaterThan(1);
    expect(sampler.drops, "row counts of Asset, Holding, Transfer, Investor must never drop").toEqual([]);
    expect(logs.filter((l) => /rolling back|deeper than the journal|re-indexing|halted/i.test(l))).toEqual([]);
    // Reported in the log, naming the method that failed.
    expect(logs.some((l) => l.startsWith("warn:") && l.includes(method)), logs.join("\n")).toBe(true);

    const clean = await freshDb();
    const reference = run(clean.pool, anvil.rpcUrl, []);
    await reference.waitForBlock(await publicClient.getBlockNumber());
    await reference.stop();
    expect(await checksums(url, chainId)).toEqual(await checksums(clean.url, chainId));
  }, 300_000); // a fault worth 30 s, two indexings from the start block, on a loaded machine

  it("stops with a clear error on a reorg deeper than its journal, deletes nothing, and stays stopped when restarted", async () => {
    const logs: string[] = [];
    const { url, pool } = await freshDb();
    // A journal of 2 blocks: a reorg of 6 blocks is deeper than it.
    const indexer = run(pool, anvil.rpcUrl, logs, { finalityDepth: 2 });
    await indexer.waitForBlock(await publicClient.getBlockNumber());
    const snapshot = (await publicClient.request({ method: "evm_snapshot" } as never)) as string;
    const orphaned = await someTransfers(6);
    await indexer.waitForBlock(orphaned);
    const before = await checksums(url, chainId);
    const sampler = sampleRowCounts(url, chainId);
    let halt: IndexerHaltedError | undefined;
    try {
      await publicClient.request({ method: "evm_revert", params: [snapshot] } as never);
      // Another history, longer than the orphaned one: the indexed blocks' hashes are now provably different.
      await publicClient.request({ method: "anvil_mine", params: ["0x10"] } as never);
      halt = await indexer.halted;
    } finally {
      await sampler.stop();
    }
    expect(halt).toBeInstanceOf(IndexerHaltedError);
    expect(halt!.message).toMatch(/reorg deeper than the journal/);
    expect(halt!.message).toMatch(/nothing (was )?deleted/i);
    await expect(indexer.waitForBlock(orphaned + 100n)).rejects.toBeInstanceOf(IndexerHaltedError);
    expect(logs.some((l) => l.startsWith("error:") && l.includes("reorg deeper than the journal")), logs.join("\n")).toBe(true);
    expect(sampler.drops).toEqual([]);
    expect(await checksums(url, chainId)).toEqual(before);
    const { rows } = await pool.query<{ haltedReason: string | null }>(`SELECT "haltedReason" FROM "IndexerCursor" WHERE "chainId" = $1`, [chainId]);
    expect(rows[0]!.haltedReason).toMatch(/reorg deeper than the journal/);

    // Restarted on the same database, it reads the halt and does not touch the tables either.
    const again = run(pool, anvil.rpcUrl, logs, { finalityDepth: 2 });
    expect(await again.halted).toBeInstanceOf(IndexerHaltedError);
    await again.stop();
    expect(await checksums(url, chainId)).toEqual(before);
  });
});
