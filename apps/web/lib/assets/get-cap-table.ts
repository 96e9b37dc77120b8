import { holderCountAt } from "@tessera/db";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { getPrisma } from "../db/prisma";
import { getServerConfig } from "../config/server-config";
import type { CapTableAsOf, CapTableResponse, CapTableRow, CapTableSort, OwnershipResponse } from "../shared/api-types";
import { csvStreamResponse } from "../shared/csv";
import { hex, percentString } from "../shared/serialize";
import { blockParam, dayParam, paginationQuery } from "../shared/params";
import { pendingByController, pendingJson, type PendingOfController } from "../vault/pending-requests";
import { erc20Info } from "../chain/contract-reads";

const ZERO = "0x0000000000000000000000000000000000000000";

/** Record date of a past cap table: a block, or a date (end of that day, UTC). */
export const asOfQuery = z.object({
  asOfBlock: blockParam.optional(),
  asOfDate: dayParam.optional(),
});

/** Query of GET /api/assets/[token]/cap-table: page, sort, filters, record date, `format=csv`. */
export const capTableQuery = paginationQuery.merge(asOfQuery).extend({
  sort: z.enum(["balance", "wallet", "country", "kycExpiresAt", "firstAcquiredBlock"]).default("balance"),
  dir: z.enum(["asc", "desc"]).optional(),
  /** Part of a wallet address (hex). */
  q: z.string().trim().toLowerCase().regex(/^(0x)?[0-9a-f]{1,40}$/, "search by (part of) a wallet address").optional(),
  country: z.coerce.number().int().min(0).max(999).optional(),
  /** live only: "frozen" (whole wallet), "partly" (some tokens), "none". */
  frozen: z.enum(["frozen", "partly", "none"]).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});
export type CapTableQuery = z.infer<typeof capTableQuery>;

interface RawRow {
  wallet: string;
  balance: string;
  frozen: boolean | null;
  frozenAmount: string | null;
  lockedAmount: string | null;
  pendingDeposit: string | null;
  pendingRedeem: string | null;
  firstAcquiredBlock: bigint | null;
  country: number | null;
  kycExpiresAt: bigint | null;
}

/**
 * SQL pieces for one cap table: a FROM clause producing (wallet, balance numeric, frozen, frozenAmount, lockedAmount,
 * firstAcquiredBlock, pendingDeposit, pendingRedeem); the last three are NULL at a record date.
 */
interface Source {
  /** WITH … prefix (as-of only). */
  with: string;
  /** FROM … producing alias h with wallet, balance, frozen, "frozenAmount", "lockedAmount", "firstAcquiredBlock", "pendingDeposit", "pendingRedeem". */
  from: string;
  params: unknown[];
  asOf: CapTableAsOf | null;
  /** Now, for an asset with a vault: every controller with something Pending (read once per request). */
  pending?: PendingOfController[];
}

/**
 * Balances now (Holding, written by the indexer) or at a record date (summed from Transfer rows up to a block, or
 * up to the end of a day UTC). Past cap tables carry no freeze, lock or pending state. Now, for an asset with a vault,
 * each wallet also carries what its vault requests have Pending (lib/vault/pending-requests), and a controller with a
 * Pending subscription but no balance yet is a row too (balance 0).
 */
