/**
 * Bonds (the platform's `Bond` contract, ARCHITECTURE.md "Money leg"): a bond asset's terms, set once, and its
 * redemption at maturity: the corporate-actions desk funds the face value of the whole supply in the payment token,
 * then holders redeem (tokens burned, face value paid), or the desk redeems them in batches. The coupon schedule is
 * derived off-chain from the terms (the SDK's coupon schedule); each coupon is paid as a distribution
 * (actions/distributor.ts). Browser-safe.
 *
 * Units: token amounts in token base units; face value (per whole token, 10^decimals base units) and payments in
 * payment-token base units; dates in unix seconds (UTC); `couponRate` in units of 1e-8 per year (1e8 = 100%, 1 basis
 * point = 10,000).
 */
import { zeroAddress, type Abi, type Address, type PublicClient, type WalletClient } from "viem";
import { z } from "zod";
import { accessManagerAbi, bondAbi, Role, tokenAbi, type RoleName } from "@tessera/contracts";
import { refusal } from "../errors";
import { addressSchema, amountSchema, parseInput, unixSecondsSchema } from "../schemas";
import { accountOf, simulateAndWrite, type WriteResult } from "../send";
import { chainTime, chunks, ensureAllowance, eventsOf, requirePaymentBalance, view } from "./payment";

const abi = bondAbi as Abi;

/** `Bond.RATE_SCALE`: a coupon rate of 100% per year. */
export const COUPON_RATE_SCALE = 100_000_000;

/** The terms of a bond asset (`IBond.BondTerms`). */
export const bondTermsSchema = z.object({
  /** The ERC-20 of the face value and the coupons. */
  paymentToken: addressSchema,
  /** Unix seconds: the start of the first coupon period. */
  issueDate: unixSecondsSchema,
  /** Unix seconds, after the issue date and in the future: the last coupon date and the repayment date. */
  maturityDate: unixSecondsSchema,
  /** Coupons per year: 1, 2, 4 or 12; 0 for a zero-coupon bond. */
  couponFrequency: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(4), z.literal(12)]),
  /** 0 ACT/360, 1 ACT/365 (fixed), 2 30/360 (US bond basis). */
  dayCount: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  /** Annual rate in 1e-8 units (4.125% = 4,125,000); 0 exactly for a zero-coupon bond; at most 1e8 (100%). */
  couponRate: z.number().int().min(0).max(COUPON_RATE_SCALE),
  /** Payment-token base units per whole token. */
  faceValue: amountSchema,
});
export type BondTermsInput = z.input<typeof bondTermsSchema>;
export type BondTerms = z.output<typeof bondTermsSchema>;

/** A bond's terms and redemption accounts ({@link getBond}). Amounts in payment-token base units. */
export type BondState = {
  token: Address;
  /** Null when the terms are not set. */
  terms: BondTerms | null;
  funded: bigint;
  paid: bigint;
  reclaimed: bigint;
  /** Whether redemptions are open (the funds covered the whole supply once, after maturity). */
  matured: boolean;
  /** Funds held now: funded - paid - reclaimed. */
  available: bigint;
  /** What the current supply needs at face value. */
  required: bigint;
  /** What is still missing to cover the supply (0 when covered). */
  shortfall: bigint;
};

const tokenSchema = z.object({ bond: addressSchema, token: addressSchema });

// ------------------------------------------------------------------------------------------------ readers

/**
 * A bond's terms and redemption accounts: funded, paid, reclaimed, available, required by the supply, shortfall.
 * @throws TesseraError InvalidInput, or the read's failure in words.
 */
