// Crash safety and a hostile RPC: the indexer killed with SIGKILL in the middle of a backfill and restarted, and an
// indexer behind a provider that refuses wide eth_getLogs windows and fails requests now and then, must both end
// with tables equal, row for row (md5 over every row), to a clean run.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Deployments } from "@tessera/contracts";
import { tokenAbi } from "@tessera/contracts";
import { createPool, migrate, startPgliteServer } from "@tessera/db";
import { backends, type TestDatabase } from "@tessera/db/testing";
import { deployDevPlatform, devClients, startAnvil, writeDeployments, type AnvilHandle, type DemoSeed } from "@tessera/sdk/node";
import pg from "pg";
import type { Abi, PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIndexer } from "../src/index.ts";
import { checksums, rpcProxy } from "./helpers.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");

async function cursorOf(url: string, chainId: number): Promise<bigint | undefined> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // Progress of the rows written (Transfer rows run ahead of the settled balances while backfilling).
    const { rows } = await c.query<{ b: string }>(
      `SELECT COALESCE("backfillBlock", "lastBlock")::text AS b FROM "IndexerCursor" WHERE "chainId" = $1`,
      [chainId],
    );
    return rows[0] ? BigInt(rows[0].b) : undefined;
  } catch {
    return undefined;
  } finally {
    await c.end();
  }
}