async function source(chainId: number, token: string, q: z.infer<typeof asOfQuery>, vault: string | null = null): Promise<Source> {
  if (q.asOfBlock === undefined && q.asOfDate === undefined) {
    const holding = `SELECT wallet, balance, frozen, "frozenAmount", "lockedAmount", "firstAcquiredBlock" FROM "Holding" WHERE "chainId" = $1 AND token = $2`;
    if (!vault) {
      return {
        with: "",
        from: `(SELECT x.*, 0::numeric AS "pendingDeposit", 0::numeric AS "pendingRedeem" FROM (${holding}) x) h`,
        params: [chainId, token],
        asOf: null,
      };
    }
    // The vault's Pending amounts are read once (work proportional to the asset's vault rows), then each statement
    // gets them as one jsonb parameter (`pj`, evaluated once): the holdings keep their (chainId, token, balance) and
    // primary-key order for sorting and paging, each row looks its Pending amounts up by wallet, and the controllers
    // holding nothing are appended by UNION ALL (no FULL JOIN, which would join and sort every holder first).
    const pending = await pendingByController(chainId, token, vault);
    return {
      with: `WITH pj AS MATERIALIZED (SELECT $3::jsonb AS j)`,
      from: `(SELECT x.wallet, x.balance, x.frozen, x."frozenAmount", x."lockedAmount", x."firstAcquiredBlock",
                COALESCE(((SELECT j FROM pj) -> x.wallet ->> 0)::numeric, 0) AS "pendingDeposit",
                COALESCE(((SELECT j FROM pj) -> x.wallet ->> 1)::numeric, 0) AS "pendingRedeem"
              FROM "Holding" x WHERE x."chainId" = $1 AND x.token = $2
              UNION ALL
              SELECT p.key, 0::numeric, false, 0::numeric, 0::numeric, NULL::bigint, (p.value ->> 0)::numeric, (p.value ->> 1)::numeric
              FROM pj CROSS JOIN jsonb_each(pj.j) p
              WHERE NOT EXISTS (SELECT 1 FROM "Holding" y WHERE y."chainId" = $1 AND y.token = $2 AND y.wallet = p.key)) h`,
      params: [chainId, token, pendingJson(pending)],
      asOf: null,
      pending,
    };
  }
  const byBlock = q.asOfBlock !== undefined;
  const limit = byBlock ? q.asOfBlock! : new Date(Date.parse(`${q.asOfDate}T00:00:00Z`) + 86_400_000);
  const cond = byBlock ? `"blockNumber" <= $3` : `"blockTime" < $3`;
  const moves = `
    WITH moves AS (
      SELECT "to" AS wallet, amount AS delta, "blockNumber" AS block FROM "Transfer"
        WHERE "chainId" = $1 AND token = $2 AND ${cond} AND "to" <> '${ZERO}'
      UNION ALL
      SELECT "from" AS wallet, -amount AS delta, "blockNumber" AS block FROM "Transfer"
        WHERE "chainId" = $1 AND token = $2 AND ${cond} AND "from" <> '${ZERO}'
    )`;
  let block: string | null = byBlock ? q.asOfBlock!.toString() : null;
  if (!byBlock) {
    const [last] = await getPrisma().$queryRawUnsafe<Array<{ block: bigint | null }>>(
      `SELECT MAX("blockNumber") AS block FROM "Transfer" WHERE "chainId" = $1 AND token = $2 AND "blockTime" < $3`,
      chainId,
      token,
      limit,
    );
    block = last?.block?.toString() ?? null;
  }
  return {
    with: moves,
    from: `(SELECT wallet, SUM(delta) AS balance, NULL::boolean AS frozen, NULL::numeric AS "frozenAmount", NULL::numeric AS "lockedAmount",
              MIN(block) FILTER (WHERE delta > 0) AS "firstAcquiredBlock", NULL::numeric AS "pendingDeposit", NULL::numeric AS "pendingRedeem"
            FROM moves GROUP BY wallet) h`,
    params: [chainId, token, limit],
    asOf: { block, date: q.asOfDate ?? null },
  };
}

/** Sort keys; NULLS LAST in the ORDER BY only where the column can be null (balance and wallet never are, and their
 * plain order is the one the Holding indexes give). */
const SORT_SQL: Record<CapTableSort, string> = {
  balance: "h.balance",
  wallet: "h.wallet",
  country: "i.country",
  kycExpiresAt: `i."kycExpiresAt"`,
  firstAcquiredBlock: `h."firstAcquiredBlock"`,
};