export async function getBond(publicClient: PublicClient, params: { bond: Address; token: Address }): Promise<BondState> {
  const p = parseInput(tokenSchema, params);
  const [t, r, required] = await Promise.all([
    view<{ paymentToken: Address; issueDate: number; couponFrequency: number; dayCount: number; couponRate: number; faceValue: bigint; maturityDate: number }>(
      publicClient,
      p.bond,
      abi,
      "terms",
      [p.token],
    ),
    view<{ funded: bigint; paid: bigint; reclaimed: bigint; matured: boolean }>(publicClient, p.bond, abi, "redemption", [p.token]),
    view<bigint>(publicClient, p.bond, abi, "redemptionRequired", [p.token]),
  ]);
  const available = r.funded - r.paid - r.reclaimed;
  const terms: BondTerms | null =
    t.paymentToken === zeroAddress
      ? null
      : {
          paymentToken: t.paymentToken,
          issueDate: BigInt(t.issueDate),
          maturityDate: BigInt(t.maturityDate),
          couponFrequency: t.couponFrequency as BondTerms["couponFrequency"],
          dayCount: t.dayCount as BondTerms["dayCount"],
          couponRate: Number(t.couponRate),
          faceValue: t.faceValue,
        };
  return { token: p.token, terms, ...r, available, required, shortfall: required > available ? required - available : 0n };
}

/** Token base units `holder` may redeem now (balance minus frozen and locked tokens; 0 for a frozen wallet). */
export async function getRedeemableBalance(publicClient: PublicClient, params: { bond: Address; token: Address; holder: Address }): Promise<bigint> {
  const p = parseInput(tokenSchema.extend({ holder: addressSchema }), params);
  return view<bigint>(publicClient, p.bond, abi, "redeemableBalance", [p.token, p.holder]);
}

/** Payment-token base units paid for redeeming `amount` token base units (amount * faceValue / 10^decimals, down). */
export async function getRedemptionPayment(publicClient: PublicClient, params: { bond: Address; token: Address; amount: bigint }): Promise<bigint> {
  const p = parseInput(tokenSchema.extend({ amount: amountSchema }), params);
  return view<bigint>(publicClient, p.bond, abi, "redemptionPayment", [p.token, p.amount]);
}

// ------------------------------------------------------------------------------------------------ issuer

/** Refuses as the Bond does (AccessManagerUnauthorizedAccount) when `account` lacks `role` without delay on `token`. */
async function requireRole(publicClient: PublicClient, token: Address, role: RoleName, account: Address): Promise<Address> {
  const manager = await view<Address>(publicClient, token, tokenAbi, "authority");
  const [member, delay] = manager === zeroAddress ? [false, 0] : await view<readonly [boolean, number]>(publicClient, manager, accessManagerAbi, "hasRole", [Role[role], account]);
  if (!member || Number(delay) !== 0) throw refusal("AccessManagerUnauthorizedAccount", [account, Role[role]], `your wallet does not hold the ${role} role on this asset`);
  return manager;
}

/** Parameters of {@link setUpBond}: the asset and the account that takes CORPORATE_ACTIONS (terms, funding, batches). */
export const setUpBondSchema = tokenSchema.extend({ corporateActions: addressSchema.optional() });
export type SetUpBondParams = z.input<typeof setUpBondSchema>;

/**
 * Wires the Bond contract to a bond asset (the issuer, ADMIN of its AccessManager): grants it SUPPLY (it burns redeemed
 * tokens) and grants CORPORATE_ACTIONS to the account named. Idempotent: roles already held are skipped.
 * @returns The transactions sent.
 * @throws TesseraError AccessManagerUnauthorizedAccount.
 */
export async function setUpBond(walletClient: WalletClient, publicClient: PublicClient, params: SetUpBondParams): Promise<WriteResult[]> {
  const p = parseInput(setUpBondSchema, params);
  const manager = await view<Address>(publicClient, p.token, tokenAbi, "authority");
  const sent: WriteResult[] = [];
  const grants: [RoleName, Address | undefined][] = [
    ["SUPPLY", p.bond],
    ["CORPORATE_ACTIONS", p.corporateActions],
  ];
  for (const [role, account] of grants) {
    if (!account) continue;
    const [member, delay] = await view<readonly [boolean, number]>(publicClient, manager, accessManagerAbi, "hasRole", [Role[role], account]);
    if (member && Number(delay) === 0) continue;
    const { hash, receipt } = await simulateAndWrite(
      walletClient,
      publicClient,
      { address: manager, abi: accessManagerAbi as Abi, functionName: "grantRole", args: [Role[role], account, 0] },
      { label: `grant ${role}` },
    );
    sent.push({ hash, receipt });
  }
  return sent;
}

