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
 * The cap table of `token` right after block `block`: holders with a positive balance, largest first (ties by
 * wallet), paged by `limit`/`offset`. Aggregates every transfer up to the block (a reporting query: about a second
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

/**
 * Holder count and total held per investor country of `token` right after block `block` (wallets without a
 * registered identity count under country 0). Same cost as {@link capTableAt}.
 */
export async function countryTotalsAt(
  prisma: PrismaClient,
  params: { chainId: number; token: string; block: bigint | number },
): Promise<{ country: number; holders: number; balance: bigint }[]> {
  const token = params.token.toLowerCase();
  const block = BigInt(params.block);
  const rows = await prisma.$queryRaw<{ country: number; holders: number; balance: string }[]>(Prisma.sql`
    WITH balances AS (
      SELECT wallet, sum(d) AS balance FROM (
        SELECT "to" AS wallet, "amount" AS d FROM "Transfer"
        WHERE "chainId" = ${params.chainId} AND "token" = ${token} AND "blockNumber" <= ${block} AND "to" <> ${ZERO}
        UNION ALL
        SELECT "from", -"amount" FROM "Transfer"
        WHERE "chainId" = ${params.chainId} AND "token" = ${token} AND "blockNumber" <= ${block} AND "from" <> ${ZERO}
      ) AS moves GROUP BY wallet HAVING sum(d) > 0
    ), registry AS (
      SELECT "identityRegistry" FROM "Asset" WHERE "chainId" = ${params.chainId} AND "address" = ${token}
    )
    SELECT COALESCE(i."country", 0)::int AS country, count(*)::int AS holders, sum(b.balance)::text AS balance
    FROM balances AS b
    LEFT JOIN "Investor" AS i ON i."chainId" = ${params.chainId} AND i."wallet" = b.wallet
      AND i."identityRegistry" = (SELECT "identityRegistry" FROM registry)
    GROUP BY 1 ORDER BY 1`);
  return rows.map((r) => ({ country: r.country, holders: r.holders, balance: BigInt(r.balance) }));
}
