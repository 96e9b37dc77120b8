import { z } from "zod";
import { addressParam, blockParam, dayParam, MAX_INT8 } from "../shared/params";

/** Payment-token base units as decimal digits, above zero and below 2^96 (the Distributor's limit on a total). */
const positiveBaseUnits = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,78}$/, `${what} must be a whole number of payment-token base units`)
    .transform((s) => BigInt(s))
    .refine((v) => v > 0n, `${what} must be greater than zero`)
    .refine((v) => v < 1n << 96n, `${what} is too large (at most 2^96 − 1 base units)`);

/** Last second (unix) a claim may be accepted: after now is checked against the chain's time by the handler. */
const unixSeconds = z.number().int().min(1).max(2 ** 48 - 1);

/**
 * Body of POST /api/assets/[token]/distributions (a draft: entitlements computed, stored and returned with the root).
 * Record date: exactly one of `recordBlock` (a block number) or `recordDate` (a UTC day: holdings at its end). Amount:
 * exactly one of `totalAmount` (shared pro rata) or `ratePerUnit` (per whole token), payment-token base units.
 * `withholdingBps`: basis points per ISO-3166 numeric country; `excluded`: wallets or identities left out (the
 * issuer's treasury); `includeFrozen`: whether frozen tokens earn it; `claimDeadline`: unix seconds.
 */
export const draftBody = z
  .object({
    kind: z.enum(["dividend", "coupon"]).default("dividend"),
    couponNumber: z.number().int().min(1).max(100_000).optional(),
    recordBlock: blockParam.optional(),
    recordDate: dayParam.optional(),
    totalAmount: positiveBaseUnits("the total amount").optional(),
    ratePerUnit: positiveBaseUnits("the rate per unit").optional(),
    withholdingBps: z
      .record(z.string().regex(/^\d{1,3}$/, "a country code 0..999"), z.number().int().min(0, "a rate of 0% to 100%").max(10_000, "a rate of 0% to 100%"))
      .refine((r) => Object.keys(r).length <= 300, "at most 300 countries")
      .default({}),
    excluded: z.array(addressParam).max(100).default([]),
    includeFrozen: z.boolean().default(true),
    claimDeadline: unixSeconds,
    paymentToken: addressParam.optional(),
  })
  .strict()
  .refine((b) => (b.recordBlock === undefined) !== (b.recordDate === undefined), { message: "give exactly one record date: a block or a date", path: ["recordDate"] })
  .refine((b) => (b.totalAmount === undefined) !== (b.ratePerUnit === undefined), { message: "give exactly one amount: a total or a rate per unit", path: ["totalAmount"] })
  .refine((b) => b.kind === "coupon" || b.couponNumber === undefined, { message: "a coupon number goes with kind coupon", path: ["couponNumber"] });
export type DraftBody = z.output<typeof draftBody>;

/** A Merkle root param: bytes32 hex, lower-cased. */
export const rootParam = z
  .string()
  .trim()
  .regex(/^0x[0-9a-fA-F]{64}$/, "must be a 32-byte hex root")
  .transform((s) => s.toLowerCase());

/** An on-chain distribution id (1..2^63−1) given as digits. */
export const distributionIdParam = z
  .string()
  .trim()
  .regex(/^\d{1,19}$/, "must be a distribution id")
  .refine((s) => BigInt(s) > 0n && BigInt(s) < 2n ** 63n, "is not a distribution id");

/** Params of the per-distribution routes (the root; the record block is the `recordBlock` query). */
export const distributionParams = z.object({ token: addressParam, root: rootParam });

/**
 * The record block of a distribution, `?recordBlock=N` (required): with the root, it identifies the distribution
 * (equal entitlements at two record dates have one root). Missing or not a block number: 400 in words.
 */
export const recordBlockQuery = z
  .string({ error: "give the distribution's record block (?recordBlock=<block number>): the root alone does not identify a distribution" })
  .trim()
  .regex(/^\d{1,19}$/, "the record block must be a block number (decimal digits)")
  .transform((s) => BigInt(s))
  .refine((n) => n <= MAX_INT8, "the record block is not a block number (0 to 2^63-1)");

/** Page of a list: page ≥ 1, 1 ≤ pageSize ≤ 100 (default 50). */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

/**
 * Query of GET …/distributions/[root]: the record block, which posting (`id`: another posting of the same root and
 * record date, when it was posted more than once; default the first) and a page of entitlements.
 */
export const detailQuery = pageQuery.extend({ recordBlock: recordBlockQuery, id: distributionIdParam.optional() });

/** Query of GET …/[root]/payments: the record block, which posting (as the detail's), at most `limit` (1..200, default 100) unpaid leaves. */
export const paymentsQuery = z.object({
  recordBlock: recordBlockQuery,
  id: distributionIdParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

/** Query of GET …/[root]/report: the record block, the entitlement or the payment report, which posting (as the detail's). */
export const reportQuery = z.object({
  recordBlock: recordBlockQuery,
  type: z.enum(["entitlements", "payments"]).default("entitlements"),
  id: distributionIdParam.optional(),
});

/** Query of GET /api/me/distributions/proof: the leaf of one of the signed-in investor's entitlements, in the distribution (root, record block). */
export const proofQuery = z.object({
  token: addressParam,
  root: rootParam,
  recordBlock: recordBlockQuery,
  index: z.coerce.number().int().min(0).max(2 ** 31 - 1),
});