/** Parameters of {@link setBondTerms}. */
export const setBondTermsSchema = tokenSchema.extend({ terms: bondTermsSchema });
export type SetBondTermsParams = z.input<typeof setBondTermsSchema>;

/**
 * Sets a bond asset's terms, once (CORPORATE_ACTIONS; the Bond contract's `setTerms`). Refused in words before any
 * transaction: the role missing, an asset that is not a bond, terms already set, a face value of zero, a rate that
 * does not fit the frequency (zero exactly for a zero-coupon bond), the maturity not after the issue date or not in
 * the future.
 * @throws TesseraError AccessManagerUnauthorizedAccount, NotABond, BondTermsAlreadySet, InvalidFaceValue,
 *   InvalidCouponRate, InvalidBondDates, MaturityInPast, InvalidPaymentToken, UnknownToken.
 */
export async function setBondTerms(walletClient: WalletClient, publicClient: PublicClient, params: SetBondTermsParams): Promise<WriteResult> {
  const p = parseInput(setBondTermsSchema, params);
  const t = p.terms;
  await requireRole(publicClient, p.token, "CORPORATE_ACTIONS", accountOf(walletClient).address);
  const cls = await view<number>(publicClient, p.token, tokenAbi, "assetClass");
  if (Number(cls) !== 1) throw refusal("NotABond", [p.token, cls]);
  if ((await getBond(publicClient, p)).terms) throw refusal("BondTermsAlreadySet", [p.token]);
  if (t.faceValue === 0n) throw refusal("InvalidFaceValue");
  if ((t.couponFrequency === 0) !== (t.couponRate === 0)) throw refusal("InvalidCouponRate", [t.couponRate, t.couponFrequency]);
  if (t.issueDate === 0n || t.maturityDate <= t.issueDate) throw refusal("InvalidBondDates", [t.issueDate, t.maturityDate]);
  const now = await chainTime(publicClient);
  if (t.maturityDate <= now) throw refusal("MaturityInPast", [t.maturityDate, now]);
  const { hash, receipt } = await simulateAndWrite(
    walletClient,
    publicClient,
    {
      address: p.bond,
      abi,
      functionName: "setTerms",
      args: [
        p.token,
        {
          paymentToken: t.paymentToken,
          issueDate: Number(t.issueDate),
          couponFrequency: t.couponFrequency,
          dayCount: t.dayCount,
          couponRate: t.couponRate,
          faceValue: t.faceValue,
          maturityDate: Number(t.maturityDate),
        },
      ],
    },
    { label: "set the bond's terms" },
  );
  return { hash, receipt };
}

/** The terms of a bond, or a refusal (BondTermsNotSet); and BondNotMatured before the maturity date. */
async function maturedTerms(publicClient: PublicClient, bond: Address, token: Address): Promise<BondState & { terms: BondTerms }> {
  const state = await getBond(publicClient, { bond, token });
  if (!state.terms) throw refusal("BondTermsNotSet", [token]);
  if ((await chainTime(publicClient)) < state.terms.maturityDate) throw refusal("BondNotMatured", [token, state.terms.maturityDate]);
  return state as BondState & { terms: BondTerms };
}

/** Parameters of {@link fundRedemption}: payment-token base units to add (default: the shortfall of the supply). */
export const fundRedemptionSchema = tokenSchema.extend({ amount: amountSchema.optional() });
export type FundRedemptionParams = z.input<typeof fundRedemptionSchema>;

