// The hot path of the store: a range's Transfer rows (COPY, or unnest on PGlite) and the balances, total supply and
// holder counts they move, aggregated per range in memory and applied set-based (or, below the finality depth, settled
// later from the committed rows for a whole stretch at once). Never one statement per event.
import type pg from "pg";
import type { IndexedEvent } from "../contracts.ts";
import type { Journal } from "./journal.ts";
import { bulkLoad, utcText, ZERO, type Column } from "./sql.ts";

/** A decoded ERC-20 Transfer of a followed token. */
export type TransferEvent = IndexedEvent<"Token", "Transfer">;

const TRANSFER_COLUMNS: Column[] = [
  { name: "chainId", type: "int" },
  { name: "blockNumber", type: "bigint" },
  { name: "logIndex", type: "int" },
  { name: "txHash", type: "text" },
  { name: "token", type: "text" },
  { name: "from", type: "text" },
  { name: "to", type: "text" },
  { name: "amount", type: "numeric" },
  { name: "kind", type: '"TransferKind"' },
  { name: "blockTime", type: "timestamp(3)" },
];

const HOLDING_STAGE_COLUMNS: Column[] = [
  { name: "token", type: "text" },
  { name: "wallet", type: "text" },
  { name: "delta", type: "numeric" },
  { name: "first_acquired", type: "bigint" },
  { name: "updated", type: "bigint" },
];

// Session-local staging tables, emptied at every commit. IF NOT EXISTS: pooled connections keep theirs.
// tessera_crossing_stage: the holding wallets whose balance crossed zero in the last APPLY_HOLDING_DELTAS.
export const CREATE_STAGES = `
  CREATE TEMP TABLE IF NOT EXISTS tessera_transfer_stage (LIKE "Transfer") ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS tessera_holding_stage (
    token text NOT NULL, wallet text NOT NULL, delta numeric(78,0) NOT NULL, first_acquired bigint, updated bigint NOT NULL
  ) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS tessera_crossing_stage (token text NOT NULL, wallet text NOT NULL, d int NOT NULL) ON COMMIT DELETE ROWS;`;

// The aggregated balance deltas, applied set-based in one statement: an UPDATE … FROM the staging table for the
// holdings that exist, a plain INSERT for the others (no ON CONFLICT: its speculative insertion cost ~15% more here,
// and the chain's writer lock excludes a concurrent insert). The wallets whose balance crossed zero go to
// tessera_crossing_stage (+1: now positive, −1: now zero; UPDATE's RETURNING gives the new balance and the staged
// delta, so old = new − delta) for RECOUNT_CROSSED_HOLDERS: a holder is an identity, not a wallet, and which of
// them crossed needs the balances after this statement, which its own data-modifying CTEs cannot see.
const APPLY_HOLDING_DELTAS = `
  WITH upd AS (
    UPDATE "Holding" AS h SET
      "balance" = h."balance" + s.delta,
      "firstAcquiredBlock" = COALESCE(h."firstAcquiredBlock", s.first_acquired),
      "updatedBlock" = GREATEST(h."updatedBlock", s.updated)
    FROM tessera_holding_stage AS s
    WHERE h."chainId" = $1 AND h."token" = s.token AND h."wallet" = s.wallet
    RETURNING h."token", h."wallet", CASE WHEN h."balance" > 0 AND h."balance" - s.delta <= 0 THEN 1
                                          WHEN h."balance" <= 0 AND h."balance" - s.delta > 0 THEN -1 ELSE 0 END AS d
  ), ins AS (
    INSERT INTO "Holding" ("chainId", "token", "wallet", "balance", "frozen", "frozenAmount", "firstAcquiredBlock", "updatedBlock")
    SELECT $1::int, s.token, s.wallet, s.delta, false, 0, s.first_acquired, s.updated FROM tessera_holding_stage AS s
    WHERE NOT EXISTS (SELECT 1 FROM "Holding" AS h WHERE h."chainId" = $1 AND h."token" = s.token AND h."wallet" = s.wallet)
    RETURNING "token", "wallet", CASE WHEN "balance" > 0 THEN 1 ELSE 0 END AS d
  )
  INSERT INTO tessera_crossing_stage (token, wallet, d)
  SELECT * FROM upd WHERE d <> 0 UNION ALL SELECT * FROM ins WHERE d <> 0`;