/** Sort keys that can be null (not registered, no KYC, acquired before the index). */
const NULLABLE_SORT: ReadonlySet<CapTableSort> = new Set(["country", "kycExpiresAt", "firstAcquiredBlock"]);

async function loadAsset(token: `0x${string}`) {
  const { chainId } = getServerConfig();
  const asset = await getPrisma().asset.findUnique({ where: { chainId_token: { chainId, token } } });
  if (!asset) throw new ApiError(ErrorCode.NOT_FOUND, `No asset ${token} on chain ${chainId}.`);
  return { chainId, asset };
}

/** Filters shared by the page, the count and the CSV; appends their parameters to `params`. */
function filterSql(q: Pick<CapTableQuery, "q" | "country" | "frozen">, params: unknown[], live: boolean): string {
  // Now, a wallet with a Pending subscription is listed before it holds anything.
  const parts = [live ? `(h.balance > 0 OR h."pendingDeposit" > 0)` : "h.balance > 0"];
  if (q.q) {
    params.push(`%${q.q}%`);
    parts.push(`h.wallet LIKE $${params.length}`);
  }
  if (q.country !== undefined) {
    if (q.country === 0) parts.push("i.country IS NULL");
    else {
      params.push(q.country);
      parts.push(`i.country = $${params.length}`);
    }
  }
  if (q.frozen && live) {
    parts.push(q.frozen === "frozen" ? "h.frozen" : q.frozen === "partly" ? `NOT h.frozen AND h."frozenAmount" > 0` : `NOT h.frozen AND h."frozenAmount" = 0`);
  }
  return parts.join(" AND ");
}

function joinInvestor(params: unknown[], registry: string): string {
  params.push(registry);
  return `LEFT JOIN "Investor" i ON i."chainId" = $1 AND i."identityRegistry" = $${params.length} AND i.wallet = h.wallet AND i.registered`;
}

const SELECT = `h.wallet, h.balance::text AS balance, h.frozen, h."frozenAmount"::text AS "frozenAmount", h."lockedAmount"::text AS "lockedAmount",
  h."pendingDeposit"::text AS "pendingDeposit", h."pendingRedeem"::text AS "pendingRedeem", h."firstAcquiredBlock", i.country, i."kycExpiresAt"`;

function toRow(r: RawRow, supply: bigint): CapTableRow {
  return {
    wallet: hex(r.wallet),
    balance: r.balance,
    sharePercent: percentString(BigInt(r.balance), supply),
    country: r.country ?? null,
    frozen: r.frozen,
    frozenAmount: r.frozenAmount,
    kycExpiresAt: r.kycExpiresAt === null ? null : r.kycExpiresAt.toString(),
    firstAcquiredBlock: r.firstAcquiredBlock === null ? null : r.firstAcquiredBlock.toString(),
    lockedAmount: r.lockedAmount,
    pendingSubscription: r.pendingDeposit,
    pendingRedemption: r.pendingRedeem,
  };
}

/**
 * Totals of the live cap table's money-leg columns over every row (no filters), with the vault's payment token (from
 * its VaultDeployed event in the index; symbol and decimals read once and cached). Null at a record date.
 */
async function pendingTotals(chainId: number, asset: { token: string; vault: string | null }, src: Source): Promise<CapTableResponse["pending"]> {
  if (src.asOf) return null;
  const prisma = getPrisma();
  // Every controller with something Pending is a row: the Pending totals are the sums of what was read once.
  const sum = (k: "deposit" | "redeem") => (src.pending ?? []).reduce((a, p) => a + BigInt(p[k]), 0n).toString();
  const [[t], vaultEvent] = await Promise.all([
    prisma.$queryRawUnsafe<Array<{ locked: string }>>(
      `SELECT COALESCE(SUM("lockedAmount"), 0)::text AS locked FROM "Holding" WHERE "chainId" = $1 AND token = $2 AND "lockedAmount" > 0`,
      chainId,
      asset.token,
    ),
    asset.vault
      ? prisma.$queryRawUnsafe<Array<{ paymentToken: string | null }>>(
          `SELECT "args"->>'paymentToken' AS "paymentToken" FROM "MoneyLegEvent"
           WHERE "chainId" = $1 AND token = $2 AND source = 'vault' AND event = 'VaultDeployed' AND "args"->>'vault' = $3 LIMIT 1`,
          chainId,
          asset.token,
          asset.vault,
        )
      : Promise.resolve([]),
  ]);
  const pt = vaultEvent[0]?.paymentToken;
  return {
    vault: asset.vault ? hex(asset.vault) : null,
    paymentToken: pt ? await erc20Info(pt as `0x${string}`) : null,
    subscriptionTotal: sum("deposit"),
    redemptionTotal: sum("redeem"),
    lockedTotal: t?.locked ?? "0",
  };
}

