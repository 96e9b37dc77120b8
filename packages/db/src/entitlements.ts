// Entitlements of a record-date distribution, from the index's point-in-time cap table (issue 11, "Distributions").
// The cap table at a record date is the sum of the asset's indexed transfers up to the record date's block, per wallet
// (capTableAt, holderCountAt in history.ts); holders are identities (ARCHITECTURE.md glossary, "holder"): a wallet's
// holder key is its identity on record in the asset's identity registry, else the wallet. One SQL statement computes
// every investor's units, gross, withholding and net amounts exactly (numeric), and a server-side cursor streams the
// rows in identity order, so a million holders never sit in this process's memory.
//
// The same rules as allocateEntitlements of @tessera/sdk/distribution (see that file's header): units summed over an
// identity's counted wallets; gross by rate per whole token (rounded down) or pro rata by largest remainder (adds up
// to the total exactly); withholding floor(gross × bps / 10,000) by the identity's country; holders with a zero gross
// left out; leaf index = position in identity order.
//
// Limits of what the index knows, by design of its tables:
// - identities and countries are the ones on record now (Investor rows carry no history), as holderCountAt uses them;
// - freezes are indexed as current state only (Holding.frozen, Holding.frozenAmount; no history of TokensFrozen): with
//   includeFrozen false, the tokens frozen at the indexed head are deducted from the balance at the record date (up to
//   it), which is exact when no freeze changed since the record date;
// - a record date given as a time resolves to the asset's last indexed transfer at or before it (the cap table does not
//   change between transfers); a time after the chain's latest indexed transfer of the asset and after the wall clock is
//   refused as in the future, while a past time the indexer has not reached yet cannot be told from a quiet chain:
//   give a block (checked against the indexed head) when that matters.
import type pg from "pg";
import { z } from "zod";

const ZERO = "0x0000000000000000000000000000000000000000";
/** 10^78 − 1: above any uint256 balance, 78 digits (the wallet choice below pads to it). */
const UNITS_CEILING = "(10::numeric ^ 78 - 1)";
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "not a valid address")
  .transform((v) => v.toLowerCase());
const uint = z.union([z.bigint(), z.number().int(), z.string().regex(/^\d+$/, "a whole number")]).transform((v) => BigInt(v));

/** Why entitlements could not be computed: the caller's input (4xx) or the index's state. */
export type EntitlementErrorCode =
  /** The input failed validation (the message names the field). */
  | "INVALID_INPUT"
  /** No asset with this token on this chain in the index. */
  | "UNKNOWN_ASSET"
  /** The indexer has not written this chain yet (no cursor). */
  | "NOT_INDEXED"
  /** The indexer stopped on a reorg deeper than its journal: the index is not the canonical chain. */
  | "INDEXER_HALTED"
  /** The record date is after the indexed head (block), or in the future (time). */
  | "RECORD_DATE_IN_FUTURE"
  /** Nobody holds units at the record date (after exclusions and frozen tokens), or every gross is 0. */
  | "NO_HOLDERS";