// Each asset's holder count moved by the holders (identities) that crossed zero, from tessera_crossing_stage, in
// one statement. A crossing wallet's holder key is its identity in the asset's identity registry (Investor, also when
// since removed), or the wallet itself without a record there (as MaxHoldersModule keys it). Per (asset, key): the
// key's positive wallets now (`n`, read from Holding: its wallets by the (chainId, identityRegistry, identity)
// index, plus the key itself as a wallet when the registry has no record of it) and the net crossings `net`
// (ups − downs) give its positive wallets before, n − net (balances are never negative): the key joined when it
// had none before (net > 0 and n = net), left when it has none now (net < 0 and n = 0). A `lone` key (a wallet
// without a record that no record names as its identity: its only wallet is itself) crossed exactly as its wallet
// did, so it needs no Holding read (tokens held before registration: synthetic histories, the bench).
const RECOUNT_CROSSED_HOLDERS = `
  WITH k AS (
    SELECT g.token, g.reg, g.key, g.net, g.bare AND NOT EXISTS (
             SELECT 1 FROM "Investor" AS j WHERE j."chainId" = $1 AND j."identityRegistry" = g.reg AND j."identity" = g.key) AS lone
    FROM (
      SELECT s.token, a."identityRegistry" AS reg, COALESCE(i."identity", s.wallet) AS key, sum(s.d) AS net,
             bool_and(i."identity" IS NULL) AS bare
      FROM tessera_crossing_stage AS s
      JOIN "Asset" AS a ON a."chainId" = $1 AND a."token" = s.token
      LEFT JOIN "Investor" AS i ON i."chainId" = $1 AND i."identityRegistry" = a."identityRegistry" AND i."wallet" = s.wallet
      GROUP BY 1, 2, 3
    ) AS g
    WHERE g.net <> 0
  ), kw AS (
    SELECT k.token, k.key, j."wallet" FROM k
    JOIN "Investor" AS j ON j."chainId" = $1 AND j."identityRegistry" = k.reg AND j."identity" = k.key
    WHERE NOT k.lone
    UNION ALL
    SELECT k.token, k.key, k.key FROM k
    WHERE NOT k.lone AND NOT EXISTS (
      SELECT 1 FROM "Investor" AS j WHERE j."chainId" = $1 AND j."identityRegistry" = k.reg AND j."wallet" = k.key)
  ), n AS (
    -- The balance test stays out of the join: joined on the primary key alone, each wallet is one index probe (with
    -- it, a planner with stale statistics scanned the (chainId, token, balance) index per key instead).
    SELECT kw.token, kw.key, count(*) FILTER (WHERE h."balance" > 0) AS n FROM kw
    JOIN "Holding" AS h ON h."chainId" = $1 AND h."token" = kw.token AND h."wallet" = kw.wallet
    GROUP BY 1, 2
  ), moved AS (
    SELECT k.token, sum(CASE WHEN k.lone THEN k.net
                             WHEN k.net > 0 AND COALESCE(n.n, 0) = k.net THEN 1
                             WHEN k.net < 0 AND COALESCE(n.n, 0) = 0 THEN -1 ELSE 0 END)::int AS d
    FROM k LEFT JOIN n ON n.token = k.token AND n.key = k.key
    GROUP BY 1
  )
  UPDATE "Asset" AS a SET "holderCount" = a."holderCount" + moved.d
  FROM moved WHERE a."chainId" = $1 AND a."token" = moved.token AND moved.d <> 0`;

/** Applies the staged holding deltas, then moves holder counts by the holders (identities) that crossed zero. */
async function applyHoldingDeltas(client: pg.PoolClient, chainId: number): Promise<void> {
  const crossed = await client.query(APPLY_HOLDING_DELTAS, [chainId]);
  if (crossed.rowCount) await client.query(RECOUNT_CROSSED_HOLDERS, [chainId]);
}

/**
 * Inserts the range's Transfer rows. `direct`: the table provably holds no row of this chain above the cursor, so
 * every row is new and goes straight in (COPY where the server takes it); otherwise through the staging table and
 * `INSERT … ON CONFLICT DO NOTHING`.
 * @returns the transfers actually inserted (balances move by these alone).
 */
export async function insertTransfers(
  client: pg.PoolClient,
  chainId: number,
  transfers: TransferEvent[],
  blockTimes: Map<bigint, number>,
  useCopy: boolean,
  direct: boolean,
): Promise<TransferEvent[]> {
  const times = new Map<bigint, string>();
  const timeOf = (block: bigint) => {
    let t = times.get(block);
    if (t === undefined) {
      t = utcText(blockTimes.get(block) ?? 0);
      times.set(block, t);
    }
    return t;
  };
  const transferRow = (i: number): unknown[] => {
    const e = transfers[i]!;
    const { from, to, value } = e.args;
    return [chainId, e.blockNumber, e.logIndex, e.txHash, e.address, from, to, value, transferKind(from, to), timeOf(e.blockNumber)];
  };
  if (direct && useCopy) {
    await bulkLoad(client, true, `"Transfer"`, TRANSFER_COLUMNS, transfers.length, transferRow);
    return transfers;
  }
  await bulkLoad(client, useCopy, "tessera_transfer_stage", TRANSFER_COLUMNS, transfers.length, transferRow);
  const inserted = await client.query<{ b: string; li: number }>(
    `INSERT INTO "Transfer" SELECT * FROM tessera_transfer_stage ON CONFLICT ("chainId", "blockNumber", "logIndex") DO NOTHING
     RETURNING "blockNumber"::text AS b, "logIndex" AS li`,
  );
  if (inserted.rows.length === transfers.length) return transfers;
  const keys = new Set(inserted.rows.map((r) => `${r.b}:${r.li}`));
  return transfers.filter((e) => keys.has(`${e.blockNumber}:${e.logIndex}`));
}