/** Total supply of a source (all holders, no filters): the base of "% of supply". */
async function totalSupply(src: Source): Promise<bigint> {
  // Now: the holdings alone (wallets with only something Pending hold 0).
  const [t] = await getPrisma().$queryRawUnsafe<Array<{ supply: string | null }>>(
    src.asOf
      ? `${src.with} SELECT COALESCE(SUM(h.balance), 0)::text AS supply FROM ${src.from} WHERE h.balance > 0`
      : `SELECT COALESCE(SUM(balance), 0)::text AS supply FROM "Holding" WHERE "chainId" = $1 AND token = $2 AND balance > 0`,
    ...src.params.slice(0, src.asOf ? undefined : 2),
  );
  return BigInt(t?.supply ?? "0");
}

/**
 * Holders of the asset for a source: investors (identities) with a positive balance over all their wallets, each
 * counted once (ARCHITECTURE.md glossary), as MaxHoldersModule counts them. Now: the indexer's `Asset.holderCount`;
 * at a record date: `holderCountAt` of @tessera/db at the record date's block (0 before the asset's first transfer).
 * The rows of a cap table stay one per holding wallet.
 */
async function holderCount(chainId: number, asset: { token: string; holderCount: number }, src: Source): Promise<number> {
  if (!src.asOf) return asset.holderCount;
  if (src.asOf.block === null) return 0;
  return holderCountAt(getPrisma(), { chainId, token: asset.token, block: BigInt(src.asOf.block) });
}

/**
 * The cap table of an asset: holders with a non-zero balance, now or at a record date (block or day), filtered by
 * wallet, country and freeze state, sorted on the server (balance by default, largest first; ties by wallet),
 * one page of them, each with share of supply, country and KYC expiry from the identity registry, first acquisition
 * block and freeze state.
 * @throws ApiError NOT_FOUND when the asset is unknown
 */
export async function getCapTable(token: `0x${string}`, query: Partial<CapTableQuery> & { page: number; pageSize: number }): Promise<CapTableResponse> {
  const q = capTableQuery.parse({ ...query, format: "json" });
  return runCapTable(token, q, q.pageSize, (q.page - 1) * q.pageSize);
}