/** A refusal with a code ({@link EntitlementErrorCode}) and a message in words. */
export class EntitlementError extends Error {
  override name = "EntitlementError";
  constructor(
    readonly code: EntitlementErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Where a record date is read: exactly one of a block number or a time. */
const recordDateFields = {
  chainId: z.number().int().positive(),
  /** The asset's token address. */
  token: address,
  /** Block number: holdings right after this block. */
  block: uint.pipe(z.bigint().nonnegative()).optional(),
  /** Or a time: holdings right after the asset's last indexed transfer at or before it. */
  time: z.date().refine((d) => !Number.isNaN(d.getTime()), "an invalid Date").optional(),
};
const oneDate = (p: { block?: bigint; time?: Date }) => (p.block === undefined) !== (p.time === undefined);
const oneDateMessage = { message: "give exactly one of block or time as the record date" };

/** Input of {@link resolveRecordDate}. */
export const recordDateSchema = z.object(recordDateFields).refine(oneDate, oneDateMessage);
export type RecordDateInput = z.input<typeof recordDateSchema>;

/**
 * Input of {@link entitlementsAt}: the record date, and the terms (the fields and rules of `distributionTermsSchema`
 * of @tessera/sdk/distribution).
 */
export const entitlementsSchema = z
  .object({
    ...recordDateFields,
    /** Payment-token base units shared pro rata (largest remainder). */
    totalAmount: uint.pipe(z.bigint().positive()).optional(),
    /** Payment-token base units per whole token (10^decimals token base units). */
    ratePerUnit: uint.pipe(z.bigint().positive()).optional(),
    /** Withholding in basis points (0..10,000) per country (ISO-3166 numeric; 0 = no record); others 0. */
    withholdingBps: z.record(z.string().regex(/^\d{1,3}$/, "a country code 0..999"), z.number().int().min(0).max(10_000)).default({}),
    /** Wallets or identities whose units do not count (an identity excludes all its wallets). */
    excluded: z.array(address).max(10_000).default([]),
    /** Whether frozen tokens earn the distribution (see the file's header for what "frozen" is read from). */
    includeFrozen: z.boolean().default(true),
    /** Rows per cursor fetch (memory: about 1 KB per row in flight). */
    batchSize: z.number().int().min(1).max(100_000).default(10_000),
  })
  .refine(oneDate, oneDateMessage)
  .refine((p) => (p.totalAmount === undefined) !== (p.ratePerUnit === undefined), {
    message: "give exactly one of totalAmount (pro rata) or ratePerUnit",
  });
export type EntitlementsInput = z.input<typeof entitlementsSchema>;

/** One investor's entitlement, as `Entitlement` of @tessera/sdk/distribution. Amounts in base units. */
export interface EntitlementRow {
  /** Leaf index: position in identity order, 0..n-1. */
  index: number;
  /** Holder key, lower-case: the identity on record, else the wallet. */
  identity: string;
  /** The identity's largest counted wallet at the record date (ties: the smaller address). */
  wallet: string;
  /** The identity's country on record (0: none). */
  country: number;
  /** Token base units. */
  units: bigint;
  /** Payment-token base units. */
  gross: bigint;
  withholding: bigint;
  net: bigint;
}

/** A record date resolved against the index. */
export interface RecordDate {
  /** Holdings are read right after this block. */
  block: bigint;
  /** The indexed head: transfers are complete up to this block. */
  head: bigint;
  /** The asset's decimals (a rate is per whole token). */
  decimals: number;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new EntitlementError("INVALID_INPUT", `invalid input: ${issue?.path.length ? `${issue.path.join(".")}: ` : ""}${issue?.message ?? "invalid"}`);
}

/**
 * Resolves a record date for `token` against the index: a block must be at or before the indexed head; a time is
 * refused when it is after both the wall clock and the asset's latest indexed transfer (anvil's clock may run ahead of
 * the wall clock), and resolves to the asset's last indexed transfer at or before it (block 0 before any: nobody holds).
 * @throws EntitlementError INVALID_INPUT, UNKNOWN_ASSET, NOT_INDEXED, INDEXER_HALTED, RECORD_DATE_IN_FUTURE.
 */
export async function resolveRecordDate(db: Queryable, input: RecordDateInput): Promise<RecordDate> {
  return resolve(db, parse(recordDateSchema, input));
}

async function resolve(db: Queryable, p: { chainId: number; token: string; block?: bigint; time?: Date }): Promise<RecordDate> {
  // Block times are UTC without a zone ("timestamp"): compared and read as UTC text / epoch, whatever the process's TZ.
  const { rows } = await db.query<{ decimals: number | null; head: string | null; halted: string | null; cursor: boolean; last_ms: number | null }>(
    `SELECT (SELECT "decimals" FROM "Asset" WHERE "chainId" = $1 AND "token" = $2) AS decimals,
            c."chainId" IS NOT NULL AS cursor,
            GREATEST(c."lastBlock", COALESCE(c."backfillBlock", c."lastBlock"))::text AS head,
            c."haltedReason" AS halted,
            (SELECT extract(epoch FROM "blockTime")::float8 * 1000 FROM "Transfer" WHERE "chainId" = $1 AND "token" = $2
             ORDER BY "blockNumber" DESC, "logIndex" DESC LIMIT 1) AS last_ms
     FROM (SELECT 1) AS one LEFT JOIN "IndexerCursor" AS c ON c."chainId" = $1`,
    [p.chainId, p.token],
  );
  const r = rows[0]!;
  if (!r.cursor || r.head === null) throw new EntitlementError("NOT_INDEXED", `chain ${p.chainId} is not indexed yet`);
  if (r.halted) throw new EntitlementError("INDEXER_HALTED", `the indexer of chain ${p.chainId} is halted: ${r.halted}`);
  if (r.decimals === null) throw new EntitlementError("UNKNOWN_ASSET", `no asset ${p.token} on chain ${p.chainId}`);
  const head = BigInt(r.head);
  if (p.block !== undefined) {
    if (p.block > head) {
      throw new EntitlementError("RECORD_DATE_IN_FUTURE", `the record date (block ${p.block}) is after the indexed head (block ${head})`);
    }
    return { block: p.block, head, decimals: r.decimals };
  }
  const time = p.time!;
  const latest = Math.max(Date.now(), r.last_ms ?? 0);
  if (time.getTime() > latest) {
    throw new EntitlementError("RECORD_DATE_IN_FUTURE", `the record date (${time.toISOString()}) is in the future`);
  }
  const { rows: at } = await db.query<{ block: string | null }>(
    `SELECT max("blockNumber")::text AS block FROM "Transfer" WHERE "chainId" = $1 AND "token" = $2 AND "blockTime" <= $3::timestamp AND "blockNumber" <= $4`,
    [p.chainId, p.token, time.toISOString().slice(0, -1), r.head],
  );
  return { block: at[0]?.block ? BigInt(at[0].block) : 0n, head, decimals: r.decimals };
}

/**
 * The SQL of the entitlements (parameters: $1 chainId, $2 token, $3 block, $4 excluded text[], $5 countries int[],
 * $6 bps int[], $7 totalAmount or ratePerUnit, and with a rate $8 10^decimals). Pro rata by largest remainder: `div`/`mod` are exact
 * on numeric; the leftover (total − Σ floor, fewer than the holders) goes one base unit each to the largest
 * remainders, ties to the smaller identity. Addresses are compared in byte order (COLLATE "C", from where they are
 * read), as JavaScript strings compare: the same order as the SDK's, and sorts and groups without the locale's
 * string collation (several times faster on a million holders).
 */
function entitlementsSql(proRata: boolean, includeFrozen: boolean): string {
  const frozen = includeFrozen
    ? ""
    : `LEFT JOIN "Holding" AS f ON f."chainId" = $1 AND f."token" = $2 AND f."wallet" = b.wallet`;
  const counted = includeFrozen
    ? "b.balance"
    : `b.balance - CASE WHEN f."frozen" THEN b.balance ELSE LEAST(COALESCE(f."frozenAmount", 0), b.balance) END`;
  const gross = proRata
    ? `ranked AS (
         SELECT g.*, row_number() OVER (ORDER BY g.rem DESC, g.key) AS rk, $7::numeric - sum(g.base) OVER () AS leftover
         FROM (SELECT h.*, div($7::numeric * h.units, t.u) AS base, mod($7::numeric * h.units, t.u) AS rem
               FROM holders AS h CROSS JOIN (SELECT sum(units) AS u FROM holders) AS t) AS g
       ), grossed AS (
         SELECT key, wallet, units, base + CASE WHEN rk <= leftover THEN 1 ELSE 0 END AS gross FROM ranked
       )`
    : `grossed AS (SELECT key, wallet, units, div(units * $7::numeric, $8::numeric) AS gross FROM holders)`;
  return `
    WITH registry AS (SELECT "identityRegistry" AS r FROM "Asset" WHERE "chainId" = $1 AND "token" = $2),
    holder_keys AS (
      SELECT i."wallet" COLLATE "C" AS wallet, i."identity" COLLATE "C" AS key FROM "Investor" AS i
      WHERE i."chainId" = $1 AND i."identityRegistry" = (SELECT r FROM registry)
    ), key_countries AS (
      SELECT DISTINCT ON (i."identity" COLLATE "C") i."identity" COLLATE "C" AS key, i."country" FROM "Investor" AS i
      WHERE i."chainId" = $1 AND i."identityRegistry" = (SELECT r FROM registry)
      ORDER BY i."identity" COLLATE "C", i."registered" DESC, i."updatedBlock" DESC, i."wallet" COLLATE "C"
    ), balances AS (
      SELECT wallet, sum(d) AS balance FROM (
        SELECT "to" COLLATE "C" AS wallet, "amount" AS d FROM "Transfer"
        WHERE "chainId" = $1 AND "token" = $2 AND "blockNumber" <= $3 AND "to" <> '${ZERO}'
        UNION ALL
        SELECT "from" COLLATE "C", -"amount" FROM "Transfer"
        WHERE "chainId" = $1 AND "token" = $2 AND "blockNumber" <= $3 AND "from" <> '${ZERO}'
      ) AS moves GROUP BY wallet HAVING sum(d) > 0
    ), wallets AS (
      SELECT COALESCE(k.key, b.wallet) AS key, b.wallet, ${counted} AS units
      FROM balances AS b LEFT JOIN holder_keys AS k ON k.wallet = b.wallet ${frozen}
      WHERE b.wallet <> ALL($4::text[]) AND COALESCE(k.key, b.wallet) <> ALL($4::text[])
    ), holders AS (
      -- The wallet to pay: the largest (ties: the smaller address), as the minimum of "complement of units, padded,
      -- then the wallet": an aggregate hashable per key, where array_agg(… ORDER BY …) would sort every holder.
      SELECT key, sum(units) AS units, substr(min(lpad((${UNITS_CEILING} - units)::text, 78, '0') || wallet), 79) AS wallet
      FROM wallets WHERE units > 0 GROUP BY key
    ), ${gross}, rated AS (
      SELECT g.key, g.wallet, g.units, g.gross, COALESCE(c."country", 0) AS country,
             div(g.gross * COALESCE(w.bps, 0), 10000) AS withholding
      FROM grossed AS g LEFT JOIN key_countries AS c ON c.key = g.key
      LEFT JOIN unnest($5::int[], $6::int[]) AS w(country, bps) ON w.country = COALESCE(c."country", 0)
      WHERE g.gross > 0
    )
    SELECT (row_number() OVER (ORDER BY key) - 1)::int AS index, key AS identity, wallet, country::int AS country,
           units::text AS units, gross::text AS gross, withholding::text AS withholding, (gross - withholding)::text AS net
    FROM rated ORDER BY key`;
}

interface RawRow {
  index: number;
  identity: string;
  wallet: string;
  country: number;
  units: string;
  gross: string;
  withholding: string;
  net: string;
}

const toRow = (r: RawRow): EntitlementRow => ({
  index: r.index,
  identity: r.identity,
  wallet: r.wallet,
  country: r.country,
  units: BigInt(r.units),
  gross: BigInt(r.gross),
  withholding: BigInt(r.withholding),
  net: BigInt(r.net),
});

/**
 * Every investor's entitlement of a distribution on `token` at a record date, streamed in leaf-index (identity) order:
 * units held at the record date (over the identity's counted wallets), gross, withholding and net amounts (see the
 * file's header for the rules and limits). Feed it to `buildDistribution` of @tessera/sdk/distribution for the tree.
 *
 * Runs on one pooled connection in a read-only REPEATABLE READ transaction (one consistent snapshot of the index:
 * the head check and every row) with a server-side cursor fetched `batchSize` rows at a time, the next batch requested
 * while the caller consumes the current one. Breaking out of the loop closes the cursor and releases the connection.
 * On PGlite served over the wire, other connections wait while the transaction is open (whole transactions are
 * serialized there): consume it promptly.
 *
 * @param input see {@link entitlementsSchema}; checked before any query (an invalid input throws here, synchronously).
 * @throws EntitlementError INVALID_INPUT (synchronously), and while iterating UNKNOWN_ASSET, NOT_INDEXED,
 *   INDEXER_HALTED, RECORD_DATE_IN_FUTURE, NO_HOLDERS (after the last row, when there was none).
 */
export function entitlementsAt(pool: pg.Pool, input: EntitlementsInput): AsyncGenerator<EntitlementRow, RecordDate> {
  return stream(pool, parse(entitlementsSchema, input));
}

async function* stream(pool: pg.Pool, p: z.output<typeof entitlementsSchema>): AsyncGenerator<EntitlementRow, RecordDate> {
  const client = await pool.connect();
  let committed = false;
  let next: Promise<pg.QueryResult<RawRow>> | undefined;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    // The aggregation sorts a row per holder twice (remainder rank, identity order): keep the sorts in memory.
    await client.query("SET LOCAL work_mem = '256MB'");
    const date = await resolve(client, p);
    const countries = Object.keys(p.withholdingBps).map(Number);
    const bps = countries.map((c) => p.withholdingBps[String(c)]!);
    const proRata = p.totalAmount !== undefined;
    const params: unknown[] = [p.chainId, p.token, date.block.toString(), p.excluded, countries, bps, (p.totalAmount ?? p.ratePerUnit!).toString()];
    if (!proRata) params.push((10n ** BigInt(date.decimals)).toString());
    await client.query(`DECLARE entitlements NO SCROLL CURSOR FOR ${entitlementsSql(proRata, p.includeFrozen)}`, params);
    const fetch = () => client.query<RawRow>(`FETCH ${p.batchSize} FROM entitlements`);
    next = fetch();
    let count = 0;
    for (;;) {
      const { rows } = await next;
      next = undefined;
      if (rows.length === 0) break;
      // Ask for the next batch before handing this one out: the server works while the caller hashes.
      if (rows.length === p.batchSize) next = fetch();
      for (const r of rows) {
        count++;
        yield toRow(r);
      }
      if (!next) break;
    }
    if (count === 0) {
      throw new EntitlementError(
        "NO_HOLDERS",
        `nobody is entitled at block ${date.block}: no units held (after exclusions${p.includeFrozen ? "" : " and frozen tokens"}) or every amount rounds to 0`,
      );
    }
    await client.query("COMMIT");
    committed = true;
    return date;
  } finally {
    // An early break (the caller's return) or an error: a fetch still in flight finishes first (pg queues the
    // ROLLBACK behind it on this connection; its own failure is moot), then the rollback closes the cursor.
    next?.catch(() => {});
    let broken = false;
    if (!committed) await client.query("ROLLBACK").catch(() => (broken = true));
    client.release(broken);
  }
}
