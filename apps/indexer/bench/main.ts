// `npm run bench:indexer`: how fast raw Transfer logs become committed cap-table rows, against the machine's own
// ceiling measured in the same run. Not part of `npm test`.
//
// For each holder count: (1) the ceiling: server-side COPY of the same rows from a file (what psql's COPY does) into
// the migrated "Transfer" table + one set-based balance upsert into "Holding"; (2) the indexer: a child process
// running toRawLog → decodeLog → PipelinedWriter/writeRange on the same history, produced lazily as eth_getLogs
// pages. Both start from an empty, migrated database on the same PostgreSQL server; the results are compared.
//
// Environment: BENCH_EVENTS (default 200000; the full run is 1000000), BENCH_HOLDERS (default
// "10000,1000000"), BENCH_FLUSH (events per transaction at most, default 10000 like INDEXER_FLUSH_EVENTS), BENCH_SETTLE
// (pending events that trigger a balance settlement, default 1000000 like INDEXER_SETTLE_EVENTS), BENCH_PAGE (logs per getLogs page,
// default 10000), BENCH_DATABASE_URL or DATABASE_URL (default postgres://tessera:tessera@127.0.0.1:5432/postgres;
// a superuser, for server-side COPY FROM a file), BENCH_ANVIL_EVENTS (events created on a real anvil chain and indexed
// over JSON-RPC with 1 and with 4 parallel eth_getLogs windows, straight from anvil and through a proxy adding
// BENCH_RPC_LATENCY_MS (default 50) per request, then the head latency, default 20000; 0 skips; the transactions are
// spread over BENCH_ANVIL_EMPTY_BLOCKS more empty blocks, default 5000), BENCH_HEAD_SAMPLES (transfers timed at the
// head, default 100).
import { spawn } from "node:child_process";
import { createWriteStream, chmodSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { tokenAbi } from "@tessera/contracts";
import { balanceAt, createPool, createPrisma, migrate } from "@tessera/db";
import { createPostgresDatabase, type TestDatabase } from "@tessera/db/testing";
import { deployPlatform, devClients, seedDemo, startAnvil } from "@tessera/sdk/node";
import pg from "pg";
import type { Abi } from "viem";
import { startIndexer } from "../src/indexer.ts";
import { rpcProxy } from "../test/helpers.ts";
import { BENCH_CHAIN_ID, BENCH_TOKEN, blockTime, START_BLOCK, syntheticTransfers, ZERO } from "./synthetic.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const HOLDERS = (process.env.BENCH_HOLDERS ?? "10000,1000000").split(",").map(Number).filter((n) => n > 0);
const FLUSH = Number(process.env.BENCH_FLUSH ?? 10_000);
const PAGE = Number(process.env.BENCH_PAGE ?? 10_000);
const SETTLE = Number(process.env.BENCH_SETTLE ?? 1_000_000);
const ADMIN_URL = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || "postgres://tessera:tessera@127.0.0.1:5432/postgres";
const SEED_TARGET = 100_000;
const ANVIL_EVENTS = Number(process.env.BENCH_ANVIL_EVENTS ?? 20_000);
const RPC_LATENCY_MS = Number(process.env.BENCH_RPC_LATENCY_MS ?? 50);
const ANVIL_EMPTY_BLOCKS = Number(process.env.BENCH_ANVIL_EMPTY_BLOCKS ?? 5000);
/** Single transfers timed from receipt to committed row once the indexer follows the head (p95 of 100: the 96th). */
const HEAD_SAMPLES = Math.max(1, Number(process.env.BENCH_HEAD_SAMPLES ?? 100));

/**
 * The figures issue 10 measured before the indexer followed heads by subscription and fetched a window's logs and
 * header at once (1M events, a quiet machine), printed next to this run's: compare rates only within one load level.
 */
const BEFORE = {
  proxy4: "3,921 ev/s",
  direct4: "23,842 ev/s",
  headLatency: "p50 251 ms, p95 407 ms (250 ms poll)",
};

const utcText = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, -1);

async function freshDatabase(): Promise<{ db: TestDatabase; client: pg.Client }> {
  const db = await createPostgresDatabase(ADMIN_URL);
  await migrate(db.url);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(
    `INSERT INTO "Asset" ("chainId", "token", "issuer", "compliance", "identityRegistry", "name", "symbol", "decimals",
       "assetClass", "totalSupply", "allowedCountries", "maxHolders", "maxBalance", "deployedBlock", "deployedTxHash", "deployedAt")
     VALUES ($1, $2, $3, $3, $3, 'Bench', 'BEN', 18, 0, 0, '{}', 0, 0, $4, $5, $6)`,
    [BENCH_CHAIN_ID, BENCH_TOKEN, ZERO, (START_BLOCK - 1n).toString(), "0x" + "00".repeat(32), utcText(blockTime(START_BLOCK))],
  );
  await client.query("CHECKPOINT");
  return { db, client };
}

