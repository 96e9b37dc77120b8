// `npm run bench:distribution`: a record-date distribution's off-chain side against the issue's targets: entitlements
// computed from the index (entitlementsAt of @tessera/db: the point-in-time cap table per identity, pro rata by largest
// remainder, withholding by country, the treasury excluded) and the Merkle root over them (buildDistribution of
// @tessera/sdk/distribution), for 10,000 holders (< 5 s) and 1,000,000 holders (< 60 s, peak RSS < 512 MB).
// Posting: each root is then posted and funded on a fresh anvil through the SDK's createDistribution (approval +
// createDistribution; the demo asset stands in for the synthetic one: a post carries only the root and the total, so
// its cost does not depend on the number of holders), and its seconds count towards the target.
//
// Each size gets a fresh migrated database seeded server-side (INSERT … SELECT generate_series: no client memory) with
// a synthetic indexed history: N investors (identities), one in ten with a second wallet, one wallet in twenty without
// a registry record (its own holder key), five countries; a mint per wallet, a treasury mint, transfers between
// investors before the record date and more after it (which must not count). The measured part runs in a child process
// (its own peak RSS, process.resourceUsage().maxRSS) from a cold connection: first row (the SQL), stream + leaf
// hashes, tree. Up to 20,000 holders the child also checks its result against the references outside the timing:
// allocateEntitlements over the wallets' balances read separately, and StandardMerkleTree.of's root.
//
// Environment: BENCH_DIST_HOLDERS (default "10000,1000000"), BENCH_DATABASE_URL or DATABASE_URL (PostgreSQL server
// where each run creates and drops its database; without one, sizes up to 100,000 run on PGlite and larger ones are
// skipped), BENCH_DIST_PGLITE (default 1: the 10,000 row on PGlite as well), BENCH_DIST_KEEP=1 (keep the PostgreSQL
// databases and print their URLs, to EXPLAIN the query; drop them yourself).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createPool, entitlementsAt, migrate, type EntitlementRow, type EntitlementsInput } from "@tessera/db";
import { createPgliteDatabase, createPostgresDatabase, type TestDatabase } from "@tessera/db/testing";
import { allocateEntitlements, buildDistribution, standardEntitlementTree, verifyEntitlementProof, type WalletHolding } from "@tessera/sdk/distribution";
import pg from "pg";
import { testUsdAbi } from "@tessera/contracts";
import { createDistribution } from "@tessera/sdk";
import { deployPlatform, devClients, seedDemo, startAnvil } from "@tessera/sdk/node";

const CHAIN = 31337;
const TOKEN = "0xd15700000000000000000000000000000000000a";
const REGISTRY = "0xd157000000000000000000000000000000000001";
const TREASURY = "0xd157000000000000000000000000000000000002";
const ZERO = "0x0000000000000000000000000000000000000000";
const START_BLOCK = 1_000;
const T0 = Date.parse("2026-06-01T00:00:00Z");
const PER_BLOCK = 1_000;
/** 1,000,000 TUSD (6 decimals) shared pro rata. */
const TOTAL = 1_000_000n * 10n ** 6n;
const WITHHOLDING_BPS = { 250: 3000, 276: 2638, 840: 3000, 826: 0, 756: 3500 };
const TARGETS = new Map<number, { seconds: number; rssMb?: number }>([
  [10_000, { seconds: 5 }],
  [1_000_000, { seconds: 60, rssMb: 512 }],
]);
const CHECK_UP_TO = 20_000;

/** What the child measures and checks. */
interface ChildResult {
  holders: number;
  firstRowMs: number;
  /** From the start to the last entitlement received (SQL, transfer, parsing, leaf hashes). */
  streamMs: number;
  /** After the last entitlement: sorting the leaves and hashing the inner nodes. */
  treeMs: number;
  totalMs: number;
  maxRssMb: number;
  root: string;
  net: string;
  gross: string;
  withholding: string;
  checked: string;
}