/** Whether the cursor has Transfer rows written past its settled balances (a deferred backfill stretch). */
async function pendingOf(url: string, chainId: number): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT 1 FROM "IndexerCursor" WHERE "chainId" = $1 AND "backfillBlock" IS NOT NULL`, [chainId]);
    return rows.length > 0;
  } finally {
    await c.end();
  }
}


describe.each(backends())("indexer crash safety and flaky RPC on $name", (backend) => {
  let anvil: AnvilHandle;
  let publicClient: PublicClient;
  let deployments: Deployments;
  let seed: DemoSeed;
  let chainId: number;
  let head: bigint;
  let deploymentsDir: string;
  let reference: Record<string, string>;
  const dbs: TestDatabase[] = [];
  const children: ChildProcess[] = [];

  const freshDb = async () => {
    const db = await backend.createMigrated();
    dbs.push(db);
    return db;
  };
  /** Indexes up to `head` and stops; `faulty` (a flaky provider in front): back off in tens of ms, not hundreds. */
  const cleanRun = async (url: string, rpcUrl: string, batchBlocks?: number, faulty = false) => {
    const pool = createPool(url, { poolSize: 2 });
    const backoff = faulty ? { pollIntervalMs: 20, rpcRetryDelayMs: 5 } : {};
    const indexer = startIndexer({ pool, rpcUrl, chainId, deployments, batchBlocks, ...backoff, log: () => {} });
    try {
      await indexer.waitForBlock(head);
    } finally {
      await indexer.stop();
      await pool.end();
    }
  };

  beforeAll(async () => {
    anvil = await startAnvil();
    const clients = await devClients(anvil.rpcUrl, 6);
    publicClient = clients.publicClient;
    const [issuer, , inv1, inv2, inv3] = clients.wallets;
    chainId = await publicClient.getChainId();
    ({ deployments, demo: seed } = await deployDevPlatform(anvil.rpcUrl, { demo: true }));
    // A history of 150 blocks with 3 transfers each (batchTransfer), and mints now and then.
    const to = [inv2.account.address, inv3.account.address, inv2.account.address];
    let last: `0x${string}` | undefined;
    for (let i = 0; i < 150; i++) {
      last =
        i % 10 === 9
          ? await issuer.writeContract({ address: seed.token, abi: tokenAbi as Abi, functionName: "mint", args: [inv1.account.address, 10n ** 18n] } as never)
          : await inv1.writeContract({ address: seed.token, abi: tokenAbi as Abi, functionName: "batchTransfer", args: [to, [1n + BigInt(i), 2n, 3n]] } as never);
    }
    await publicClient.waitForTransactionReceipt({ hash: last! });
    head = await publicClient.getBlockNumber();
    deploymentsDir = mkdtempSync(path.join(tmpdir(), "tessera-deployments-"));
    writeDeployments(deploymentsDir, deployments);
    const clean = await freshDb();
    await cleanRun(clean.url, anvil.rpcUrl);
    reference = await checksums(clean.url, chainId);
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    for (const db of dbs) await db.dispose().catch(() => {});
    await anvil?.stop();
    if (deploymentsDir) rmSync(deploymentsDir, { recursive: true, force: true });
  });

  it("has a history worth crashing in", () => {
    expect(reference.Transfer).toMatch(/^4\d\d rows/);
    expect(head - BigInt(deployments.startBlock)).toBeGreaterThan(150n);
  });

  it("killed with SIGKILL mid-backfill and restarted, ends with the same rows as a clean run", async () => {
    const db = await freshDb();
    // `node --import tsx`, not the tsx command: SIGKILL on tsx's wrapper process would leave the indexer itself
    // running (an orphan still writing), so the kill would not be the crash this test means.
    const spawnIndexer = () => {
      const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "apps/indexer/src/main.ts")], {
        cwd: repoRoot,
        env: {
          ...process.env,
          RPC_URL: anvil.rpcUrl,
          CHAIN_ID: String(chainId),
          DATABASE_URL: db.url,
          DEPLOYMENTS_DIR: deploymentsDir,
          // Small windows and transactions: many commits, so the kill lands in the middle of the backfill.
          INDEXER_BATCH_BLOCKS: "2",
          INDEXER_FLUSH_EVENTS: "1",
        },
        stdio: "ignore",
      });
      children.push(child);
      return child;
    };
    const first = spawnIndexer();
    const start = BigInt(deployments.startBlock);
    const killAt = start + (head - start) / 3n;
    let seen: bigint | undefined;
    for (let i = 0; i < 600; i++) {
      seen = await cursorOf(db.url, chainId);
      if (seen !== undefined && seen >= killAt) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const exited = new Promise((resolve) => first.once("exit", resolve));
    first.kill("SIGKILL");
    await exited;
    const atKill = await cursorOf(db.url, chainId);
    // Killed in the middle of a backfill stretch whose balances were not settled yet (written ahead of lastBlock).
    expect(await pendingOf(db.url, chainId)).toBe(true);
    expect(atKill).toBeGreaterThanOrEqual(killAt);
    expect(atKill).toBeLessThan(head);
    expect(await checksums(db.url, chainId)).not.toEqual(reference);

    const second = spawnIndexer();
    for (let i = 0; i < 1200 && ((await cursorOf(db.url, chainId)) ?? 0n) < head; i++) await new Promise((r) => setTimeout(r, 50));
    const done = new Promise((resolve) => second.once("exit", resolve));
    second.kill("SIGTERM");
    await done;
    expect(await checksums(db.url, chainId)).toEqual(reference);
  });

  it.runIf(backend.name === "pglite")("pauses through a database outage mid-backfill and resumes without loss", async () => {
    // Our own PGlite server, so that it can be stopped and started again on the same data folder and port.
    const dataDir = mkdtempSync(path.join(tmpdir(), "tessera-outage-"));
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    let server = await startPgliteServer({ dataDir, port });
    const pool = createPool(server.url, { poolSize: 2 });
    const warnings: string[] = [];
    let indexer: ReturnType<typeof startIndexer> | undefined;
    try {
      await migrate(server.url);
      indexer = startIndexer({
        pool, rpcUrl: anvil.rpcUrl, chainId, deployments, batchBlocks: 2, flushEvents: 1, pollIntervalMs: 50,
        log: (level, m) => level !== "info" && warnings.push(m),
      });
      const start = BigInt(deployments.startBlock);
      await indexer.waitForBlock(start + (head - start) / 3n);
      await server.stop(); // outage
      // The indexer reports the outage (polled, not a fixed sleep: under load the first failed write may come late).
      await expect.poll(() => warnings.length, { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
      server = await startPgliteServer({ dataDir, port });
      await indexer.waitForBlock(head);
      await indexer.stop();
      expect(await checksums(server.url, chainId)).toEqual(reference);
    } finally {
      await indexer?.stop().catch(() => {});
      await pool.end().catch(() => {});
      await server.stop().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("behind a provider that refuses wide eth_getLogs ranges and fails 1 request in 7, shrinks its windows, retries and ends equal", async () => {
    const proxy = await rpcProxy(anvil.rpcUrl, { maxRange: 8, failEvery: 7 });
    try {
      const db = await freshDb();
      await cleanRun(db.url, proxy.url, 64, true);
      expect(proxy.stats.refusedRanges).toBeGreaterThan(0);
      expect(proxy.stats.failed).toBeGreaterThan(0);
      expect(await checksums(db.url, chainId)).toEqual(reference);
    } finally {
      await proxy.close();
    }
  });
});
