// Balance history read from the indexed transfers: one holder's balance and the whole cap table as of a past block
// or a record date. Every Transfer row is kept (blocks, log indexes, amounts), so any past cap table is a sum over
// them; the indexes (chainId, to|from, token, blockNumber) make one holder's history a short index range.
import { Prisma, type PrismaClient } from "./generated/client.ts";

const ZERO = "0x0000000000000000000000000000000000000000";

/** A position in a past cap table. */
export interface HistoricalHolding {
  wallet: string;
  /** Token base units right after the block. */
  balance: bigint;
}

/**
 * Balance of `wallet` in `token` right after block `block` (all transfers of blocks <= `block`), in base units.
 * Two index range scans over that holder's own transfers: milliseconds even with millions of rows.
 * Addresses are compared lower-case.
 */
export async function balanceAt(
  prisma: PrismaClient,
  params: { chainId: number; token: string; wallet: string; block: bigint | number },
): Promise<bigint> {
  const token = params.token.toLowerCase();
  const wallet = params.wallet.toLowerCase();
  const block = BigInt(params.block);
  const rows = await prisma.$queryRaw<{ balance: string }[]>(Prisma.sql`
    SELECT (COALESCE((SELECT sum("amount") FROM "Transfer"
                      WHERE "chainId" = ${params.chainId} AND "to" = ${wallet} AND "token" = ${token} AND "blockNumber" <= ${block}), 0)
          - COALESCE((SELECT sum("amount") FROM "Transfer"
                      WHERE "chainId" = ${params.chainId} AND "from" = ${wallet} AND "token" = ${token} AND "blockNumber" <= ${block}), 0)
           )::text AS balance`);
  return BigInt(rows[0]!.balance);
}

/**
 * The last block at or before `date` that holds a transfer of `token` (the block a record date resolves to for
 * this asset's cap table), or undefined if the asset had no transfer by then.
 */
export async function blockAtDate(
  prisma: PrismaClient,
  params: { chainId: number; token: string; date: Date },
): Promise<bigint | undefined> {
  const rows = await prisma.$queryRaw<{ block: bigint | null }[]>(Prisma.sql`
    SELECT max("blockNumber") AS block FROM "Transfer"
    WHERE "chainId" = ${params.chainId} AND "token" = ${params.token.toLowerCase()} AND "blockTime" <= ${params.date}`);
  const block = rows[0]?.block;
  return block === null || block === undefined ? undefined : BigInt(block);
}

/**
 * The cap table of `token` right after block `block`: holding wallets (one row per wallet with a positive balance;
 * {@link holderCountAt} counts the holders, identities, behind them), largest first (ties by wallet), paged by
 * `limit`/`offset`. Aggregates every transfer up to the block (a reporting query: about a second
 * per million transfers), for record dates of distributions and regulator reports.
 */
export async function capTableAt(
  prisma: PrismaClient,
  params: { chainId: number; token: string; block: bigint | number; limit?: number; offset?: number },
): Promise<HistoricalHolding[]> {
  const token = params.token.toLowerCase();
  const block = BigInt(params.block);
  const rows = await prisma.$queryRaw<{ wallet: string; balance: string }[]>(Prisma.sql`
    SELECT wallet, sum(d)::text AS balance FROM (
      SELECT "to" AS wallet, "amount" AS d FROM "Transfer"
      WHERE "chainId" = ${params.chainId} AND "token" = ${token} AND "blockNumber" <= ${block} AND "to" <> ${ZERO}
      UNION ALL
      SELECT "from", -"amount" FROM "Transfer"
      WHERE "chainId" = ${params.chainId} AND "token" = ${token} AND "blockNumber" <= ${block} AND "from" <> ${ZERO}
    ) AS moves
    GROUP BY wallet HAVING sum(d) > 0
    ORDER BY sum(d) DESC, wallet
    LIMIT ${params.limit ?? 100} OFFSET ${params.offset ?? 0}`);
  return rows.map((r) => ({ wallet: r.wallet, balance: BigInt(r.balance) }));
}