// SQL expressions of synthetic addresses: pseudo-random leading bytes (no common prefix flattering the B-trees), the
// number in the last 4 bytes (unique).
const walletSql = (k: string) => `'0x' || substr(md5('w' || (${k})), 1, 32) || lpad(to_hex(${k}), 8, '0')`;
const identitySql = (k: string) => `'0x' || substr(md5('i' || (${k})), 1, 32) || lpad(to_hex(${k}), 8, '0')`;
const timeSql = (block: string) => `to_timestamp(${T0 / 1000} + (${block}) * 12) AT TIME ZONE 'UTC'`;

/** Seeds the synthetic index; returns the record date's block and the number of Transfer rows. */
async function seed(url: string, n: number): Promise<{ recordBlock: number; transfers: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const wallets = n + Math.ceil(n / 10);
    const mintBlocks = Math.ceil(wallets / PER_BLOCK);
    const before = START_BLOCK + 1 + mintBlocks; // transfers before the record date
    const recordBlock = before + Math.ceil(n / 3 / PER_BLOCK);
    const after = recordBlock + 1; // transfers after it
    const head = after + Math.ceil(n / 5 / PER_BLOCK) + 5;
    await client.query(
      `INSERT INTO "Asset" ("chainId", "token", "issuer", "compliance", "identityRegistry", "name", "symbol", "decimals",
         "assetClass", "totalSupply", "allowedCountries", "maxHolders", "maxBalance", "deployedBlock", "deployedTxHash", "deployedAt")
       VALUES ($1, $2, $3, $3, $4, 'Bench fund', 'BFD', 18, 0, 0, '{}', 0, 0, $5, $6, ${timeSql(String(START_BLOCK))})`,
      [CHAIN, TOKEN, TREASURY, REGISTRY, START_BLOCK, `0x${"00".repeat(32)}`],
    );
    // Wallet j: j < n is investor j's first wallet, j = n + k its second (k % 10 = 0). Investor k's wallets are
    // registered unless k % 20 = 19 (a holder without a record: the wallet is the key).
    await client.query(
      `INSERT INTO "Investor" ("chainId", "identityRegistry", "wallet", "identity", "country", "registered", "registeredBlock", "updatedBlock")
       SELECT $1, $2, w, ${identitySql("k")}, (ARRAY[250, 276, 840, 826, 756])[k % 5 + 1], true, $3, $3
       FROM (SELECT k, ${walletSql("k")} AS w FROM generate_series(0, $4::int - 1) AS k WHERE k % 20 <> 19
             UNION ALL
             SELECT k, ${walletSql("$4::int + k")} FROM generate_series(0, $4::int - 1) AS k WHERE k % 10 = 0) AS x`,
      [CHAIN, REGISTRY, START_BLOCK, n],
    );
    const insert = (select: string, params: unknown[]) =>
      client.query(
        `INSERT INTO "Transfer" ("chainId", "blockNumber", "logIndex", "txHash", "token", "from", "to", "amount", "kind", "blockTime")
         SELECT $1, b, li, '0x' || md5('a' || tag) || md5('b' || tag), $2, f, t, amount, kind::"TransferKind", ${timeSql("b")}
         FROM (${select}) AS s`,
        [CHAIN, TOKEN, ...params],
      );
    // The treasury's mint, then a mint per wallet: 3..1002 whole tokens.
    await insert(`SELECT $3::int AS b, 0 AS li, 'treasury' AS tag, '${ZERO}' AS f, '${TREASURY}' AS t, 1e27::numeric AS amount, 'mint' AS kind`, [
      START_BLOCK,
    ]);
    await insert(
      `SELECT $3::int + 1 + j / ${PER_BLOCK} AS b, j % ${PER_BLOCK} AS li, 'm' || j AS tag, '${ZERO}' AS f,
              CASE WHEN j < $4::int THEN ${walletSql("j")} ELSE ${walletSql("$4::int + (j - $4::int) * 10")} END AS t,
              (3 + (j::bigint * 7919) % 1000) * 1e18::numeric AS amount, 'mint' AS kind
       FROM generate_series(0, $5::int - 1) AS j`,
      [START_BLOCK, n, wallets],
    );
    // Before the record date: every third investor sends 1 token to another; after it, every fifth sends 2 tokens to
    // the treasury (the record date must not see those).
    await insert(
      `SELECT $3::int + i / ${PER_BLOCK} AS b, i % ${PER_BLOCK} AS li, 'p' || i AS tag, ${walletSql("i * 3")} AS f,
              ${walletSql("(i * 21 + 1) % $4::int")} AS t, 1e18::numeric AS amount, 'transfer' AS kind
       FROM generate_series(0, ($4::int - 1) / 3) AS i`,
      [before, n],
    );
    await insert(
      `SELECT $3::int + i / ${PER_BLOCK} AS b, i % ${PER_BLOCK} AS li, 'q' || i AS tag, ${walletSql("i * 5")} AS f,
              '${TREASURY}' AS t, 2e18::numeric AS amount, 'transfer' AS kind
       FROM generate_series(0, ($4::int - 1) / 5) AS i`,
      [after, n],
    );
    await client.query(
      `INSERT INTO "IndexerCursor" ("chainId", "lastBlock", "lastBlockHash", "updatedAt") VALUES ($1, $2, $3, now() AT TIME ZONE 'UTC')`,
      [CHAIN, head, `0x${"11".repeat(32)}`],
    );
    await client.query(`ANALYZE "Transfer"`);
    await client.query(`ANALYZE "Investor"`);
    const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "Transfer"`);
    return { recordBlock, transfers: Number(rows[0]!.n) };
  } finally {
    await client.end();
  }
}

/** The measured part, in this (child) process. */
async function child(url: string, recordBlock: number): Promise<ChildResult> {
  const pool = createPool(url, { poolSize: 2 });
  try {
    const params: EntitlementsInput = {
      chainId: CHAIN,
      token: TOKEN,
      block: recordBlock,
      totalAmount: TOTAL,
      withholdingBps: WITHHOLDING_BPS,
      excluded: [TREASURY],
    };
    const started = performance.now();
    let firstRow = 0;
    let lastRow = 0;
    let leaf0: EntitlementRow | undefined;
    const dist = await buildDistribution(entitlementsAt(pool, params), {
      onEntitlement: (e) => {
        lastRow = performance.now();
        if (e.index === 0) {
          firstRow = lastRow;
          leaf0 = e;
        }
      },
    });
    const totalMs = performance.now() - started;
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    const { gross, net, withholding, holders } = dist.totals;
    if (gross !== TOTAL) throw new Error(`gross ${gross} is not the total ${TOTAL}`);
    const proof = dist.tree.proof(0);
    let checked = "proof of leaf 0 verified";
    if (!leaf0 || !verifyEntitlementProof(dist.root, { index: 0, identity: leaf0.identity, amount: leaf0.net }, proof)) {
      throw new Error("the proof of leaf 0 does not verify");
    }
    if (holders <= CHECK_UP_TO) {
      const rows: EntitlementRow[] = [];
      for await (const r of entitlementsAt(pool, params)) rows.push(r);
      const reference = standardEntitlementTree(rows).root;
      if (reference !== dist.root) throw new Error(`root ${dist.root} differs from StandardMerkleTree.of's ${reference}`);
      const allocated = allocateEntitlements(await walletHoldings(pool, recordBlock), { ...params }, 18);
      if (JSON.stringify(allocated, big) !== JSON.stringify(rows, big)) throw new Error("entitlementsAt differs from allocateEntitlements");
      checked += `; root = StandardMerkleTree.of's; ${rows.length} rows = allocateEntitlements'`;
    }
    return {
      holders,
      firstRowMs: firstRow - started,
      streamMs: lastRow - started,
      treeMs: totalMs - (lastRow - started),
      totalMs,
      maxRssMb,
      root: dist.root,
      net: net.toString(),
      gross: gross.toString(),
      withholding: withholding.toString(),
      checked,
    };
  } finally {
    await pool.end();
  }
}