async function runCapTable(token: `0x${string}`, q: CapTableQuery, limit: number, offset: number): Promise<CapTableResponse> {
  const { chainId, asset } = await loadAsset(token);
  const src = await source(chainId, token, q, asset.vault);
  const dir = q.dir ?? (q.sort === "balance" ? "desc" : "asc");
  const params = [...src.params];
  const join = joinInvestor(params, asset.identityRegistry);
  const where = filterSql(q, params, src.asOf === null);
  const order = `ORDER BY ${SORT_SQL[q.sort]} ${dir.toUpperCase()}${NULLABLE_SORT.has(q.sort) ? " NULLS LAST" : ""}, h.wallet ASC`;
  // Sorting or filtering by country or KYC expiry needs every row's investor; otherwise the page is cut first.
  const byInvestor = q.sort === "country" || q.sort === "kycExpiresAt" || q.country !== undefined;
  const prisma = getPrisma();
  const [supply, holders, pending, [count], rows] = await Promise.all([
    totalSupply(src),
    holderCount(chainId, asset, src),
    pendingTotals(chainId, asset, src),
    prisma.$queryRawUnsafe<Array<{ total: bigint }>>(`${src.with} SELECT COUNT(*) AS total FROM ${src.from} ${join} WHERE ${where}`, ...params),
    prisma.$queryRawUnsafe<RawRow[]>(
      byInvestor
        ? `${src.with} SELECT ${SELECT} FROM ${src.from} ${join} WHERE ${where} ${order} LIMIT ${Math.floor(limit)} OFFSET ${Math.floor(offset)}`
        : // The page first (sorted and cut on the holdings' own columns and indexes), then its rows' investors.
          `${src.with} SELECT ${SELECT} FROM (SELECT * FROM ${src.from} WHERE ${where} ${order} LIMIT ${Math.floor(limit)} OFFSET ${Math.floor(offset)}) h
           ${join} ${order}`,
      ...params,
    ),
  ]);
  return {
    token: hex(asset.token),
    symbol: asset.symbol,
    decimals: asset.decimals,
    totalSupply: supply.toString(),
    holderCount: holders,
    page: q.page,
    pageSize: q.pageSize,
    total: Number(count?.total ?? 0),
    holders: rows.map((r) => toRow(r, supply)),
    sort: q.sort,
    dir,
    asOf: src.asOf,
    pending,
  };
}

/**
 * CSV columns of the cap-table export (GET /api/assets/[token]/cap-table?format=csv), one row per holding wallet (and,
 * now, per wallet with a Pending subscription), in the page's order:
 * - `wallet`; `balance_base_units` (token base units) and `balance` (whole tokens); `share_percent` of total supply;
 * - `country` (ISO-3166 numeric, empty when not registered), `kyc_expires_at` (ISO 8601, empty when none);
 * - `first_acquired_block`; `frozen` (yes | partly | no; empty at a record date), `frozen_base_units`;
 * - `locked_base_units`: tokens locked by a locker (vault redemption requests, DvP offers), token base units;
 * - `pending_subscription_base_units`: payment-token base units of the wallet's Pending subscription requests;
 * - `pending_redemption_base_units`: token base units of its Pending redemption requests.
 * The last three are empty at a record date (not kept per block).
 */
export const CAP_TABLE_CSV_HEADER = [
  "wallet",
  "balance_base_units",
  "balance",
  "share_percent",
  "country",
  "kyc_expires_at",
  "first_acquired_block",
  "frozen",
  "frozen_base_units",
  "locked_base_units",
  "pending_subscription_base_units",
  "pending_redemption_base_units",
] as const;

/** Most rows in one cap-table CSV. */
export const CAP_TABLE_CSV_MAX_ROWS = 100_000;
const CAP_TABLE_CSV_BATCH = 1_000;

/** Token base units in whole tokens ("1500", 3 → "1.5"). */
function units(v: string, d: number): string {
  if (d === 0) return v;
  const s = v.padStart(d + 1, "0");
  const int = s.slice(0, -d);
  const frac = s.slice(-d).replace(/0+$/, "");
  return frac ? `${int}.${frac}` : int;
}

/**
 * Every matching holder as a streamed CSV download ({@link CAP_TABLE_CSV_HEADER}; up to
 * {@link CAP_TABLE_CSV_MAX_ROWS}), same filters, order and record date as the page, read in batches.
 * @throws ApiError NOT_FOUND when the asset is unknown (before the download starts)
 */
