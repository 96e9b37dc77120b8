// `npx tsx apps/web/bench/cap-table-explain.ts`: the live cap table's SQL, as lib/assets/get-cap-table.ts sends it,
// under EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, for an asset with a vault: 20,000 holders (CAP_HOLDERS) and 50,000
// vault events (CAP_VAULT_EVENTS: requests, fulfilments and cancelations of 5,000 controllers, some left Pending, plus
// controllers with a Pending subscription and no holding), in a scratch database of its own (dropped at the end).
// Not a timed assertion: it prints each statement's plan and execution time, for reading. Not part of `npm test`.
//
// Environment: BENCH_DATABASE_URL or DATABASE_URL (default postgres://tessera:tessera@127.0.0.1:5432/postgres).
import { migrate } from "@tessera/db";
import { createPostgresDatabase } from "@tessera/db/testing";
import pg from "pg";
import { getCapTable } from "../lib/assets/get-cap-table";
import { getPrisma, resetServerState } from "../lib/db/prisma";

const ADMIN_URL = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || "postgres://tessera:tessera@127.0.0.1:5432/postgres";
const HOLDERS = Number(process.env.CAP_HOLDERS ?? 20_000);
const VAULT_EVENTS = Number(process.env.CAP_VAULT_EVENTS ?? 50_000);
const CHAIN = 31337;
const TOKEN = "0x" + "7".repeat(40);
const VAULT = "0x" + "5".repeat(40);
const REGISTRY = "0x" + "6".repeat(40);

async function seed(client: pg.Client): Promise<void> {
  await client.query(
    `INSERT INTO "Asset" ("chainId", "token", "issuer", "compliance", "identityRegistry", "name", "symbol", "decimals", "assetClass",
       "totalSupply", "allowedCountries", "maxHolders", "maxBalance", "deployedBlock", "deployedTxHash", "deployedAt", "vault", "holderCount")
     VALUES ($1, $2, $3, $3, $4, 'Bench Fund', 'BF', 18, 0, $5, '{}', 0, 0, 1, $6, now(), $7, $8)`,
    [CHAIN, TOKEN, "0x" + "0".repeat(40), REGISTRY, (BigInt(HOLDERS) * (BigInt(HOLDERS) + 1n) / 2n * 10n ** 18n).toString(), "0x" + "00".repeat(32), VAULT, HOLDERS],
  );
  // Holders 1..HOLDERS, balance i tokens; every 10th frozen partly, every 50th with tokens locked.
  await client.query(
    `INSERT INTO "Holding" ("chainId", "token", "wallet", "balance", "frozen", "frozenAmount", "lockedAmount", "firstAcquiredBlock", "updatedBlock")
     SELECT $1, $2, '0x' || lpad(to_hex(i), 40, '0'), i::numeric * 10^18, false,
            CASE WHEN i % 10 = 0 THEN 10^18 ELSE 0 END, CASE WHEN i % 50 = 0 THEN 10^18 ELSE 0 END, i, i
     FROM generate_series(1, $3::int) i`,
    [CHAIN, TOKEN, HOLDERS],
  );
  await client.query(
    `INSERT INTO "Investor" ("chainId", "identityRegistry", "wallet", "identity", "country", "registered", "registeredBlock", "updatedBlock")
     SELECT $1, $2, '0x' || lpad(to_hex(i), 40, '0'), '0x' || lpad(to_hex(i + 1000000), 40, '0'), 840 + i % 3, true, 1, 1
     FROM generate_series(1, $3::int) i`,
    [CHAIN, REGISTRY, HOLDERS],
  ).catch(async (err) => {
    console.log(`(Investor rows not seeded: ${err instanceof Error ? err.message : err})`);
  });
  // Vault events: controller c (1..5000) has VAULT_EVENTS / 5000 events in rounds of request → fulfil; every 7th
  // controller ends with a cancelation, every 10th with a request left Pending; 200 controllers beyond the holders
  // have a Pending subscription only.
  const per = Math.max(2, Math.floor(VAULT_EVENTS / 5000));
  await client.query(
    `INSERT INTO "MoneyLegEvent" ("chainId", "blockNumber", "logIndex", "txHash", "blockTime", "token", "source", "contract", "event", "wallets", "args")
     SELECT $1, 1000 + n, 0, '0x' || lpad(to_hex(n), 64, '0'), now(), $2, 'vault', $3, ev, ARRAY[w], jsonb_build_object('controller', w, 'owner', w, 'assets', '1000000', 'shares', '1000000000000000000')
     FROM (
       SELECT (c - 1) * $4 + k AS n, '0x' || lpad(to_hex(c * 3), 40, '0') AS w,
              CASE WHEN k = $4 - 1 AND c % 7 = 0 THEN 'CancelDepositRequest'
                   WHEN k = $4 - 1 AND c % 10 = 0 THEN 'DepositRequest'
                   WHEN k % 4 = 0 THEN 'DepositRequest' WHEN k % 4 = 1 THEN 'DepositFulfilled'
                   WHEN k % 4 = 2 THEN 'RedeemRequest' ELSE 'RedeemFulfilled' END AS ev
       FROM generate_series(1, 5000) c, generate_series(0, $4 - 1) k
     ) e`,
    [CHAIN, TOKEN, VAULT, per],
  );
  await client.query(
    `INSERT INTO "MoneyLegEvent" ("chainId", "blockNumber", "logIndex", "txHash", "blockTime", "token", "source", "contract", "event", "wallets", "args")
     SELECT $1, 10000000 + i, 0, '0x' || lpad(to_hex(i + 10000000), 64, '0'), now(), $2, 'vault', $3, 'DepositRequest', ARRAY[w],
            jsonb_build_object('controller', w, 'owner', w, 'assets', '5000000')
     FROM (SELECT i, '0x' || lpad(to_hex(10000000 + i), 40, '0') AS w FROM generate_series(1, 200) i) x`,
    [CHAIN, TOKEN, VAULT],
  );
  await client.query(`ANALYZE`);
}

