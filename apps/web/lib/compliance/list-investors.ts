import { z } from "zod";
import { getPrisma } from "../db/prisma";
import { getServerConfig } from "../config/server-config";
import type { InvestorDto, InvestorListResponse } from "../shared/api-types";
import { toCsv } from "../shared/csv";
import { addressParam, paginationQuery } from "../shared/params";
import { hex } from "../shared/serialize";

/** KYC expiring within this many seconds counts as "expiring soon" (30 days). */
export const EXPIRY_WARNING_SECONDS = 30n * 24n * 3600n;

/** Query of GET /api/investors: registry, page, sort, filters, `format=csv`. */
export const investorsQuery = paginationQuery.extend({
  identityRegistry: addressParam.optional(),
  sort: z.enum(["registeredBlock", "wallet", "country", "kycExpiresAt"]).default("registeredBlock"),
  dir: z.enum(["asc", "desc"]).optional(),
  /** Part of a wallet address (hex). */
  q: z.string().trim().toLowerCase().regex(/^(0x)?[0-9a-f]{1,40}$/, "search by (part of) a wallet address").optional(),
  country: z.coerce.number().int().min(1).max(999).optional(),
  /** verified (KYC valid), expiring (valid, ends within 30 days), unverified (no or expired KYC). */
  status: z.enum(["verified", "expiring", "unverified"]).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});
export type InvestorsQuery = z.infer<typeof investorsQuery>;

function where(q: Partial<InvestorsQuery>, now: bigint) {
  const { chainId } = getServerConfig();
  const kyc =
    q.status === "verified"
      ? { kycExpiresAt: { gt: now } }
      : q.status === "expiring"
        ? { kycExpiresAt: { gt: now, lte: now + EXPIRY_WARNING_SECONDS } }
        : q.status === "unverified"
          ? { OR: [{ kycExpiresAt: null }, { kycExpiresAt: { lte: now } }] }
          : {};
  return {
    chainId,
    registered: true,
    ...(q.identityRegistry ? { identityRegistry: q.identityRegistry } : {}),
    ...(q.q ? { wallet: { contains: q.q } } : {}),
    ...(q.country ? { country: q.country } : {}),
    ...kyc,
  };
}

/**
 * Registered wallets of the configured chain (all identity registries, or one), sorted, filtered and paged on the
 * server (default: most recently registered first). `verified` means KYC is on record and has not expired by the
 * server's clock; `expiresSoon` warns 30 days ahead.
 */
export async function listInvestors(query: Partial<InvestorsQuery> = {}): Promise<InvestorListResponse> {
  const q = investorsQuery.parse({ ...query, format: "json" });
  return runInvestors(q, q.pageSize, (q.page - 1) * q.pageSize);
}

async function runInvestors(q: InvestorsQuery, take: number, skip: number): Promise<InvestorListResponse> {
  const now = BigInt(Math.floor(Date.now() / 1000));
  const w = where(q, now);
  const dir = q.dir ?? (q.sort === "registeredBlock" ? "desc" : "asc");
  const prisma = getPrisma();
  const total = await prisma.investor.count({ where: w });
  const rows = await prisma.investor.findMany({
    where: w,
    orderBy: [{ [q.sort]: q.sort === "kycExpiresAt" ? { sort: dir, nulls: "last" } : dir }, { wallet: "asc" }],
    skip,
    take,
  });
  // Wallets per identity (one investor may hold several wallets), for the identities on this page.
  const counts = rows.length
    ? await prisma.investor.groupBy({
        by: ["identityRegistry", "identity"],
        where: { chainId: w.chainId, registered: true, identity: { in: [...new Set(rows.map((r) => r.identity))] } },
        _count: { _all: true },
      })
    : [];
  const walletsOf = (r: { identityRegistry: string; identity: string }) =>
    counts.find((c) => c.identityRegistry === r.identityRegistry && c.identity === r.identity)?._count._all ?? 1;
  const investors: InvestorDto[] = rows.map((r) => {
    const verified = r.kycExpiresAt !== null && r.kycExpiresAt > now;
    return {
      identityRegistry: hex(r.identityRegistry),
      wallet: hex(r.wallet),
      identity: hex(r.identity),
      country: r.country,
      kycExpiresAt: r.kycExpiresAt === null ? null : r.kycExpiresAt.toString(),
      verified,
      expiresSoon: verified && r.kycExpiresAt! <= now + EXPIRY_WARNING_SECONDS,
      registeredBlock: r.registeredBlock.toString(),
      updatedBlock: r.updatedBlock.toString(),
      identityWallets: walletsOf(r),
    };
  });
  return { investors, page: q.page, pageSize: q.pageSize, total };
}

/** Every matching investor (up to 100,000) as CSV, same filters and order as the list. */
export async function exportInvestorsCsv(q: InvestorsQuery): Promise<string> {
  const { investors } = await runInvestors(q, 100_000, 0);
  return toCsv(
    ["wallet", "identity", "country", "kyc_expires_at", "verified", "expires_soon", "identity_registry", "registered_block"],
    investors.map((i) => [
      i.wallet,
      i.identity,
      i.country,
      i.kycExpiresAt && i.kycExpiresAt !== "0" ? new Date(Number(i.kycExpiresAt) * 1000).toISOString() : "",
      i.verified ? "yes" : "no",
      i.expiresSoon ? "yes" : "no",
      i.identityRegistry,
      i.registeredBlock,
    ]),
  );
}