// Holders are investors (identities), not wallets (ARCHITECTURE.md glossary, "holder"; what MaxHoldersModule counts).
// A holding wallet's holder key is the identity the asset's identity registry has on record for it (its Investor
// row, registered or since removed), or the wallet itself when the registry has no record of it; a key holds when
// the sum over its wallets is positive (balances are never negative, so: when any of its wallets holds).

/**
 * SQL: `(wallet, key, country)` of every wallet on record in the identity registry of `token` (`holder_keys`) and
 * `(key, country)` per identity (`key_countries`): the country on the identity's most recently updated record
 * (registered ones first) when its wallets' records differ. Append `, …` CTEs after it.
 */
function holderKeyCtes(chainId: number, token: string): Prisma.Sql {
  return Prisma.sql`
    registry AS (SELECT "identityRegistry" AS r FROM "Asset" WHERE "chainId" = ${chainId} AND "token" = ${token}),
    holder_keys AS (
      SELECT i."wallet", i."identity" AS key FROM "Investor" AS i
      WHERE i."chainId" = ${chainId} AND i."identityRegistry" = (SELECT r FROM registry)
    ), key_countries AS (
      SELECT DISTINCT ON (i."identity") i."identity" AS key, i."country" FROM "Investor" AS i
      WHERE i."chainId" = ${chainId} AND i."identityRegistry" = (SELECT r FROM registry)
      ORDER BY i."identity", i."registered" DESC, i."updatedBlock" DESC, i."wallet"
    )`;
}

/**
 * SQL: `(key, balance)` of every holder of `token` right after `block`, or now (the indexed Holding rows) when
 * `block` is undefined (needs {@link holderKeyCtes} before it).
 */
function holderBalancesCte(chainId: number, token: string, block: bigint | undefined): Prisma.Sql {
  const wallets = block === undefined
    ? Prisma.sql`SELECT "wallet" AS wallet, "balance" AS balance FROM "Holding"
                 WHERE "chainId" = ${chainId} AND "token" = ${token} AND "balance" > 0`
    : Prisma.sql`SELECT wallet, sum(d) AS balance FROM (
        SELECT "to" AS wallet, "amount" AS d FROM "Transfer"
        WHERE "chainId" = ${chainId} AND "token" = ${token} AND "blockNumber" <= ${block} AND "to" <> ${ZERO}
        UNION ALL
        SELECT "from", -"amount" FROM "Transfer"
        WHERE "chainId" = ${chainId} AND "token" = ${token} AND "blockNumber" <= ${block} AND "from" <> ${ZERO}
      ) AS moves GROUP BY wallet HAVING sum(d) > 0`;
  return Prisma.sql`
    wallets AS (${wallets}), holders AS (
      SELECT COALESCE(k.key, w.wallet) AS key, sum(w.balance) AS balance
      FROM wallets AS w LEFT JOIN holder_keys AS k ON k."wallet" = w.wallet GROUP BY 1
    )`;
}

/**
 * Number of holders of `token` right after block `block`: investors (identities) with a positive balance over all
 * their wallets, each counted once (see the holder key above), as `Asset.holderCount` counts them now and
 * MaxHoldersModule counts them on chain. Same cost as {@link capTableAt}. Addresses are compared lower-case.
 */
export async function holderCountAt(
  prisma: PrismaClient,
  params: { chainId: number; token: string; block: bigint | number },
): Promise<number> {
  const token = params.token.toLowerCase();
  const rows = await prisma.$queryRaw<{ holders: number }[]>(Prisma.sql`
    WITH ${holderKeyCtes(params.chainId, token)}, ${holderBalancesCte(params.chainId, token, BigInt(params.block))}
    SELECT count(*)::int AS holders FROM holders`);
  return rows[0]?.holders ?? 0;
}