const big = (_: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);

/** Every wallet's balance at the record date with its registry record (the reference's input). */
async function walletHoldings(pool: pg.Pool, block: number): Promise<WalletHolding[]> {
  const { rows } = await pool.query<{ wallet: string; identity: string | null; country: number | null; balance: string }>(
    `SELECT b.wallet, i."identity", i."country", b.balance::text AS balance FROM (
       SELECT wallet, sum(d) AS balance FROM (
         SELECT "to" AS wallet, "amount" AS d FROM "Transfer" WHERE "chainId" = $3 AND "token" = $1 AND "blockNumber" <= $2 AND "to" <> '${ZERO}'
         UNION ALL SELECT "from", -"amount" FROM "Transfer" WHERE "chainId" = $3 AND "token" = $1 AND "blockNumber" <= $2 AND "from" <> '${ZERO}'
       ) AS m GROUP BY wallet) AS b
     LEFT JOIN "Investor" AS i ON i."chainId" = $3 AND i."identityRegistry" = $4 AND i."wallet" = b.wallet`,
    [TOKEN, block, CHAIN, REGISTRY],
  );
  return rows.map((r) => ({ wallet: r.wallet, identity: r.identity, country: r.country ?? 0, balance: BigInt(r.balance) }));
}

/** Runs {@link child} in a fresh Node process (its own peak RSS). */
function runChild(url: string, recordBlock: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_DIST_CHILD: JSON.stringify({ url, recordBlock }) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
    proc.on("error", reject);
    proc.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code === 0 && line.startsWith("{")) resolve(JSON.parse(line) as ChildResult);
      else reject(new Error(`the measuring process exited with ${code}: ${out}`));
    });
  });
}