async function writeCopyFile(file: string, holders: number): Promise<void> {
  const rows = function* () {
    let text = "";
    let n = 0;
    for (const t of syntheticTransfers(EVENTS, holders)) {
      const kind = t.from === ZERO ? "mint" : "transfer";
      text += `${BENCH_CHAIN_ID}\t${t.block}\t${t.logIndex}\t${t.txHash}\t${BENCH_TOKEN}\t${t.from}\t${t.to}\t${t.amount}\t${kind}\t${utcText(blockTime(t.block))}\n`;
      if (++n % 5000 === 0) {
        yield text;
        text = "";
      }
    }
    if (text) yield text;
  };
  await pipeline(Readable.from(rows()), createWriteStream(file));
  chmodSync(file, 0o644);
}

/** psql-style server-side COPY of the rows, then one set-based upsert of every balance, supply and holder count. */
async function ceiling(client: pg.Client, file: string): Promise<number> {
  const started = performance.now();
  await client.query("BEGIN");
  await client.query(
    `COPY "Transfer" ("chainId", "blockNumber", "logIndex", "txHash", "token", "from", "to", "amount", "kind", "blockTime") FROM '${file}'`,
  );
  await client.query(
    `INSERT INTO "Holding" ("chainId", "token", "wallet", "balance", "frozen", "frozenAmount", "firstAcquiredBlock", "updatedBlock")
     SELECT "chainId", "token", wallet, sum(d), false, 0, min(acquired), max(b) FROM (
       SELECT "chainId", "token", "to" AS wallet, "amount" AS d, "blockNumber" AS acquired, "blockNumber" AS b FROM "Transfer" WHERE "to" <> $1
       UNION ALL
       SELECT "chainId", "token", "from", -"amount", NULL, "blockNumber" FROM "Transfer" WHERE "from" <> $1
     ) AS x GROUP BY 1, 2, 3
     ON CONFLICT ("chainId", "token", "wallet") DO UPDATE SET "balance" = "Holding"."balance" + EXCLUDED."balance"`,
    [ZERO],
  );
  // Holders are identities: distinct holder keys (the wallet's identity in the asset's registry, else the wallet).
  await client.query(
    `UPDATE "Asset" AS a SET "totalSupply" = s.supply, "holderCount" = s.holders
     FROM (SELECT h."token", sum(h."balance") AS supply,
             count(DISTINCT COALESCE(i."identity", h."wallet")) FILTER (WHERE h."balance" > 0)::int AS holders
           FROM "Holding" AS h JOIN "Asset" AS x ON x."chainId" = h."chainId" AND x."token" = h."token"
           LEFT JOIN "Investor" AS i ON i."chainId" = h."chainId" AND i."identityRegistry" = x."identityRegistry" AND i."wallet" = h."wallet"
           GROUP BY 1) AS s
     WHERE a."token" = s."token"`,
  );
  await client.query("COMMIT");
  return (performance.now() - started) / 1000;
}

function runIndexer(url: string, holders: number): Promise<{ seconds: number; events: number; maxRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean), "--import", "tsx", path.join(here, "run-indexer.ts"), url, String(EVENTS), String(holders), String(FLUSH), String(PAGE), String(SETTLE)],
      { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`indexer bench exited with ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split("\n").pop()!));
    });
  });
}

/** Same cap table in both databases? (holder rows, sum and a wallet-weighted checksum of balances, supply, transfers) */
async function fingerprint(client: pg.Client): Promise<string> {
  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM "Transfer") AS transfers, count(*) AS holdings, sum("balance")::text AS total,
            sum(("balance" / 1000000000000000000) * (hashtext("wallet") % 1000))::text AS weighted,
            (SELECT "totalSupply"::text || '/' || "holderCount" FROM "Asset") AS asset
     FROM "Holding"`,
  );
  return JSON.stringify(rows[0]);
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.5)]!;

