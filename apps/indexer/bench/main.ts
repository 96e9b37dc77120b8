// `npm run bench:indexer`: how fast raw Transfer logs become committed cap-table rows, against the machine's own
// ceiling measured in the same run. Not part of `npm test`.
//
// For each holder count: (1) the ceiling: server-side COPY of the same rows from a file (what psql's COPY does) into
// the migrated "Transfer" table + one set-based balance upsert into "Holding"; (2) the indexer: a child process
// running toRawLog → decodeLog → PipelinedWriter/writeRange on the same history, produced lazily as eth_getLogs
// pages. Both start from an empty, migrated database on the same PostgreSQL server; the results are compared.
//
// Environment: BENCH_EVENTS (default 200000; the full run is 1000000), BENCH_HOLDERS (default
// "10000,1000000"), BENCH_FLUSH (events per transaction, default 250000), BENCH_PAGE (logs per getLogs page,
// default 10000), BENCH_DATABASE_URL or DATABASE_URL (default postgres://tessera:tessera@127.0.0.1:5432/postgres;
// a superuser, for server-side COPY FROM a file).
import { spawn } from "node:child_process";
import { createWriteStream, chmodSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { migrate } from "@tessera/db";
import { createPostgresDatabase, type TestDatabase } from "@tessera/db/testing";
import pg from "pg";
import { BENCH_CHAIN_ID, BENCH_TOKEN, blockTime, START_BLOCK, syntheticTransfers, ZERO } from "./synthetic.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const HOLDERS = (process.env.BENCH_HOLDERS ?? "10000,1000000").split(",").map(Number);
const FLUSH = Number(process.env.BENCH_FLUSH ?? 250_000);
const PAGE = Number(process.env.BENCH_PAGE ?? 10_000);
const ADMIN_URL = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || "postgres://tessera:tessera@127.0.0.1:5432/postgres";
const SEED_TARGET = 100_000;

const utcText = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, -1);

async function freshDatabase(): Promise<{ db: TestDatabase; client: pg.Client }> {
  const db = await createPostgresDatabase(ADMIN_URL);
  await migrate(db.url);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(
    `INSERT INTO "Asset" ("chainId", "address", "issuer", "compliance", "identityRegistry", "name", "symbol", "decimals",
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
  await client.query(
    `UPDATE "Asset" AS a SET "totalSupply" = s.supply, "holderCount" = s.holders
     FROM (SELECT "token", sum("balance") AS supply, count(*) FILTER (WHERE "balance" > 0)::int AS holders FROM "Holding" GROUP BY 1) AS s
     WHERE a."address" = s."token"`,
  );
  await client.query("COMMIT");
  return (performance.now() - started) / 1000;
}

function runIndexer(url: string, holders: number): Promise<{ seconds: number; events: number; maxRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean), "--import", "tsx", path.join(here, "run-indexer.ts"), url, String(EVENTS), String(holders), String(FLUSH), String(PAGE)],
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

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const pct = (n: number) => `${(n * 100).toFixed(0)}%`;

console.log(
  `bench:indexer: ${fmt(EVENTS)} Transfer logs, holders ${HOLDERS.map(fmt).join(" / ")}, ${fmt(FLUSH)} events per transaction, ` +
    `${fmt(PAGE)} logs per getLogs page, PostgreSQL at ${new URL(ADMIN_URL).host}`,
);
const rows: string[][] = [];
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