interface Row {
  label: string;
  backend: string;
  transfers: number;
  seedS: number;
  r: ChildResult;
}

const fmt = (n: number, digits = 1) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_DIST_HOLDERS ?? "10000,1000000").split(",").map(Number).filter((n) => n > 0);
  const adminUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || "";
  const pgliteToo = (process.env.BENCH_DIST_PGLITE ?? "1") !== "0";
  const runs: { n: number; backend: "postgres" | "pglite" }[] = [];
  for (const n of sizes) {
    if (adminUrl) runs.push({ n, backend: "postgres" });
    if ((!adminUrl || (pgliteToo && n <= 10_000)) && n <= 100_000) runs.push({ n, backend: "pglite" });
    if (!adminUrl && n > 100_000) console.log(`${n.toLocaleString("en-US")} holders: skipped (set DATABASE_URL to a PostgreSQL server)`);
  }
  const rows: Row[] = [];
  let failed = false;
  for (const { n, backend } of runs) {
    let db: TestDatabase | undefined;
    try {
      const seedStart = performance.now();
      if (backend === "postgres") {
        db = await createPostgresDatabase(adminUrl);
        await migrate(db.url);
      } else db = await createPgliteDatabase({ migrated: true });
      const { recordBlock, transfers } = await seed(db.url, n);
      const seedS = (performance.now() - seedStart) / 1000;
      console.log(`${n.toLocaleString("en-US")} holders on ${backend}: seeded ${transfers.toLocaleString("en-US")} transfers in ${fmt(seedS)} s; measuring…`);
      const r = await runChild(db.url, recordBlock);
      console.log(`  ${fmt(r.totalMs / 1000, 2)} s (first row ${fmt(r.firstRowMs / 1000, 2)} s, tree ${fmt(r.treeMs / 1000, 2)} s), peak RSS ${fmt(r.maxRssMb, 0)} MB`);
      rows.push({ label: `${n.toLocaleString("en-US")} holders`, backend, transfers, seedS, r });
    } catch (err) {
      console.log(`${n.toLocaleString("en-US")} holders on ${backend}: failed: ${(err as Error).message}`);
      failed = true;
    } finally {
      if (process.env.BENCH_DIST_KEEP === "1" && backend === "postgres") console.log(`  kept: ${db?.url}`);
      else await db?.dispose();
    }
  }
  const posted = rows.length ? await postRoots(rows.map((x) => x.r)) : [];
  let missed = false;
  console.log("\nDistribution: entitlements from the index + Merkle root (off-chain, child process) + the root posted and funded on anvil");
  console.log("(createDistribution through the SDK: approval + create, one block each; its cost does not depend on the holder count)\n");
  console.log("| holders | database | transfers | first row s (SQL) | last row s (+ stream, leaf hashes) | tree s | post s | total s | target s | ratio | peak RSS MB | target MB | ratio |");
  console.log("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const [i, { label, backend, transfers, r }] of rows.entries()) {
    const target = TARGETS.get(r.holders);
    const postS = posted[i] ?? 0;
    const s = r.totalMs / 1000 + postS;
    const ratio = target ? s / target.seconds : undefined;
    const rssRatio = target?.rssMb ? r.maxRssMb / target.rssMb : undefined;
    if ((ratio ?? 0) > 1 || (rssRatio ?? 0) > 1) missed = true;
    console.log(
      `| ${label} | ${backend} | ${transfers.toLocaleString("en-US")} | ${fmt(r.firstRowMs / 1000, 2)} | ${fmt(r.streamMs / 1000, 2)} | ${fmt(r.treeMs / 1000, 2)} | ${fmt(postS, 2)} | ${fmt(s, 2)} | ${target ? `< ${target.seconds}` : "-"} | ${ratio === undefined ? "-" : fmt(ratio, 2)} | ${fmt(r.maxRssMb, 0)} | ${target?.rssMb ? `< ${target.rssMb}` : "-"} | ${rssRatio === undefined ? "-" : fmt(rssRatio, 2)} |`,
    );
  }
  console.log("");
  for (const { label, backend, r } of rows) {
    console.log(`${label} (${backend}): root ${r.root}, gross ${r.gross} = total, withholding ${r.withholding}, net ${r.net}; ${r.checked}`);
  }
  if (missed) console.log("\nA target was missed (ratio > 1).");
  if (missed || failed) process.exitCode = 1;
}