/**
 * Funds a bond's redemption after maturity (CORPORATE_ACTIONS): approves the Bond contract when the allowance is
 * short, then it pulls `amount` (default: what the supply still needs). Once the funds cover the whole supply the
 * asset is marked matured and holders may redeem. Refused in words before any transaction: the role missing, no terms,
 * before maturity, a zero amount (nothing missing), a payment-token balance below it.
 * @returns The transaction, the approval's (or null), the amount and whether redemptions are open now.
 * @throws TesseraError AccessManagerUnauthorizedAccount, BondTermsNotSet, BondNotMatured, ZeroFunding,
 *   ERC20InsufficientBalance.
 */
export async function fundRedemption(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: FundRedemptionParams,
): Promise<WriteResult & { approval: WriteResult | null; amount: bigint; matured: boolean }> {
  const p = parseInput(fundRedemptionSchema, params);
  const caller = accountOf(walletClient).address;
  await requireRole(publicClient, p.token, "CORPORATE_ACTIONS", caller);
  const state = await maturedTerms(publicClient, p.bond, p.token);
  const amount = p.amount ?? state.shortfall;
  if (amount === 0n) throw refusal("ZeroFunding", [], p.amount === undefined ? "the redemption is already fully funded" : undefined);
  await requirePaymentBalance(publicClient, { paymentToken: state.terms.paymentToken, owner: caller, amount });
  const approval = await ensureAllowance(walletClient, publicClient, { paymentToken: state.terms.paymentToken, owner: caller, spender: p.bond, amount });
  const { hash, receipt } = await simulateAndWrite(walletClient, publicClient, { address: p.bond, abi, functionName: "fundRedemption", args: [p.token, amount] }, { label: "fund the redemption" });
  const matured = state.matured || eventsOf(receipt, abi, "BondMatured", p.bond).length > 0;
  return { hash, receipt, approval, amount, matured };
}

/** Parameters of {@link redeemAtMaturity}: token base units to redeem (default: the wallet's whole redeemable balance). */
export const redeemAtMaturitySchema = tokenSchema.extend({ amount: amountSchema.optional() });
export type RedeemAtMaturityParams = z.input<typeof redeemAtMaturitySchema>;

/** Refuses when redemptions are not open (RedemptionNotFunded). */
function requireOpen(state: BondState): void {
  if (!state.matured) throw refusal("RedemptionNotFunded", [state.token, state.available, state.required]);
}

/**
 * Redeems the wallet's bond tokens at face value after maturity: burns them and pays `amount * faceValue /
 * 10^decimals` payment-token base units (rounded down) to the wallet. KYC is not required (principal goes back to the
 * wallet that holds the tokens); a frozen wallet is refused. Refused in words before any transaction: no terms, before
 * maturity, not funded yet, more than the redeemable balance, a payment that rounds to zero.
 * @returns The transaction, the amount redeemed and the payment.
 * @throws TesseraError BondTermsNotSet, BondNotMatured, RedemptionNotFunded, WalletFrozen,
 *   RedemptionExceedsRedeemable, RedemptionAmountTooSmall, InsufficientRedemptionFunds.
 */
export async function redeemAtMaturity(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: RedeemAtMaturityParams,
): Promise<WriteResult & { amount: bigint; payment: bigint }> {
  const p = parseInput(redeemAtMaturitySchema, params);
  const holder = accountOf(walletClient).address;
  const state = await maturedTerms(publicClient, p.bond, p.token);
  requireOpen(state);
  if (await view<boolean>(publicClient, p.token, tokenAbi, "isFrozen", [holder])) throw refusal("WalletFrozen", [holder]);
  const redeemable = await getRedeemableBalance(publicClient, { bond: p.bond, token: p.token, holder });
  const amount = p.amount ?? redeemable;
  if (amount > redeemable) throw refusal("RedemptionExceedsRedeemable", [holder, redeemable, amount]);
  const payment = await getRedemptionPayment(publicClient, { bond: p.bond, token: p.token, amount });
  if (payment === 0n) throw refusal("RedemptionAmountTooSmall", [amount]);
  if (payment > state.available) throw refusal("InsufficientRedemptionFunds", [p.token, state.available, payment]);
  const { hash, receipt } = await simulateAndWrite(walletClient, publicClient, { address: p.bond, abi, functionName: "redeemAtMaturity", args: [p.token, amount] }, { label: "redeem at maturity" });
  return { hash, receipt, amount, payment };
}