export async function exportCapTableCsv(token: `0x${string}`, query: CapTableQuery): Promise<Response> {
  const { asset } = await loadAsset(token);
  const when = query.asOfBlock !== undefined ? `-block-${query.asOfBlock}` : query.asOfDate ? `-${query.asOfDate}` : "";
  return csvStreamResponse<number>(
    `cap-table-${asset.symbol}${when}.csv`,
    CAP_TABLE_CSV_HEADER,
    async (offset = 0) => {
      const page = await runCapTable(token, query, CAP_TABLE_CSV_BATCH, offset);
      return {
        rows: page.holders.map((h) => [
          h.wallet,
          h.balance,
          units(h.balance, page.decimals),
          h.sharePercent,
          h.country,
          h.kycExpiresAt ? new Date(Number(h.kycExpiresAt) * 1000).toISOString() : "",
          h.firstAcquiredBlock,
          h.frozen === null ? "" : h.frozen ? "yes" : h.frozenAmount !== "0" ? "partly" : "no",
          h.frozenAmount,
          h.lockedAmount,
          h.pendingSubscription,
          h.pendingRedemption,
        ]),
        next: page.holders.length === CAP_TABLE_CSV_BATCH ? offset + CAP_TABLE_CSV_BATCH : undefined,
      };
    },
    CAP_TABLE_CSV_MAX_ROWS,
  );
}

/**
 * Ownership of an asset now or at a record date: the 10 largest holders and the rest together, and every country
 * (null = wallets not registered), each with balance, share of supply and number of holders.
 * @throws ApiError NOT_FOUND
 */
export async function getOwnership(token: `0x${string}`, q: z.infer<typeof asOfQuery>): Promise<OwnershipResponse> {
  const { chainId, asset } = await loadAsset(token);
  const src = await source(chainId, token, q);
  const supply = await totalSupply(src);
  const params = [...src.params];
  const join = joinInvestor(params, asset.identityRegistry);
  // Holders per country are identities (holder keys: the identity on record, registered or since removed, else the wallet).
  const keyJoin = `LEFT JOIN "Investor" k ON k."chainId" = $1 AND k."identityRegistry" = $${params.length} AND k.wallet = h.wallet`;
  const prisma = getPrisma();
  const [top, rest, countries] = await Promise.all([
    prisma.$queryRawUnsafe<Array<{ wallet: string; balance: string }>>(
      `${src.with} SELECT h.wallet, h.balance::text AS balance FROM ${src.from} WHERE h.balance > 0 ORDER BY h.balance DESC, h.wallet ASC LIMIT 10`,
      ...src.params,
    ),
    prisma.$queryRawUnsafe<Array<{ balance: string | null; holders: bigint }>>(
      `${src.with} SELECT SUM(balance)::text AS balance, COUNT(*) AS holders FROM (
         SELECT h.balance FROM ${src.from} WHERE h.balance > 0 ORDER BY h.balance DESC, h.wallet ASC OFFSET 10) r`,
      ...src.params,
    ),
    prisma.$queryRawUnsafe<Array<{ country: number | null; balance: string; holders: bigint }>>(
      `${src.with} SELECT i.country, SUM(h.balance)::text AS balance, COUNT(DISTINCT COALESCE(k.identity, h.wallet)) AS holders
       FROM ${src.from} ${join} ${keyJoin}
       WHERE h.balance > 0 GROUP BY i.country ORDER BY SUM(h.balance) DESC, i.country ASC NULLS LAST`,
      ...params,
    ),
  ]);
  const byHolder: OwnershipResponse["byHolder"] = top.map((t) => ({
    wallet: hex(t.wallet),
    balance: t.balance,
    sharePercent: percentString(BigInt(t.balance), supply),
    holders: 1,
  }));
  const others = rest[0];
  if (others && Number(others.holders) > 0 && others.balance) {
    byHolder.push({ wallet: "others", balance: others.balance, sharePercent: percentString(BigInt(others.balance), supply), holders: Number(others.holders) });
  }
  return {
    token: hex(asset.token),
    symbol: asset.symbol,
    decimals: asset.decimals,
    totalSupply: supply.toString(),
    asOf: src.asOf,
    byHolder,
    byCountry: countries.map((c) => ({
      country: c.country ?? null,
      balance: c.balance,
      sharePercent: percentString(BigInt(c.balance), supply),
      holders: Number(c.holders),
    })),
  };
}