/**
 * Posts each computed root with its net total to a Distributor on a fresh anvil (the platform and the demo asset of
 * `npm start`, the issuer holding CORPORATE_ACTIONS and funded in TestUSD) and returns each post's seconds. The demo
 * asset stands in for the synthetic one: the transaction carries only the root and the total.
 */
async function postRoots(results: ChildResult[]): Promise<number[]> {
  const anvil = await startAnvil();
  try {
    const { publicClient, wallets } = await devClients(anvil.rpcUrl, 2);
    const deployments = await deployPlatform({ walletClient: wallets[0], publicClient, registryAgents: [wallets[1].account.address] });
    const demo = await seedDemo({ rpcUrl: anvil.rpcUrl, deployments });
    const issuer = wallets[0];
    const need = results.reduce((a, r) => a + BigInt(r.net), 0n);
    const hash = await issuer.writeContract({ address: demo.paymentToken, abi: testUsdAbi, functionName: "mint", args: [issuer.account.address, need] });
    await publicClient.waitForTransactionReceipt({ hash });
    const out: number[] = [];
    for (const r of results) {
      const recordDate = (await publicClient.getBlockNumber()) - 1n;
      const claimDeadline = (await publicClient.getBlock()).timestamp + 30n * 86_400n;
      const t = performance.now();
      await createDistribution(issuer, publicClient, {
        distributor: deployments.distributor!, token: demo.token, paymentToken: demo.paymentToken, root: r.root as `0x${string}`,
        total: BigInt(r.net), recordDate, claimDeadline,
      });
      out.push((performance.now() - t) / 1000);
    }
    return out;
  } finally {
    await anvil.stop();
  }
}

const childParams = process.env.BENCH_DIST_CHILD;
if (childParams) {
  const { url, recordBlock } = JSON.parse(childParams) as { url: string; recordBlock: number };
  child(url, recordBlock).then(
    (r) => console.log(JSON.stringify(r)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
