import { couponSchedule } from "@tessera/sdk/bond";
import type { Address } from "viem";
import type { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { paginationQuery } from "../shared/params";
import { chainNow } from "../chain/contract-reads";
import { indexedAsset } from "../vault/get-vault";
import { bondDeployment, bondTerms, defaultPaymentToken, holdsRole, maturityOf, sdkTerms, totalSupplyOf } from "./bond-chain";
import type { BondHoldersResponse, BondResponse, BondTermsDto, CouponDto } from "./types";

const DAY = 86_400;

/** Asset class of a bond (`AssetClass` of @tessera/contracts: 0 fund share, 1 bond, 2 equity, 3 real estate). */
export const BOND_ASSET_CLASS = 1;

/** The indexed asset, which must be a bond. @throws ApiError NOT_FOUND (not indexed, or not a bond) */
export async function indexedBond(token: Address) {
  const asset = await indexedAsset(token);
  if (asset.assetClass !== BOND_ASSET_CLASS) throw new ApiError(ErrorCode.NOT_FOUND, `The asset ${asset.token} is not a bond.`);
  return asset;
}

/**
 * Which coupons of `token` are paid: a coupon distribution drafted for that coupon number (the Distribution table, kind
 * "coupon", opened from the coupon calendar) that the Distributor posted (a DistributionCreated in the index with its
 * root AND record date: equal coupons with unchanged holders share a root), or
 * any posting of the asset at the coupon's record block (a bond's distributions are its coupons: one posted outside
 * the app counts too).
 */
async function paidCoupons(token: string): Promise<{ numbers: Set<number>; recordBlocks: Set<string> }> {
  const { chainId } = getServerConfig();
  const [postings, drafts] = await Promise.all([
    getPrisma().moneyLegEvent.findMany({
      where: { chainId, token, source: "distributor", event: "DistributionCreated" },
      select: { args: true },
    }),
    getPrisma().distribution.findMany({
      where: { chainId, token, kind: "coupon", couponNumber: { not: null } },
      select: { couponNumber: true, root: true, recordBlock: true },
    }),
  ]);
  const args = postings.map((r) => r.args as Record<string, unknown>);
  const posted = new Set(args.map((a) => `${String(a.root).toLowerCase()}:${String(a.recordDate)}`));
  const numbers = new Set(drafts.filter((d) => posted.has(`${d.root.toLowerCase()}:${d.recordBlock}`)).map((d) => d.couponNumber as number));
  return { numbers, recordBlocks: new Set(args.map((a) => String(a.recordDate))) };
}

/**
 * The coupon calendar of a bond with its statuses: the schedule of @tessera/sdk/bond from the on-chain terms; a coupon
 * is `record-date-passed` once the index has its CouponRecord (with the record block) or the chain's time is past its
 * record day, and `paid` once a distribution of the asset was posted at that record block.
 * @param supply token base units (the totals are for it)
 */
export async function couponCalendar(token: string, terms: BondTermsDto, decimals: number, supply: bigint, now: number): Promise<CouponDto[]> {
  const schedule = couponSchedule(sdkTerms(terms));
  if (schedule.length === 0) return [];
  const { chainId } = getServerConfig();
  const [records, paid] = await Promise.all([
    getPrisma().couponRecord.findMany({ where: { chainId, token }, select: { number: true, recordBlock: true } }),
    paidCoupons(token),
  ]);
  const recordBlock = new Map(records.map((r) => [r.number, r.recordBlock === null ? null : r.recordBlock.toString()]));
  const unit = 10n ** BigInt(decimals);
  return schedule.map((c) => {
    const block = recordBlock.get(c.number) ?? null;
    const passed = recordBlock.has(c.number) || now >= c.recordDate + DAY;
    const isPaid = paid.numbers.has(c.number) || (block !== null && paid.recordBlocks.has(block));
    const status = isPaid ? "paid" : passed ? "record-date-passed" : "upcoming";
    return {
      number: c.number,
      periodStart: c.periodStart,
      paymentDate: c.paymentDate,
      paymentDay: c.paymentDay,
      recordDate: c.recordDate,
      recordDay: c.recordDay,
      accrualFraction: c.accrualFraction,
      amountPerUnit: c.amountPerUnit.toString(),
      totalForSupply: ((c.amountPerUnit * supply) / unit).toString(),
      stub: c.stub,
      status,
      recordBlock: block,
    };
  });
}

/**
 * A bond asset for the issuer portal: its terms (chain; null until set), the coupon calendar with statuses (schedule
 * from the terms, CouponRecord and distributions from the index), the maturity (chain: funded, paid, required by the
 * supply) and what the signed-in wallet may do (ADMIN, CORPORATE_ACTIONS, read now).
 * @throws ApiError NOT_FOUND (not indexed, not a bond, no Bond contract), CHAIN_UNAVAILABLE
 */
export async function getBond(session: Session, token: Address): Promise<BondResponse> {
  const asset = await indexedBond(token);
  const { bond, paymentToken } = await bondDeployment();
  const t = asset.token as Address;
  const [now, terms, supply, admin, corporateActions, defaultToken] = await Promise.all([
    chainNow(),
    bondTerms(bond, t),
    totalSupplyOf(t),
    holdsRole(t, session.address as Address, "ADMIN"),
    holdsRole(t, session.address as Address, "CORPORATE_ACTIONS"),
    defaultPaymentToken(paymentToken),
  ]);
  const [coupons, maturity] = terms
    ? await Promise.all([couponCalendar(asset.token, terms, asset.decimals, supply, now), maturityOf(bond, t, terms, now, supply)])
    : [[], null];
  return {
    token: asset.token,
    symbol: asset.symbol,
    decimals: asset.decimals,
    totalSupply: supply.toString(),
    bond: bond.toLowerCase(),
    now,
    defaultPaymentToken: defaultToken,
    terms,
    coupons,
    maturity,
    you: { admin, corporateActions },
  };
}

/** Query of GET /api/assets/[token]/bond/holders: page ≥ 1, 1 ≤ pageSize ≤ 500 (default 50). */
export const bondHoldersQuery = paginationQuery;
export type BondHoldersQuery = z.infer<typeof bondHoldersQuery>;

/**
 * The bond's holding wallets (index: positive balance), largest first, paged: whom "Redeem holders" redeems in batches.
 * @throws ApiError NOT_FOUND (not indexed, not a bond)
 */
export async function listBondHolders(token: Address, query: BondHoldersQuery): Promise<BondHoldersResponse> {
  const asset = await indexedBond(token);
  const { chainId } = getServerConfig();
  const where = { chainId, token: asset.token, balance: { gt: 0 } };
  const [rows, total] = await Promise.all([
    getPrisma().holding.findMany({
      where,
      orderBy: [{ balance: "desc" }, { wallet: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      select: { wallet: true },
    }),
    getPrisma().holding.count({ where }),
  ]);
  return { holders: rows.map((r) => r.wallet), total, page: query.page, pageSize: query.pageSize };
}