/** The cap-table reads the API serves, through Prisma as apps/web does: p50/p95 of 200 calls each. */
async function capTableLatency(url: string): Promise<string> {
  const prisma = createPrisma(url, { poolSize: 2 });
  try {
    const token = BENCH_TOKEN;
    const holders = await prisma.holding.count({ where: { chainId: BENCH_CHAIN_ID, token } });
    const page: number[] = [];
    const asOf: number[] = [];
    const wallets = (await prisma.$queryRawUnsafe<{ wallet: string }[]>(
      `SELECT "wallet" FROM "Holding" WHERE "chainId" = $1 ORDER BY random() LIMIT 200`, BENCH_CHAIN_ID,
    )).map((r) => r.wallet);
    const lastBlock = START_BLOCK + BigInt(Math.ceil(EVENTS / 100));
    for (let i = 0; i < 200; i++) {
      let t = performance.now();
      await prisma.holding.findMany({ where: { chainId: BENCH_CHAIN_ID, token }, orderBy: { balance: "desc" }, take: 50 });
      page.push(performance.now() - t);
      t = performance.now();
      const block = START_BLOCK + BigInt(Math.floor(Math.random() * Number(lastBlock - START_BLOCK)));
      await balanceAt(prisma, { chainId: BENCH_CHAIN_ID, token, wallet: wallets[i % wallets.length]!, block });
      asOf.push(performance.now() - t);
    }
    return `cap-table API with ${fmt(holders)} holders (Prisma, 200 calls each): first page of 50 by balance p50 ${p50(page).toFixed(1)} ms, ` +
      `p95 ${p95(page).toFixed(1)} ms; one holder's balance as of a random past block p50 ${p50(asOf).toFixed(1)} ms, p95 ${p95(asOf).toFixed(1)} ms`;
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * A real chain: anvil, the platform and the demo asset deployed, then batchTransfer transactions of 100 recipients
 * each until ANVIL_EVENTS Transfer events exist. The indexer (in this process, default settings) backfills them
 * over JSON-RPC; then it follows the head while single transfers are sent, and the time from a transfer's receipt
 * to its row being committed is measured.
 */
async function anvilRun(): Promise<string[]> {
  const anvil = await startAnvil();
  let db: TestDatabase | undefined;
  let pool: pg.Pool | undefined;
  try {
    const { publicClient, wallets } = await devClients(anvil.rpcUrl, 6);
    const [issuer, officer, inv1, inv2, inv3] = wallets;
    const deployments = await deployPlatform({ walletClient: issuer, publicClient, registryAgents: [officer.account.address] });
    const seed = await seedDemo({ rpcUrl: anvil.rpcUrl, deployments });
    const recipients = Array.from({ length: 100 }, (_, i) => (i % 2 ? inv2 : inv3).account.address);
    const amounts = recipients.map(() => 1n);
    const txs = Math.ceil(ANVIL_EVENTS / 100);
    let hash: `0x${string}` | undefined;
    // Spread over a longer chain, as on a real network: empty blocks after every tenth of the transactions.
    const gap = Math.floor(ANVIL_EMPTY_BLOCKS / 10);
    for (let i = 0; i < txs; i++) {
      hash = await inv1.writeContract({ address: seed.token, abi: tokenAbi as Abi, functionName: "batchTransfer", args: [recipients, amounts], gas: 10_000_000n } as never);
      if (gap > 0 && i % Math.max(1, Math.floor(txs / 10)) === 0) {
        await publicClient.waitForTransactionReceipt({ hash });
        // In steps of 50: a loaded machine's anvil takes longer than viem's 10 s timeout for 500 blocks at once.
        for (let left = gap; left > 0; left -= 50) {
          await publicClient.request({ method: "anvil_mine", params: [`0x${Math.min(50, left).toString(16)}`] } as never);
        }
      }
    }
    await publicClient.waitForTransactionReceipt({ hash: hash! });
    const head = await publicClient.getBlockNumber();

    // The same backfill with one eth_getLogs window at a time, then with the default parallel windows (fresh database
    // each), straight from anvil and through a proxy that delays every HTTP request by RPC_LATENCY_MS (a remote
    // provider's round trip); the last indexer then follows the head.
    const proxy = await rpcProxy(anvil.rpcUrl, { latencyMs: RPC_LATENCY_MS });
    const backfills: string[] = [];
    let indexer: ReturnType<typeof startIndexer> | undefined;
    const runs = [
      // A remote provider: a round trip per request and windows of at most 100 blocks (providers cap eth_getLogs ranges).
      { rpcUrl: proxy.url, parallelWindows: 1, batchBlocks: 100, via: `a proxy adding ${RPC_LATENCY_MS} ms per request, 100-block windows`, before: "" },
      { rpcUrl: proxy.url, parallelWindows: 4, batchBlocks: 100, via: `a proxy adding ${RPC_LATENCY_MS} ms per request, 100-block windows`, before: BEFORE.proxy4 },
      { rpcUrl: anvil.rpcUrl, parallelWindows: 1, batchBlocks: undefined, via: "anvil directly", before: "" },
      { rpcUrl: anvil.rpcUrl, parallelWindows: 4, batchBlocks: undefined, via: "anvil directly", before: BEFORE.direct4 },
    ];
    for (const [i, { rpcUrl, parallelWindows, batchBlocks, via, before }] of runs.entries()) {
      if (pool) await pool.end();
      if (db) await db.dispose();
      const fresh = await freshDatabase();
      await fresh.client.end();
      db = fresh.db;
      pool = createPool(db.url, { poolSize: 3 });
      const started = performance.now();
      indexer = startIndexer({ pool, rpcUrl, chainId: deployments.chainId, deployments, parallelWindows, batchBlocks, log: () => {} });
      await indexer.waitForBlock(head);
      const seconds = (performance.now() - started) / 1000;
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Transfer"`);
      backfills.push(
        `anvil: ${fmt(rows[0]!.n)} Transfer events in ${fmt(txs)} batchTransfer transactions (${head} blocks) backfilled over JSON-RPC ` +
          `from ${via}, ${parallelWindows} eth_getLogs window${parallelWindows > 1 ? "s" : ""} at a time: ${seconds.toFixed(1)} s = ` +
          `${fmt(rows[0]!.n / seconds)} ev/s` + (before ? ` (before: ${before})` : ""),
      );
      if (i < runs.length - 1) await indexer.stop();
    }
    await proxy.close();
    const activePool = pool!;

    const latencies: number[] = [];
    for (let i = 0; i < HEAD_SAMPLES; i++) {
      const h = await inv2.writeContract({ address: seed.token, abi: tokenAbi as Abi, functionName: "transfer", args: [inv1.account.address, 1n] } as never);
      await publicClient.waitForTransactionReceipt({ hash: h, pollingInterval: 5 });
      const t0 = performance.now();
      for (;;) {
        const r = await activePool.query(`SELECT 1 FROM "Transfer" WHERE "txHash" = $1`, [h.toLowerCase()]);
        if (r.rowCount) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      latencies.push(performance.now() - t0);
    }
    await indexer!.stop();
    return [
      ...backfills,
      `head latency (receipt → row committed, newHeads subscription with the 250 ms poll as fallback, ${HEAD_SAMPLES} transfers): ` +
        `p50 ${p50(latencies).toFixed(0)} ms, p95 ${p95(latencies).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms (before: ${BEFORE.headLatency})`,
    ];
  } finally {
    await pool?.end();
    await db?.dispose();
    await anvil.stop();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const pct = (n: number) => `${(n * 100).toFixed(0)}%`;

console.log(
  `bench:indexer: ${fmt(EVENTS)} Transfer logs, holders ${HOLDERS.map(fmt).join(" / ")}, ${fmt(FLUSH)} events per transaction, balances settled every ${fmt(SETTLE)} events, ` +
    `${fmt(PAGE)} logs per getLogs page, PostgreSQL at ${new URL(ADMIN_URL).host}`,
);
const rows: string[][] = [];
let apiLatency = "";
for (const holders of HOLDERS) {
  const file = path.join(tmpdir(), `tessera-bench-${process.pid}-${holders}.tsv`);
  const a = await freshDatabase();
  const b = await freshDatabase();
  try {
    const genStarted = performance.now();
    await writeCopyFile(file, holders);
    const genSeconds = (performance.now() - genStarted) / 1000;
    const ceilingSeconds = await ceiling(a.client, file);
    await b.client.query("CHECKPOINT");
    const indexer = await runIndexer(b.db.url, holders);
    const [fa, fb] = [await fingerprint(a.client), await fingerprint(b.client)];
    if (fa !== fb) throw new Error(`the indexer's tables differ from the ceiling's:\n  ceiling ${fa}\n  indexer ${fb}`);
    if (holders === Math.max(...HOLDERS)) apiLatency = await capTableLatency(b.db.url);
    const ceilingRate = EVENTS / ceilingSeconds;
    const indexerRate = indexer.events / indexer.seconds;
    rows.push([
      fmt(holders),
      `${fmt(ceilingRate)} ev/s (${ceilingSeconds.toFixed(1)} s)`,
      `${fmt(indexerRate)} ev/s (${indexer.seconds.toFixed(1)} s)`,
      pct(indexerRate / ceilingRate),
      pct(indexerRate / SEED_TARGET),
      `${fmt(indexer.maxRssMb)} MB`,
      `${genSeconds.toFixed(1)} s`,
    ]);
    console.log(`  ${fmt(holders)} holders: tables equal (${fa})`);
  } finally {
    rmSync(file, { force: true });
    for (const x of [a, b]) {
      await x.client.end();
      await x.db.dispose();
    }
  }
}
const header = ["holders", "ceiling (COPY + 1 upsert)", "indexer (raw logs → rows)", "of ceiling", "of 100k ev/s", "indexer peak RSS", "rows file gen"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => "| " + r.map((c, i) => c.padEnd(widths[i]!)).join(" | ") + " |";
console.log(line(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const r of rows) console.log(line(r));
if (apiLatency) console.log(apiLatency);
if (ANVIL_EVENTS > 0) for (const l of await anvilRun()) console.log(l);