/** Balances, supply and holder counts of `applied` (inserted Transfer events), aggregated in memory, set-based. */
export async function applyTransfers(
  client: pg.PoolClient,
  chainId: number,
  applied: TransferEvent[],
  useCopy: boolean,
  journal: Journal | undefined,
): Promise<void> {
  const deltas = new Map<string, { token: string; wallet: string; delta: bigint; firstAcquired: bigint | null; updated: bigint }>();
  const supply = new Map<string, bigint>();
  const bump = (token: string, wallet: string, delta: bigint, block: bigint, acquired: boolean) => {
    const key = token + wallet;
    let d = deltas.get(key);
    if (!d) {
      d = { token, wallet, delta: 0n, firstAcquired: null, updated: block };
      deltas.set(key, d);
    }
    d.delta += delta;
    d.updated = block;
    if (acquired && d.firstAcquired === null) d.firstAcquired = block;
  };
  for (const e of applied) {
    const { from, to, value } = e.args;
    if (from === ZERO) supply.set(e.address, (supply.get(e.address) ?? 0n) + value);
    else bump(e.address, from, -value, e.blockNumber, false);
    if (to === ZERO) supply.set(e.address, (supply.get(e.address) ?? 0n) - value);
    else bump(e.address, to, value, e.blockNumber, value > 0n);
  }
  if (deltas.size > 0) {
    const holdings = [...deltas.values()];
    deltas.clear();
    await bulkLoad(client, useCopy, "tessera_holding_stage", HOLDING_STAGE_COLUMNS, holdings.length, (i) => {
      const h = holdings[i]!;
      return [h.token, h.wallet, h.delta, h.firstAcquired, h.updated];
    });
    if (journal) await journal.stagedHoldings();
    await applyHoldingDeltas(client, chainId);
  }
  if (supply.size > 0) {
    await client.query(
      `UPDATE "Asset" AS a SET "totalSupply" = a."totalSupply" + u.d
       FROM unnest($2::text[], $3::numeric[]) AS u(tok, d)
       WHERE a."chainId" = $1 AND a."token" = u.tok`,
      [chainId, [...supply.keys()], [...supply.values()].map(String)],
    );
  }
}

/**
 * Applies the balances, total supply and holder counts of the Transfer rows of blocks (`after`, `upTo`] (a backfill
 * stretch written with `deferBalances`): one aggregation over those rows into the staging table, then the same
 * set-based update as a normal range. Runs inside the caller's transaction; the caller moves the cursor.
 */
export async function settle(client: pg.PoolClient, chainId: number, after: bigint, upTo: bigint): Promise<void> {
  const range = [chainId, after.toString(), upTo.toString(), ZERO];
  await client.query(
    `INSERT INTO tessera_holding_stage (token, wallet, delta, first_acquired, updated)
     SELECT "token", wallet, sum(d), min(acquired), max(b) FROM (
       SELECT "token", "to" AS wallet, "amount" AS d, CASE WHEN "amount" > 0 THEN "blockNumber" END AS acquired, "blockNumber" AS b
       FROM "Transfer" WHERE "chainId" = $1 AND "blockNumber" > $2 AND "blockNumber" <= $3 AND "to" <> $4
       UNION ALL
       SELECT "token", "from", -"amount", NULL, "blockNumber"
       FROM "Transfer" WHERE "chainId" = $1 AND "blockNumber" > $2 AND "blockNumber" <= $3 AND "from" <> $4
     ) AS moves GROUP BY 1, 2`,
    range,
  );
  await applyHoldingDeltas(client, chainId);
  await client.query("TRUNCATE tessera_holding_stage, tessera_crossing_stage");
  await client.query(
    `UPDATE "Asset" AS a SET "totalSupply" = a."totalSupply" + s.d
     FROM (SELECT "token", COALESCE(sum("amount") FILTER (WHERE "from" = $4), 0) - COALESCE(sum("amount") FILTER (WHERE "to" = $4), 0) AS d
           FROM "Transfer" WHERE "chainId" = $1 AND "blockNumber" > $2 AND "blockNumber" <= $3 AND ("from" = $4 OR "to" = $4)
           GROUP BY 1) AS s
     WHERE a."chainId" = $1 AND a."token" = s."token" AND s.d <> 0`,
    range,
  );
}

function transferKind(from: string, to: string): "mint" | "burn" | "transfer" {
  if (from === ZERO) return "mint";
  if (to === ZERO) return "burn";
  return "transfer";
}

