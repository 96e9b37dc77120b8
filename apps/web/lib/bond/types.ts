/**
 * JSON shapes of the bond API (a bond asset's terms, coupon calendar and maturity; the platform's `Bond` contract).
 * Amounts are decimal strings of base units: payment-token base units for face value, coupons and redemption funds,
 * token base units for balances and supply. Dates are unix seconds of the chain (its block timestamps), as numbers.
 */
import type { Erc20Dto } from "../vault/types";

export type { Erc20Dto };

/** A bond's terms as set on-chain (`Bond.terms(token)`), once. */
export interface BondTermsDto {
  paymentToken: Erc20Dto;
  /** Payment-token base units per whole token. */
  faceValue: string;
  /** Annual rate in 1e-8 units (5% = 5,000,000). */
  couponRate: number;
  /** Coupons per year: 0 (zero-coupon), 1, 2, 4 or 12. */
  couponFrequency: number;
  /** 0 ACT/360, 1 ACT/365, 2 30/360. */
  dayCount: number;
  /** "ACT/360" | "ACT/365" | "30/360". */
  dayCountName: string;
  issueDate: number;
  maturityDate: number;
}

/**
 * Where a coupon stands: `upcoming` (its record day has not ended on the chain), `record-date-passed` (holders at
 * the record date are known: the index's CouponRecord with its record block, or the chain's time past the record
 * day), `paid` (a coupon distribution for it exists).
 */
export type CouponStatus = "upcoming" | "record-date-passed" | "paid";

/** One coupon of the schedule (`couponSchedule` of @tessera/sdk/bond) with its status. */
export interface CouponDto {
  number: number;
  periodStart: number;
  paymentDate: number;
  /** "YYYY-MM-DD" (UTC). */
  paymentDay: string;
  recordDate: number;
  recordDay: string;
  accrualFraction: number;
  /** Payment-token base units per whole token (a coupon distribution's rate per unit). */
  amountPerUnit: string;
  /** Payment-token base units for the current supply: amountPerUnit × supply / 10^decimals (rounded down). */
  totalForSupply: string;
  /** The short final stub (maturity off the coupon grid). */
  stub: boolean;
  status: CouponStatus;
  /** The record block (CouponRecord) once the job queue has recorded the coupon; null before. */
  recordBlock: string | null;
}

/**
 * Maturity: `before-maturity` (the chain's time is before the maturity date), `awaiting-funding` (matured, the funds
 * do not cover the supply yet), `redeeming` (redemptions open, supply left), `redeemed` (redemptions open, the supply
 * is redeemed; what stays is excess to reclaim).
 */
export type MaturityState = "before-maturity" | "awaiting-funding" | "redeeming" | "redeemed";

/** The redemption at maturity (`Bond.redemption(token)` and the supply's needs), read now. */
export interface MaturityDto {
  state: MaturityState;
  maturityDate: number;
  /** Payment-token base units the current supply needs at face value. */
  required: string;
  funded: string;
  paid: string;
  reclaimed: string;
  /** funded − paid − reclaimed. */
  available: string;
  /** What is still missing to cover the supply (0 when covered). */
  shortfall: string;
  /** available − required when positive: what `reclaimExcess` would send back. */
  excess: string;
  /** The contract's flag: redemptions are open (the funds covered the whole supply once, after maturity). */
  matured: boolean;
}

/** GET /api/assets/[token]/bond: a bond asset's terms (null until set), coupon calendar and maturity. */
export interface BondResponse {
  token: string;
  symbol: string;
  decimals: number;
  /** Token base units (chain, now). */
  totalSupply: string;
  /** The platform's Bond contract (deployments). */
  bond: string;
  /** The chain's time at the read. */
  now: number;
  /** The deployment's payment token (the form's default), null when the deployments name none. */
  defaultPaymentToken: Erc20Dto | null;
  terms: BondTermsDto | null;
  /** Empty until the terms are set, and for a zero-coupon bond. */
  coupons: CouponDto[];
  maturity: MaturityDto | null;
  /** What the signed-in wallet may do: ADMIN of the asset's manager (wire the Bond: setUpBond), CORPORATE_ACTIONS. */
  you: { admin: boolean; corporateActions: boolean };
}

/** GET /api/assets/[token]/bond/holders: holding wallets of the bond (index), for redemption in batches. */
export interface BondHoldersResponse {
  holders: string[];
  total: number;
  page: number;
  pageSize: number;
}

/** One bond a wallet holds, at or before maturity (GET /api/investors/[wallet]/bonds). */
export interface InvestorBondDto {
  token: string;
  name: string;
  symbol: string;
  decimals: number;
  bond: string;
  paymentToken: Erc20Dto;
  faceValue: string;
  maturityDate: number;
  /** Token base units (chain, now). */
  balance: string;
  /** Token base units the wallet may redeem now (balance minus frozen and locked; 0 for a frozen wallet). */
  redeemable: string;
  /** Payment-token base units paid for the redeemable balance. */
  payment: string;
  /** Redemptions open (funded after maturity). */
  open: boolean;
  state: MaturityState;
}

/** GET /api/investors/[wallet]/bonds. */
export interface InvestorBondsResponse {
  wallet: string;
  now: number;
  bonds: InvestorBondDto[];
}