/**
 * Holders (identities, as {@link holderCountAt}) and total held per investor country of `token` right after block
 * `block`; a holder's country is its identity's country on record (its most recently updated record when its
 * wallets' records differ), 0 for wallets without a record in the asset's identity registry. Same cost as
 * {@link capTableAt}.
 * @returns one entry per country with holders, ascending by country code.
 */
export function countryTotalsAt(
  prisma: PrismaClient,
  params: { chainId: number; token: string; block: bigint | number },
): Promise<{ country: number; holders: number; balance: bigint }[]> {
  return countryTotalsOf(prisma, params.chainId, params.token, BigInt(params.block));
}

/**
 * {@link countryTotalsAt} now: from the indexed balances (Holding), one index range over the asset's holdings.
 * The holders per country add up to `Asset.holderCount`.
 */
export function countryTotals(
  prisma: PrismaClient,
  params: { chainId: number; token: string },
): Promise<{ country: number; holders: number; balance: bigint }[]> {
  return countryTotalsOf(prisma, params.chainId, params.token, undefined);
}

async function countryTotalsOf(prisma: PrismaClient, chainId: number, token: string, block: bigint | undefined) {
  token = token.toLowerCase();
  const rows = await prisma.$queryRaw<{ country: number; holders: number; balance: string }[]>(Prisma.sql`
    WITH ${holderKeyCtes(chainId, token)}, ${holderBalancesCte(chainId, token, block)}
    SELECT COALESCE(c."country", 0)::int AS country, count(*)::int AS holders, sum(h.balance)::text AS balance
    FROM holders AS h LEFT JOIN key_countries AS c ON c.key = h.key
    GROUP BY 1 ORDER BY 1`);
  return rows.map((r) => ({ country: r.country, holders: r.holders, balance: BigInt(r.balance) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Series over time (charts, regulator reports): total supply, holder count and per-country totals per block or per
// UTC day. Each is one aggregate query over the asset's indexed transfers grouped by bucket; the running totals are
// summed here. Holder counts need every holder's running balance, so they read the asset's whole history up to the
// range's end (a reporting query: about a second per million transfers, like capTableAt).

/** How a series is bucketed: per block holding a transfer of the asset, or per UTC calendar day. */
export type HistoryBucket = "block" | "day";

/**
 * The range and bucketing of a series of one asset.
 * - `bucket: "block"`: `from`/`to` are block numbers (inclusive); one point per block in the range that holds a
 *   transfer of the asset (sparse: blocks without one change nothing). Defaults: the first and last such block.
 * - `bucket: "day"`: `from`/`to` are Dates whose UTC days bound the series (inclusive); one point per UTC day, days
 *   without transfers included (dense, ready for a chart). Defaults: the days of the first and last transfer.
 */
export type HistoryParams = { chainId: number; token: string } & (
  | { bucket: "block"; from?: bigint | number; to?: bigint | number }
  | { bucket: "day"; from?: Date; to?: Date }
);

/** Where a point of a series sits in time. */
export interface HistoryPoint {
  /** The block's time (`bucket: "block"`), or 00:00 UTC of the day (`bucket: "day"`). */
  time: Date;
  /**
   * The block (`"block"`), or the last block at or before the end of the day holding a transfer of the asset
   * (`"day"`; null before the asset's first transfer): pass it to capTableAt for the cap table behind the point.
   */
  block: bigint | null;
}

/** Total supply at the end of a bucket, and what was minted and burned within it (token base units). */
export interface SupplyPoint extends HistoryPoint {
  totalSupply: bigint;
  minted: bigint;
  burned: bigint;
}

/** Number of holders (identities with a positive balance, see {@link holderCountAt}) at the end of a bucket. */
export interface HolderCountPoint extends HistoryPoint {
  holders: number;
}

/** Holders (identities with a positive balance) and their total balance per investor country at the end of a bucket. */
export interface CountryTotalsPoint extends HistoryPoint {
  /** ISO-3166 numeric code (0: no registered identity), ascending; countries that never held are absent. */
  countries: { country: number; holders: number; balance: bigint }[];
}

/** Most points one call returns (100 years of days): a wider range is refused rather than silently cut. */
export const MAX_HISTORY_POINTS = 36_600;
const DAY_MS = 86_400_000;

/** What a range resolves to: bounds as bucket keys (block number, or the day's epoch milliseconds). */
interface Resolved {
  bucket: HistoryBucket;
  from: bigint | undefined;
  to: bigint | undefined;
}

function resolveRange(params: HistoryParams): Resolved {
  const { bucket } = params;
  if (bucket !== "block" && bucket !== "day") throw new TypeError(`bucket must be "block" or "day", got ${JSON.stringify(bucket)}`);
  const key = (v: unknown, name: string): bigint | undefined => {
    if (v === undefined) return undefined;
    if (bucket === "day") {
      if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw new TypeError(`${name} must be a valid Date for day buckets`);
      return BigInt(Math.floor(v.getTime() / DAY_MS) * DAY_MS);
    }
    if (typeof v !== "bigint" && !(typeof v === "number" && Number.isSafeInteger(v))) {
      throw new TypeError(`${name} must be a block number (bigint or integer) for block buckets`);
    }
    const n = BigInt(v);
    if (n < 0n) throw new RangeError(`${name} must be a block number >= 0, got ${n}`);
    return n;
  };
  const from = key(params.from, "from");
  const to = key(params.to, "to");
  if (from !== undefined && to !== undefined && from > to) throw new RangeError(`from (${params.from}) is after to (${params.to})`);
  if (bucket === "day" && from !== undefined && to !== undefined && (to - from) / BigInt(DAY_MS) + 1n > BigInt(MAX_HISTORY_POINTS)) {
    throw new RangeError(`the range spans more than ${MAX_HISTORY_POINTS} days`);
  }
  return { bucket, from, to };
}

/** SQL of a bucket's key for a "Transfer" row (block number, or the UTC day as epoch milliseconds). */
const bucketSql = (bucket: HistoryBucket) =>
  bucket === "block" ? Prisma.raw(`"blockNumber"`) : Prisma.raw(`(extract(epoch FROM date_trunc('day', "blockTime")) * 1000)::bigint`);

/** Upper bound on "Transfer" rows for the range's end (none when open). */
function endFilter(r: Resolved): Prisma.Sql {
  if (r.to === undefined) return Prisma.empty;
  return r.bucket === "block"
    ? Prisma.sql`AND "blockNumber" <= ${r.to}`
    : Prisma.sql`AND "blockTime" < ${new Date(Number(r.to) + DAY_MS)}`;
}

/** One bucket's aggregated changes, keyed as {@link Resolved}. */
interface Change<V> {
  key: bigint;
  block: bigint;
  time: Date;
  value: V;
}

/**
 * Walks the sparse per-bucket changes (ascending, covering all history up to the range's end) and emits one point per
 * bucket of the range: every changed bucket for blocks, every day for days. `apply` folds a change into the running
 * state; `emit` builds a point from it.
 */
function series<V, S, P extends HistoryPoint>(
  r: Resolved,
  changes: Change<V>[],
  state: S,
  apply: (state: S, value: V) => S,
  emit: (state: S, point: HistoryPoint, value: V | undefined) => P,
): P[] {
  if (changes.length === 0 && (r.from === undefined || r.to === undefined)) return [];
  const from = r.from ?? changes[0]!.key;
  const to = r.to ?? changes.at(-1)!.key;
  const out: P[] = [];
  let i = 0;
  let lastBlock: bigint | null = null;
  for (; i < changes.length && changes[i]!.key < from; i++) {
    state = apply(state, changes[i]!.value);
    lastBlock = changes[i]!.block;
  }
  if (r.bucket === "block") {
    for (; i < changes.length && changes[i]!.key <= to; i++) {
      const c = changes[i]!;
      state = apply(state, c.value);
      out.push(emit(state, { time: c.time, block: c.block }, c.value));
    }
    return out;
  }
  if ((to - from) / BigInt(DAY_MS) + 1n > BigInt(MAX_HISTORY_POINTS)) throw new RangeError(`the range spans more than ${MAX_HISTORY_POINTS} days`);
  for (let day = from; day <= to; day += BigInt(DAY_MS)) {
    let value: V | undefined;
    if (i < changes.length && changes[i]!.key === day) {
      const c = changes[i++]!;
      state = apply(state, c.value);
      lastBlock = c.block;
      value = c.value;
    }
    out.push(emit(state, { time: new Date(Number(day)), block: lastBlock }, value));
  }
  return out;
}

/**
 * Total supply of `token` over time, from its indexed mints (Transfer from the zero address) and burns (to it):
 * the supply at the end of each bucket and the amounts minted and burned within it, in token base units.
 * One grouped scan of the asset's transfers up to the range's end.
 *
 * @example supplyHistory(prisma, { chainId: 31337, token, bucket: "day", from: new Date("2026-01-01"), to: new Date() })
 * @returns points in time order (see {@link HistoryParams} for which buckets appear); [] when the asset has no
 *   transfer and the range is open.
 * @throws TypeError if `bucket` is not "block"/"day" or `from`/`to` do not match it (block numbers vs Dates);
 *   RangeError if `from` is after `to`, a block number is negative, or a day range exceeds {@link MAX_HISTORY_POINTS}.
 */
export async function supplyHistory(prisma: PrismaClient, params: HistoryParams): Promise<SupplyPoint[]> {
  const r = resolveRange(params);
  const rows = await prisma.$queryRaw<{ k: bigint; b: bigint; t: Date; minted: string; burned: string }[]>(Prisma.sql`
    SELECT ${bucketSql(r.bucket)} AS k, max("blockNumber") AS b, max("blockTime") AS t,
           COALESCE(sum("amount") FILTER (WHERE "from" = ${ZERO}), 0)::text AS minted,
           COALESCE(sum("amount") FILTER (WHERE "to" = ${ZERO}), 0)::text AS burned
    FROM "Transfer" WHERE "chainId" = ${params.chainId} AND "token" = ${params.token.toLowerCase()} ${endFilter(r)}
    GROUP BY 1 ORDER BY 1`);
  const changes = rows.map((x) => ({
    key: BigInt(x.k),
    block: BigInt(x.b),
    time: x.t,
    value: { minted: BigInt(x.minted), burned: BigInt(x.burned) },
  }));
  return series(r, changes, 0n, (s, v) => s + v.minted - v.burned, (s, p, v) => ({
    ...p,
    totalSupply: s,
    minted: v?.minted ?? 0n,
    burned: v?.burned ?? 0n,
  }));
}

/**
 * Per bucket and investor country: holders (identities) gained (+) or lost (−) and the net balance change. Running
 * balances are per holder key (the sum over the key's wallets, see {@link holderCountAt}); a holder's country is its
 * identity's current one in the asset's identity registry (0 without a record), as in {@link countryTotalsAt}.
 */
async function holderChanges(prisma: PrismaClient, params: HistoryParams, r: Resolved) {
  const token = params.token.toLowerCase();
  const rows = await prisma.$queryRaw<{ k: bigint; b: bigint; t: Date; country: number; dh: number; dbal: string }[]>(Prisma.sql`
    WITH ${holderKeyCtes(params.chainId, token)}, moves AS (
      SELECT "to" AS w, "blockNumber" AS b, "blockTime" AS t, ${bucketSql(r.bucket)} AS k, "amount" AS d FROM "Transfer"
      WHERE "chainId" = ${params.chainId} AND "token" = ${token} AND "to" <> ${ZERO} ${endFilter(r)}
      UNION ALL
      SELECT "from", "blockNumber", "blockTime", ${bucketSql(r.bucket)}, -"amount" FROM "Transfer"
      WHERE "chainId" = ${params.chainId} AND "token" = ${token} AND "from" <> ${ZERO} ${endFilter(r)}
    ), per_wallet AS (
      SELECT w, b, max(t) AS t, max(k) AS k, sum(d) AS d FROM moves GROUP BY w, b
    ), per_block AS (
      SELECT COALESCE(hk.key, m.w) AS key, m.b, max(m.t) AS t, max(m.k) AS k, sum(m.d) AS d
      FROM per_wallet AS m LEFT JOIN holder_keys AS hk ON hk."wallet" = m.w GROUP BY 1, 2
    ), running AS (
      SELECT key, b, t, k, d, sum(d) OVER (PARTITION BY key ORDER BY b) AS bal FROM per_block
    )
    SELECT r.k, max(r.b) AS b, max(r.t) AS t, COALESCE(c."country", 0)::int AS country,
           sum(CASE WHEN r.bal > 0 AND r.bal - r.d <= 0 THEN 1 WHEN r.bal <= 0 AND r.bal - r.d > 0 THEN -1 ELSE 0 END)::int AS dh,
           sum(r.d)::text AS dbal
    FROM running AS r LEFT JOIN key_countries AS c ON c.key = r.key
    GROUP BY r.k, 4 ORDER BY r.k, 4`);
  const changes: Change<Map<number, { dh: number; dbal: bigint }>>[] = [];
  for (const x of rows) {
    const key = BigInt(x.k);
    let c = changes.at(-1);
    if (!c || c.key !== key) {
      c = { key, block: BigInt(x.b), time: x.t, value: new Map() };
      changes.push(c);
    }
    if (BigInt(x.b) > c.block) c.block = BigInt(x.b);
    if (x.t > c.time) c.time = x.t;
    c.value.set(x.country, { dh: x.dh, dbal: BigInt(x.dbal) });
  }
  return changes;
}

/**
 * Number of holders of `token` (identities with a positive balance over all their wallets, as `Asset.holderCount`
 * and MaxHoldersModule count them; see {@link holderCountAt}) at the end of each bucket, from its indexed transfers,
 * with the identities on record now. Reads the asset's whole history up to the range's end (each holder's running
 * balance): about a second per million transfers.
 *
 * @returns points in time order (see {@link HistoryParams}); [] when the asset has no transfer and the range is open.
 * @throws TypeError / RangeError on an invalid range, as {@link supplyHistory}.
 */
export async function holderCountHistory(prisma: PrismaClient, params: HistoryParams): Promise<HolderCountPoint[]> {
  const r = resolveRange(params);
  const changes = await holderChanges(prisma, params, r);
  return series(r, changes, 0, (holders, v) => {
    for (const c of v.values()) holders += c.dh;
    return holders;
  }, (holders, p) => ({ ...p, holders }));
}

/**
 * Holders and total balance (token base units) per investor country of `token` at the end of each bucket: the
 * series behind {@link countryTotalsAt}, with the same holders and country attribution (the identity's current country
 * in the asset's identity registry, 0 without a record). Same cost as {@link holderCountHistory}.
 *
 * @returns points in time order (see {@link HistoryParams}); countries whose holders all left stay listed with 0.
 * @throws TypeError / RangeError on an invalid range, as {@link supplyHistory}.
 */
export async function countryTotalsHistory(prisma: PrismaClient, params: HistoryParams): Promise<CountryTotalsPoint[]> {
  const r = resolveRange(params);
  const changes = await holderChanges(prisma, params, r);
  const totals = new Map<number, { holders: number; balance: bigint }>();
  return series(r, changes, totals, (s, v) => {
    for (const [country, c] of v) {
      const t = s.get(country) ?? { holders: 0, balance: 0n };
      s.set(country, { holders: t.holders + c.dh, balance: t.balance + c.dbal });
    }
    return s;
  }, (s, p) => ({
    ...p,
    countries: [...s].sort((a, b) => a[0] - b[0]).map(([country, t]) => ({ country, holders: t.holders, balance: t.balance })),
  }));
}