const db = await createPostgresDatabase(ADMIN_URL);
const client = new pg.Client({ connectionString: db.url });
client.on("error", () => {}); // the scratch database is dropped at the end
try {
  await migrate(db.url);
  await client.connect();
  await seed(client);
  const counts = await client.query(`SELECT (SELECT count(*) FROM "Holding") AS holders, (SELECT count(*) FROM "MoneyLegEvent") AS events`);
  console.log(`seeded: ${counts.rows[0].holders} holders, ${counts.rows[0].events} vault events`);

  process.env.DATABASE_URL = db.url;
  await resetServerState();
  // Every statement the cap table sends, captured as it is sent, then explained on its own.
  const prisma = getPrisma();
  const sent: Array<{ sql: string; params: unknown[] }> = [];
  const raw = prisma.$queryRawUnsafe.bind(prisma);
  (prisma as unknown as { $queryRawUnsafe: typeof raw }).$queryRawUnsafe = ((sql: string, ...params: unknown[]) => {
    sent.push({ sql, params });
    return raw(sql, ...params);
  }) as typeof raw;
  for (const [label, q] of [
    ["first page by balance", { page: 1, pageSize: 50 }],
    ["page 100 by balance", { page: 100, pageSize: 50 }],
    ["first page by wallet", { page: 1, pageSize: 50, sort: "wallet" as const }],
  ] as const) {
    sent.length = 0;
    const t0 = performance.now();
    const page = await getCapTable(TOKEN as `0x${string}`, q);
    const ms = performance.now() - t0;
    console.log(`\n=== ${label}: getCapTable ${ms.toFixed(1)} ms (warm-up call), ${page.total} rows, ${page.holders.length} on the page, ${sent.length} statements`);
    for (const s of sent) {
      const params = s.params.map((p) => (typeof p === "bigint" ? p.toString() : p instanceof Date ? p.toISOString() : p));
      const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, params as unknown[]);
      const lines = plan.rows.map((r) => r["QUERY PLAN"] as string);
      const exec = lines.find((l) => l.startsWith("Execution Time"));
      console.log(`--- ${s.sql.replace(/\s+/g, " ").slice(0, 140)}…\n    ${exec}`);
      if (process.env.CAP_PLANS) console.log(lines.map((l) => `    ${l}`).join("\n"));
    }
  }
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await client.end().catch(() => {});
  await resetServerState();
  await db.dispose();
}