/** Parameters of {@link redeemAtMaturityFor}: the holders to redeem, `batchSize` per transaction (default 100). */
export const redeemAtMaturityForSchema = tokenSchema.extend({
  holders: z.array(addressSchema).min(1).max(100_000),
  batchSize: z.number().int().min(1).max(1_000).default(100),
});
export type RedeemAtMaturityForParams = z.input<typeof redeemAtMaturityForSchema>;

/**
 * Redeems, for each holder, its whole redeemable balance at face value (CORPORATE_ACTIONS), in batches; frozen
 * wallets, empty ones and dust are skipped by the contract (their tokens and funds stay).
 * @returns Each batch's transaction, the holders redeemed and the total paid (payment-token base units).
 * @throws TesseraError AccessManagerUnauthorizedAccount, BondTermsNotSet, BondNotMatured, RedemptionNotFunded
 *   (before any transaction), InsufficientRedemptionFunds.
 */
export async function redeemAtMaturityFor(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: RedeemAtMaturityForParams,
): Promise<{ batches: WriteResult[]; redeemed: bigint; paid: bigint }> {
  const p = parseInput(redeemAtMaturityForSchema, params);
  await requireRole(publicClient, p.token, "CORPORATE_ACTIONS", accountOf(walletClient).address);
  requireOpen(await maturedTerms(publicClient, p.bond, p.token));
  const batches: WriteResult[] = [];
  let redeemed = 0n;
  let paid = 0n;
  for (const batch of chunks(p.holders, p.batchSize)) {
    const { hash, receipt, result } = await simulateAndWrite(
      walletClient,
      publicClient,
      { address: p.bond, abi, functionName: "redeemAtMaturityFor", args: [p.token, batch] },
      { label: "redeem holders at maturity" },
    );
    const [n, amount] = result as readonly [bigint, bigint];
    batches.push({ hash, receipt });
    redeemed += n;
    paid += amount;
  }
  return { batches, redeemed, paid };
}

/** Parameters of {@link reclaimExcess}: where the excess goes (default: the wallet). */
export const reclaimExcessSchema = tokenSchema.extend({ to: addressSchema.optional() });
export type ReclaimExcessParams = z.input<typeof reclaimExcessSchema>;

/**
 * Sends the redemption funds beyond what the remaining supply needs to `to` (CORPORATE_ACTIONS): overfunding,
 * rounding remainders, or everything once the supply is redeemed.
 * @returns The transaction and the amount sent (payment-token base units).
 * @throws TesseraError AccessManagerUnauthorizedAccount, BondTermsNotSet, NothingToReclaim (before any transaction).
 */
export async function reclaimExcess(walletClient: WalletClient, publicClient: PublicClient, params: ReclaimExcessParams): Promise<WriteResult & { amount: bigint }> {
  const p = parseInput(reclaimExcessSchema, params);
  const caller = accountOf(walletClient).address;
  await requireRole(publicClient, p.token, "CORPORATE_ACTIONS", caller);
  const state = await getBond(publicClient, p);
  if (!state.terms) throw refusal("BondTermsNotSet", [p.token]);
  if (state.available <= state.required) throw refusal("NothingToReclaim", [p.token]);
  const { hash, receipt, result } = await simulateAndWrite(
    walletClient,
    publicClient,
    { address: p.bond, abi, functionName: "reclaimExcess", args: [p.token, p.to ?? caller] },
    { label: "reclaim the excess redemption funds" },
  );
  return { hash, receipt, amount: result as bigint };
}
