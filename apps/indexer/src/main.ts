#!/usr/bin/env node
/**
 * The indexer as a process: `tsx apps/indexer/src/main.ts` (or `npm run start -w @tessera/indexer`).
 * Environment: RPC_URL, CHAIN_ID, DATABASE_URL, DEPLOYMENTS_DIR (see ARCHITECTURE.md). Waits for the
 * deployments file to appear, then follows the chain until SIGINT/SIGTERM, and exits after the range in
 * flight is committed. Exits with code 3 when the indexer halts (a reorg deeper than its journal: nothing deleted,
 * the reason in the log and in IndexerCursor.haltedReason). Does not migrate: run `migrate()` (npm start does) before.
 * Also works the platform's job queue (jobs.ts: pg-boss in the same database; scheduled corporate-action work such as
 * coupon record dates); when the queue cannot start, the indexer runs on and the log says why.
 */
import type { Deployments } from "@tessera/contracts";
import { createPool, pgliteUrl } from "@tessera/db";
import { deploymentsFilePath, readDeployments } from "@tessera/sdk/node";
import { createPublicClient, http } from "viem";
import { indexerConfig } from "./config.ts";
import { startIndexer } from "./indexer.ts";
import { startJobs, type Jobs } from "./jobs.ts";

/**
 * The chain's deployments file, once it exists (`npm start` writes it after deploying), read with the SDK's one
 * validated reader. Polls once a second (logging once) until the file appears.
 * @throws TesseraError `InvalidDeployments` naming the file and the problem (not JSON, a bad address, another chain)
 */
async function readDeploymentsWhenPresent(dir: string, chainId: number): Promise<Deployments> {
  let warned = false;
  for (;;) {
    const deployments = readDeployments(dir, chainId);
    if (deployments) return deployments;
    if (!warned) console.error(`[indexer] waiting for ${deploymentsFilePath(dir, chainId)} (deploy the platform first)`);
    warned = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function main(): Promise<void> {
  const config = indexerConfig();
  const deployments = await readDeploymentsWhenPresent(config.deploymentsDir, config.chainId);
  const databaseUrl = config.databaseUrl ?? pgliteUrl();
  const pool = createPool(databaseUrl, { poolSize: 2 });
  const indexer = startIndexer({
    pool,
    rpcUrl: config.rpcUrl,
    chainId: config.chainId,
    deployments,
    pollIntervalMs: config.pollIntervalMs,
    batchBlocks: config.batchBlocks,
    flushEvents: config.flushEvents,
    settleEvents: config.settleEvents,
    finalityDepth: config.finalityDepth,
    parallelWindows: config.parallelWindows,
  });
  console.log(`[indexer] chain ${config.chainId} at ${config.rpcUrl}, from block ${deployments.startBlock}`);
  // The indexed chain's time: the timestamp of the cursor's block, read from the chain (an RPC failure fails the run).
  const client = createPublicClient({ transport: http(config.rpcUrl) });
  const indexedTime = async () => {
    const r = await pool.query<{ lastBlock: string }>(`SELECT "lastBlock"::text AS "lastBlock" FROM "IndexerCursor" WHERE "chainId" = $1`, [config.chainId]);
    if (!r.rows[0]) return 0;
    return Number((await client.getBlock({ blockNumber: BigInt(r.rows[0].lastBlock) })).timestamp);
  };
  let jobs: Jobs | undefined;
  startJobs({ databaseUrl, pool, chainId: config.chainId, indexedTime, log: (l) => console.log(l) }).then(
    (j) => {
      jobs = j;
      console.log("[jobs] job queue started (coupon record dates every 15 minutes)");
    },
    (err: unknown) => console.error(`[jobs] job queue not started: ${err instanceof Error ? err.message : String(err)}`),
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[indexer] ${signal}: stopping`);
    await jobs?.stop().catch(() => {});
    await indexer.stop();
    await pool.end();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  // A reorg deeper than the journal: the indexer stopped and deleted nothing (IndexerCursor.haltedReason says why).
  // Exit non-zero so that a supervisor reports it; restarted, it stays halted until an operator re-indexes.
  void indexer.halted.then(async (error) => {
    if (stopping) return;
    stopping = true;
    console.error(`[indexer] fatal: ${error.message}`);
    await jobs?.stop().catch(() => {});
    await indexer.stop();
    await pool.end();
    process.exit(3);
  });
}

main().catch((err) => {
  console.error(`[indexer] fatal: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
