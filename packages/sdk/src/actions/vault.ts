/**
 * An asset's ERC-7540 subscription and redemption vault (`TesseraVault`, ARCHITECTURE.md "Money leg"): the investor's
 * requests, cancellations and claims, the fund administrator's fulfilment in batches and NAV, readers, and the
 * vault's deployment and wiring. Browser-safe.
 *
 * Units: `assets` are payment-token base units (6 decimals for TestUSD and USDC); `shares` are token base units (the
 * asset's decimals); NAV per share is payment-token base units per whole share (10^decimals share base units); dates
 * are unix seconds. Every action checks its input with zod, refuses in words before any transaction where a view can
 * tell (named as the contract's custom error, e.g. `BelowMinimum`, `ControllerRestricted`, `DustAmount`), approves
 * the payment token only when the allowance is short, then simulates and writes (send.ts).
 */
import { zeroAddress, type Abi, type Address, type PublicClient, type WalletClient } from "viem";
import { z } from "zod";
import { accessManagerAbi, Role, tesseraVaultAbi, tokenAbi, vaultFactoryAbi, type RoleName } from "@tessera/contracts";
import { refusal } from "../errors";
import { addressSchema, amountSchema, parseInput, unixSecondsSchema } from "../schemas";
import { accountOf, simulateAndWrite, type WriteResult } from "../send";
import { chainTime, chunks, ensureAllowance, eventsOf, requirePaymentBalance, view } from "./payment";

const abi = tesseraVaultAbi as Abi;

/** The vault's dealing schedule and minimums (`ITesseraVault.DealingTerms`). */
export type DealingTerms = {
  /** The first dealing date, unix seconds; dealing dates are firstDealing + k * interval. */
  firstDealing: bigint;
  /** Seconds between dealing dates. */
  interval: bigint;
  /** Seconds before a dealing date after which a new request joins the next one. */
  cutoff: bigint;
  /** Minimum subscription per request, payment-token base units. */
  minDeposit: bigint;
  /** Minimum redemption per request, token (share) base units. */
  minRedeem: bigint;
};

/** A vault's fixed facts and settings ({@link getVault}). */
export type VaultInfo = {
  vault: Address;
  /** The asset's token (ERC-7575 `share()`). */
  share: Address;
  /** The payment token (ERC-7575 `asset()`). */
  asset: Address;
  /** Receives fulfilled subscription money. */
  treasury: Address;
  /** The share's decimals (NAV is per 10^decimals share base units). */
  shareDecimals: number;
  terms: DealingTerms;
  /** The largest NAV move, in basis points of the last NAV, that needs no second approval. */
  navMoveLimitBps: bigint;
  /** The dealing date a request made now joins. */
  nextDealingDate: bigint;
};

/** The state of one controller's requests ({@link getVaultPosition}). Amounts in base units as named. */
export type VaultPosition = {
  controller: Address;
  /** Payment-token base units waiting for fulfilment, and the dealing date they wait for (0: never requested). */
  pendingDeposit: bigint;
  pendingDepositDealingDate: bigint;
  /** Fulfilled subscription not yet claimed: payment-token base units and the shares they bought. */
  claimableDepositAssets: bigint;
  claimableDepositShares: bigint;
  /** Canceled subscription money to take back (payment-token base units). */
  claimableCancelDeposit: bigint;
  /** Share base units locked for redemption, and their dealing date (0: never requested). */
  pendingRedeem: bigint;
  pendingRedeemDealingDate: bigint;
  /** Fulfilled redemption not yet claimed: share base units burned and the payment-token base units they pay. */
  claimableRedeemShares: bigint;
  claimableRedeemAssets: bigint;
  /** Canceled redemption shares still locked, to release ({@link claimCancelRedeemRequest}). */
  claimableCancelRedeem: bigint;
};

/** The NAV in effect and any proposal waiting for approval ({@link getNav}). */
export type NavState = {
  /** Payment-token base units per whole share, and its valuation date (unix seconds). */
  navPerShare: bigint;
  valuationDate: bigint;
  /** A NAV move beyond the limit waiting for a NAV_APPROVER, or null. */
  pending: { navPerShare: bigint; valuationDate: bigint; proposer: Address } | null;
  navMoveLimitBps: bigint;
};

// ------------------------------------------------------------------------------------------------ readers

const vaultOnlySchema = z.object({ vault: addressSchema });

/** The share's decimals and the NAV in effect (what conversions need). */
async function navAndUnit(publicClient: PublicClient, vault: Address): Promise<{ share: Address; asset: Address; unit: bigint; nav: bigint }> {
  const [share, asset, [nav]] = await Promise.all([
    view<Address>(publicClient, vault, abi, "share"),
    view<Address>(publicClient, vault, abi, "asset"),
    view<readonly [bigint, bigint]>(publicClient, vault, abi, "navPerShare"),
  ]);
  const decimals = await view<number>(publicClient, share, tokenAbi, "decimals");
  return { share, asset, unit: 10n ** BigInt(decimals), nav };
}

/**
 * A vault's share, payment token, treasury, dealing terms, NAV move limit and the dealing date a request made now joins.
 * @throws TesseraError InvalidInput, or the read's failure in words.
 */
export async function getVault(publicClient: PublicClient, params: { vault: Address }): Promise<VaultInfo> {
  const { vault } = parseInput(vaultOnlySchema, params);
  const [share, asset, treasury, t, limit, now] = await Promise.all([
    view<Address>(publicClient, vault, abi, "share"),
    view<Address>(publicClient, vault, abi, "asset"),
    view<Address>(publicClient, vault, abi, "treasury"),
    view<{ firstDealing: number; interval: number; cutoff: number; minDeposit: bigint; minRedeem: bigint }>(publicClient, vault, abi, "dealingTerms"),
    view<bigint>(publicClient, vault, abi, "navMoveLimit"),
    chainTime(publicClient),
  ]);
  const [shareDecimals, nextDealingDate] = await Promise.all([
    view<number>(publicClient, share, tokenAbi, "decimals"),
    view<bigint>(publicClient, vault, abi, "dealingDateAt", [now]),
  ]);
  return {
    vault,
    share,
    asset,
    treasury,
    shareDecimals,
    terms: {
      firstDealing: BigInt(t.firstDealing),
      interval: BigInt(t.interval),
      cutoff: BigInt(t.cutoff),
      minDeposit: t.minDeposit,
      minRedeem: t.minRedeem,
    },
    navMoveLimitBps: limit,
    nextDealingDate,
  };
}

const positionSchema = z.object({ vault: addressSchema, controller: addressSchema });

/**
 * One controller's requests: pending (with their dealing dates), claimable and canceled, on both sides.
 * @throws TesseraError InvalidInput, or the read's failure in words.
 */
export async function getVaultPosition(publicClient: PublicClient, params: { vault: Address; controller: Address }): Promise<VaultPosition> {
  const { vault, controller } = parseInput(positionSchema, params);
  const r = (fn: string, withId = true) => view<bigint>(publicClient, vault, abi, fn, withId ? [0n, controller] : [controller]);
  const [pd, pdd, cda, cds, ccd, pr, prd, crs, cra, ccr] = await Promise.all([
    r("pendingDepositRequest"),
    r("pendingDepositDealingDate", false),
    r("claimableDepositRequest"),
    r("claimableDepositShares", false),
    r("claimableCancelDepositRequest"),
    r("pendingRedeemRequest"),
    r("pendingRedeemDealingDate", false),
    r("claimableRedeemRequest"),
    r("claimableRedeemAssets", false),
    r("claimableCancelRedeemRequest"),
  ]);
  return {
    controller,
    pendingDeposit: pd,
    pendingDepositDealingDate: pdd,
    claimableDepositAssets: cda,
    claimableDepositShares: cds,
    claimableCancelDeposit: ccd,
    pendingRedeem: pr,
    pendingRedeemDealingDate: prd,
    claimableRedeemShares: crs,
    claimableRedeemAssets: cra,
    claimableCancelRedeem: ccr,
  };
}

/**
 * The NAV per share in effect, its valuation date, the proposal waiting for approval (if any) and the move limit.
 * @throws TesseraError InvalidInput, or the read's failure in words.
 */
export async function getNav(publicClient: PublicClient, params: { vault: Address }): Promise<NavState> {
  const { vault } = parseInput(vaultOnlySchema, params);
  const [[nav, date], [pNav, pDate, proposer], limit] = await Promise.all([
    view<readonly [bigint, bigint]>(publicClient, vault, abi, "navPerShare"),
    view<readonly [bigint, bigint, Address]>(publicClient, vault, abi, "pendingNav"),
    view<bigint>(publicClient, vault, abi, "navMoveLimit"),
  ]);
  return {
    navPerShare: nav,
    valuationDate: date,
    pending: proposer === zeroAddress ? null : { navPerShare: pNav, valuationDate: pDate, proposer },
    navMoveLimitBps: limit,
  };
}

/**
 * Every NAV that took effect, oldest first (the initial one included).
 * @returns `{ valuationDate, navPerShare }` rows (unix seconds; payment-token base units per whole share).
 * @throws TesseraError InvalidInput, or the read's failure in words.
 */
export async function getNavHistory(publicClient: PublicClient, params: { vault: Address }): Promise<{ valuationDate: bigint; navPerShare: bigint }[]> {
  const { vault } = parseInput(vaultOnlySchema, params);
  const count = await view<bigint>(publicClient, vault, abi, "navCount");
  const rows = await Promise.all(
    Array.from({ length: Number(count) }, (_, i) => view<readonly [bigint, bigint]>(publicClient, vault, abi, "navHistory", [BigInt(i)])),
  );
  return rows.map(([valuationDate, navPerShare]) => ({ valuationDate, navPerShare }));
}

// ------------------------------------------------------------------------------------------------ investor

/** Parameters of {@link requestDeposit}: `assets` in payment-token base units; controller and owner default to the wallet. */
export const requestDepositSchema = z.object({
  vault: addressSchema,
  assets: amountSchema,
  controller: addressSchema.optional(),
  owner: addressSchema.optional(),
});
export type RequestDepositParams = z.input<typeof requestDepositSchema>;

/** Whether two addresses are the same (any case). */
const same = (a: Address, b: Address) => a.toLowerCase() === b.toLowerCase();

/** Refuses when the wallet is neither `account` nor an operator it approved (ERC-7540). */
async function requireSelfOrOperator(publicClient: PublicClient, vault: Address, caller: Address, account: Address): Promise<void> {
  if (same(caller, account)) return;
  if (!(await view<boolean>(publicClient, vault, abi, "isOperator", [account, caller]))) throw refusal("NotOwnerOrOperator", [caller, account]);
}

/** Refuses when a request now would join a later dealing date than the controller's pending one. */
async function requireSameDealing(publicClient: PublicClient, vault: Address, controller: Address, side: "Deposit" | "Redeem"): Promise<bigint> {
  const [pending, date, now] = await Promise.all([
    view<bigint>(publicClient, vault, abi, `pending${side}Request`, [0n, controller]),
    view<bigint>(publicClient, vault, abi, `pending${side}DealingDate`, [controller]),
    chainTime(publicClient),
  ]);
  const next = await view<bigint>(publicClient, vault, abi, "dealingDateAt", [now]);
  if (pending > 0n && date !== next) throw refusal("RequestPendingForEarlierDealing", [controller, date]);
  return next;
}

/**
 * Requests a subscription (ERC-7540 `requestDeposit`): `assets` payment-token base units move from the owner into the
 * vault's escrow until the fund administrator fulfils them at the dealing date's NAV. Refused in words before any
 * transaction: zero (`ZeroAmount`), below the vault's minimum (`BelowMinimum`), dust that buys no share at the current
 * NAV (`DustAmount`), a controller that may not hold the asset (`ControllerRestricted`: "you are not verified for this
 * asset", its country, a frozen wallet...), a pending request for an earlier dealing date, a short payment-token
 * balance; then approves the vault for `assets` when the allowance is short, then requests.
 * @returns The request's transaction, the approval's (or null), and the dealing date it joins (unix seconds).
 * @throws TesseraError as above, NotOwnerOrOperator, or the contract's error in words.
 */
export async function requestDeposit(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: RequestDepositParams,
): Promise<WriteResult & { approval: WriteResult | null; dealingDate: bigint }> {
  const p = parseInput(requestDepositSchema, params);
  const caller = accountOf(walletClient).address;
  const owner = p.owner ?? caller;
  const controller = p.controller ?? caller;
  await requireSelfOrOperator(publicClient, p.vault, caller, owner);
  if (p.assets === 0n) throw refusal("ZeroAmount");
  const [{ share, asset, unit, nav }, terms] = await Promise.all([
    navAndUnit(publicClient, p.vault),
    view<{ minDeposit: bigint }>(publicClient, p.vault, abi, "dealingTerms"),
  ]);
  if (p.assets < terms.minDeposit) {
    throw refusal("BelowMinimum", [p.assets, terms.minDeposit], `the subscription (${p.assets} payment-token base units) is below the vault's minimum of ${terms.minDeposit}`);
  }
  const estimate = (p.assets * unit) / nav;
  if (estimate === 0n) throw refusal("DustAmount", [p.assets]);
  const [frozen, code] = await Promise.all([
    view<boolean>(publicClient, share, tokenAbi, "isFrozen", [controller]),
    view<number>(publicClient, share, tokenAbi, "detectTransferRestriction", [zeroAddress, controller, estimate]),
  ]);
  const restriction = frozen ? 3 : Number(code);
  if (restriction !== 0) throw refusal("ControllerRestricted", [controller, restriction]);
  const dealingDate = await requireSameDealing(publicClient, p.vault, controller, "Deposit");
  await requirePaymentBalance(publicClient, { paymentToken: asset, owner, amount: p.assets, who: same(owner, caller) ? "your" : "the owner's" });
  let approval: WriteResult | null = null;
  if (same(owner, caller)) {
    approval = await ensureAllowance(walletClient, publicClient, { paymentToken: asset, owner, spender: p.vault, amount: p.assets });
  }
  const { hash, receipt } = await simulateAndWrite(
    walletClient,
    publicClient,
    { address: p.vault, abi, functionName: "requestDeposit", args: [p.assets, controller, owner] },
    { label: "request a subscription" },
  );
  const date = await view<bigint>(publicClient, p.vault, abi, "pendingDepositDealingDate", [controller]);
  return { hash, receipt, approval, dealingDate: date || dealingDate };
}

/** Parameters of {@link requestRedeem}: `shares` in token base units; the owner (default the wallet) is the controller. */
export const requestRedeemSchema = z.object({ vault: addressSchema, shares: amountSchema, owner: addressSchema.optional() });
export type RequestRedeemParams = z.input<typeof requestRedeemSchema>;

/**
 * Requests a redemption (ERC-7540 `requestRedeem`): `shares` token base units are locked in the owner's wallet (they
 * still count as held) until the fund administrator fulfils them at NAV (burned, payout claimable). The controller is
 * the owner. Refused in words before any transaction: zero, below the vault's minimum, dust that pays nothing at the
 * current NAV, a frozen wallet, more than the tokens available (balance minus frozen and locked), a pending request
 * for an earlier dealing date, a vault the issuer has not enabled to lock.
 * @returns The transaction and the dealing date the request joins.
 * @throws TesseraError as above, or the contract's error in words.
 */
export async function requestRedeem(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: RequestRedeemParams,
): Promise<WriteResult & { dealingDate: bigint }> {
  const p = parseInput(requestRedeemSchema, params);
  const caller = accountOf(walletClient).address;
  const owner = p.owner ?? caller;
  await requireSelfOrOperator(publicClient, p.vault, caller, owner);
  if (p.shares === 0n) throw refusal("ZeroAmount");
  const [{ share, unit, nav }, terms] = await Promise.all([navAndUnit(publicClient, p.vault), view<{ minRedeem: bigint }>(publicClient, p.vault, abi, "dealingTerms")]);
  if (p.shares < terms.minRedeem) {
    throw refusal("BelowMinimum", [p.shares, terms.minRedeem], `the redemption (${p.shares} token base units) is below the vault's minimum of ${terms.minRedeem}`);
  }
  if ((p.shares * nav) / unit === 0n) throw refusal("DustAmount", [p.shares]);
  const [locker, frozen, balance, frozenTokens, locked] = await Promise.all([
    view<boolean>(publicClient, share, tokenAbi, "isLocker", [p.vault]),
    view<boolean>(publicClient, share, tokenAbi, "isFrozen", [owner]),
    view<bigint>(publicClient, share, tokenAbi, "balanceOf", [owner]),
    view<bigint>(publicClient, share, tokenAbi, "getFrozenTokens", [owner]),
    view<bigint>(publicClient, share, tokenAbi, "getLockedTokens", [owner]),
  ]);
  if (!locker) throw refusal("CallerNotLocker", [p.vault]);
  if (frozen) throw refusal("WalletFrozen", [owner]);
  const available = balance > frozenTokens + locked ? balance - frozenTokens - locked : 0n;
  if (p.shares > available) throw refusal("LockExceedsAvailable", [owner, available, p.shares]);
  const dealingDate = await requireSameDealing(publicClient, p.vault, owner, "Redeem");
  const { hash, receipt } = await simulateAndWrite(
    walletClient,
    publicClient,
    { address: p.vault, abi, functionName: "requestRedeem", args: [p.shares, owner, owner] },
    { label: "request a redemption" },
  );
  return { hash, receipt, dealingDate };
}

/** Parameters of the cancellations: the controller defaults to the wallet. */
export const cancelRequestSchema = z.object({ vault: addressSchema, controller: addressSchema.optional() });
export type CancelRequestParams = z.input<typeof cancelRequestSchema>;

/** A cancellation (ERC-7887) of one side, refused in words when nothing is pending or the cut-off has passed. */
async function cancel(walletClient: WalletClient, publicClient: PublicClient, params: CancelRequestParams, side: "Deposit" | "Redeem"): Promise<WriteResult> {
  const p = parseInput(cancelRequestSchema, params);
  const caller = accountOf(walletClient).address;
  const controller = p.controller ?? caller;
  const pending = await view<bigint>(publicClient, p.vault, abi, `pending${side}Request`, [0n, controller]);
  if (pending === 0n) throw refusal("NoPendingRequest", [controller]);
  const { hash, receipt } = await simulateAndWrite(
    walletClient,
    publicClient,
    { address: p.vault, abi, functionName: `cancel${side}Request`, args: [0n, controller] },
    { label: `cancel a ${side === "Deposit" ? "subscription" : "redemption"}` },
  );
  return { hash, receipt };
}

/**
 * Cancels the controller's pending subscription (ERC-7887 `cancelDepositRequest`): the controller or an operator up to
 * the cut-off of its dealing date, the fund administrator at any time; the money becomes claimable at once
 * ({@link claimCancelDepositRequest}).
 * @throws TesseraError NoPendingRequest, CancelAfterCutoff, NotOwnerOrOperator (in words, before any transaction).
 */
export function cancelDepositRequest(walletClient: WalletClient, publicClient: PublicClient, params: CancelRequestParams): Promise<WriteResult> {
  return cancel(walletClient, publicClient, params, "Deposit");
}

/**
 * Cancels the controller's pending redemption (ERC-7887 `cancelRedeemRequest`); the shares stay locked until
 * {@link claimCancelRedeemRequest} releases them.
 * @throws TesseraError NoPendingRequest, CancelAfterCutoff, NotOwnerOrOperator (in words, before any transaction).
 */
export function cancelRedeemRequest(walletClient: WalletClient, publicClient: PublicClient, params: CancelRequestParams): Promise<WriteResult> {
  return cancel(walletClient, publicClient, params, "Redeem");
}

/** Parameters of the claims of canceled requests: receiver and controller default to the wallet. */
export const claimCancelSchema = z.object({ vault: addressSchema, receiver: addressSchema.optional(), controller: addressSchema.optional() });
export type ClaimCancelParams = z.input<typeof claimCancelSchema>;

async function claimCancel(walletClient: WalletClient, publicClient: PublicClient, params: ClaimCancelParams, side: "Deposit" | "Redeem") {
  const p = parseInput(claimCancelSchema, params);
  const caller = accountOf(walletClient).address;
  const controller = p.controller ?? caller;
  const amount = await view<bigint>(publicClient, p.vault, abi, `claimableCancel${side}Request`, [0n, controller]);
  if (amount === 0n) throw refusal("NothingToClaim", [controller]);
  const { hash, receipt } = await simulateAndWrite(
    walletClient,
    publicClient,
    { address: p.vault, abi, functionName: `claimCancel${side}Request`, args: [0n, p.receiver ?? caller, controller] },
    { label: "claim a canceled request" },
  );
  return { hash, receipt, amount };
}

/**
 * Takes back the money of a canceled subscription (ERC-7887 `claimCancelDepositRequest`) to the receiver.
 * @returns The transaction and `assets`, payment-token base units returned.
 * @throws TesseraError NothingToClaim (before any transaction), NotOwnerOrOperator.
 */
export async function claimCancelDepositRequest(walletClient: WalletClient, publicClient: PublicClient, params: ClaimCancelParams): Promise<WriteResult & { assets: bigint }> {
  const { amount, ...r } = await claimCancel(walletClient, publicClient, params, "Deposit");
  return { ...r, assets: amount };
}

/**
 * Releases the shares of a canceled redemption (ERC-7887 `claimCancelRedeemRequest`): unlocked in the owner's wallet,
 * or delivered to another receiver under every transfer rule.
 * @returns The transaction and `shares`, token base units released.
 * @throws TesseraError NothingToClaim (before any transaction), NotOwnerOrOperator, the token's transfer refusal.
 */
export async function claimCancelRedeemRequest(walletClient: WalletClient, publicClient: PublicClient, params: ClaimCancelParams): Promise<WriteResult & { shares: bigint }> {
  const { amount, ...r } = await claimCancel(walletClient, publicClient, params, "Redeem");
  return { ...r, shares: amount };
}

/**
 * Parameters of {@link claimDeposit}: `assets` (payment-token base units, ERC-7540 `deposit`) or `shares` (token base
 * units, `mint`) of the claimable subscription; neither: all of it. Receiver and controller default to the wallet.
 */
export const claimDepositSchema = z.object({
  vault: addressSchema,
  assets: amountSchema.optional(),
  shares: amountSchema.optional(),
  receiver: addressSchema.optional(),
  controller: addressSchema.optional(),
});
export type ClaimDepositParams = z.input<typeof claimDepositSchema>;

/**
 * Claims fulfilled subscription shares: mints them to the receiver (ERC-7540 `deposit` by assets, or `mint` by shares).
 * Refused in words before any transaction: nothing claimable, more than claimable, a receiver who may not hold the
 * asset now (verification and compliance are checked again at claim).
 * @returns The transaction, `shares` minted and `assets` (payment-token base units) of the claim used.
 * @throws TesseraError NothingToClaim, ExceedsClaimable, ControllerRestricted, or the contract's error in words.
 */
export async function claimDeposit(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: ClaimDepositParams,
): Promise<WriteResult & { shares: bigint; assets: bigint }> {
  const p = parseInput(claimDepositSchema, params);
  const caller = accountOf(walletClient).address;
  const controller = p.controller ?? caller;
  const receiver = p.receiver ?? caller;
  const [share, claimAssets, claimShares] = await Promise.all([
    view<Address>(publicClient, p.vault, abi, "share"),
    view<bigint>(publicClient, p.vault, abi, "claimableDepositRequest", [0n, controller]),
    view<bigint>(publicClient, p.vault, abi, "claimableDepositShares", [controller]),
  ]);
  if (claimAssets === 0n && claimShares === 0n) throw refusal("NothingToClaim", [controller]);
  if (p.assets !== undefined && p.assets > claimAssets) throw refusal("ExceedsClaimable", [controller, claimAssets, p.assets]);
  if (p.shares !== undefined && p.shares > claimShares) throw refusal("ExceedsClaimable", [controller, claimShares, p.shares]);
  if (p.assets === 0n || p.shares === 0n) throw refusal("ZeroAmount");
  const byShares = p.shares !== undefined;
  const expected = byShares ? (p.shares as bigint) : p.assets === undefined ? claimShares : (claimShares * p.assets) / claimAssets;
  const [frozen, code] = await Promise.all([
    view<boolean>(publicClient, share, tokenAbi, "isFrozen", [receiver]),
    view<number>(publicClient, share, tokenAbi, "detectTransferRestriction", [zeroAddress, receiver, expected]),
  ]);
  const restriction = frozen ? 3 : Number(code);
  if (restriction !== 0) throw refusal("ControllerRestricted", [receiver, restriction]);
  const amount = byShares ? (p.shares as bigint) : (p.assets ?? claimAssets);
  const { hash, receipt, result } = await simulateAndWrite(
    walletClient,
    publicClient,
    { address: p.vault, abi, functionName: byShares ? "mint" : "deposit", args: [amount, receiver, controller] },
    { label: "claim subscription shares" },
  );
  return byShares ? { hash, receipt, shares: amount, assets: result as bigint } : { hash, receipt, shares: result as bigint, assets: amount };
}

/**
 * Parameters of {@link claimRedeem}: `shares` (token base units, ERC-7540 `redeem`) or `assets` (payment-token base
 * units, `withdraw`) of the claimable redemption; neither: all of it. Receiver and controller default to the wallet.
 */
export const claimRedeemSchema = z.object({
  vault: addressSchema,
  shares: amountSchema.optional(),
  assets: amountSchema.optional(),
  receiver: addressSchema.optional(),
  controller: addressSchema.optional(),
});
export type ClaimRedeemParams = z.input<typeof claimRedeemSchema>;

/**
 * Claims a fulfilled redemption's payout to the receiver (ERC-7540 `redeem` by shares, or `withdraw` by assets).
 * @returns The transaction, `assets` paid (payment-token base units) and `shares` of the claim used.
 * @throws TesseraError NothingToClaim, ExceedsClaimable (before any transaction), or the contract's error in words.
 */
export async function claimRedeem(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: ClaimRedeemParams,
): Promise<WriteResult & { assets: bigint; shares: bigint }> {
  const p = parseInput(claimRedeemSchema, params);
  const caller = accountOf(walletClient).address;
  const controller = p.controller ?? caller;
  const receiver = p.receiver ?? caller;
  const [claimShares, claimAssets] = await Promise.all([
    view<bigint>(publicClient, p.vault, abi, "claimableRedeemRequest", [0n, controller]),
    view<bigint>(publicClient, p.vault, abi, "claimableRedeemAssets", [controller]),
  ]);
  if (claimShares === 0n && claimAssets === 0n) throw refusal("NothingToClaim", [controller]);
  if (p.shares !== undefined && p.shares > claimShares) throw refusal("ExceedsClaimable", [controller, claimShares, p.shares]);
  if (p.assets !== undefined && p.assets > claimAssets) throw refusal("ExceedsClaimable", [controller, claimAssets, p.assets]);
  if (p.assets === 0n || p.shares === 0n) throw refusal("ZeroAmount");
  const byAssets = p.assets !== undefined;
  const amount = byAssets ? (p.assets as bigint) : (p.shares ?? claimShares);
  const { hash, receipt, result } = await simulateAndWrite(
    walletClient,
    publicClient,
    { address: p.vault, abi, functionName: byAssets ? "withdraw" : "redeem", args: [amount, receiver, controller] },
    { label: "claim a redemption payout" },
  );
  return byAssets ? { hash, receipt, assets: amount, shares: result as bigint } : { hash, receipt, assets: result as bigint, shares: amount };
}

// ------------------------------------------------------------------------------------------------ fund administrator

/**
 * Parameters of {@link fulfillDeposits} and {@link fulfillRedeems}: the dealing date whose NAV applies, and per
 * controller the amount to fulfil (payment-token base units for subscriptions, token base units for redemptions;
 * omitted: its whole pending request). `batchSize` requests per transaction (default 50).
 */
export const fulfillSchema = z.object({
  vault: addressSchema,
  dealingDate: unixSecondsSchema,
  requests: z.array(z.object({ controller: addressSchema, amount: amountSchema.optional() })).min(1).max(10_000),
  batchSize: z.number().int().min(1).max(500).default(50),
});
export type FulfillParams = z.input<typeof fulfillSchema>;

/** What a fulfilment did: each batch's transaction and the entries fulfilled. */
export type FulfillResult = {
  batches: WriteResult[];
  /** Per request: the amount fulfilled and what it converted to (shares for subscriptions, payout for redemptions). */
  fulfilled: { controller: Address; amount: bigint; converted: bigint }[];
  /** Redemptions only: the approval of the payout to the vault (or null). */
  approval: WriteResult | null;
};

/** Checks a fulfilment's entries against the chain before any transaction. */
async function planFulfil(publicClient: PublicClient, p: z.output<typeof fulfillSchema>, side: "Deposit" | "Redeem") {
  const nav = await view<bigint>(publicClient, p.vault, abi, "navAt", [p.dealingDate]);
  if (nav === 0n) throw refusal("NoNavForDealingDate", [p.dealingDate]);
  const { unit, asset } = await navAndUnit(publicClient, p.vault);
  const entries = await Promise.all(
    p.requests.map(async (r) => {
      const [pending, date] = await Promise.all([
        view<bigint>(publicClient, p.vault, abi, `pending${side}Request`, [0n, r.controller]),
        view<bigint>(publicClient, p.vault, abi, `pending${side}DealingDate`, [r.controller]),
      ]);
      const amount = r.amount ?? pending;
      if (amount === 0n) throw pending === 0n ? refusal("NoPendingRequest", [r.controller]) : refusal("ZeroAmount");
      if (amount > pending) throw refusal("FulfillExceedsPending", [r.controller, pending, amount]);
      if (date > p.dealingDate) throw refusal("RequestNotDue", [r.controller, date, p.dealingDate]);
      const converted = side === "Deposit" ? (amount * unit) / nav : (amount * nav) / unit;
      if (converted === 0n) throw refusal("DustAmount", [amount]);
      return { controller: r.controller, amount, converted };
    }),
  );
  return { entries, asset };
}

async function fulfil(walletClient: WalletClient, publicClient: PublicClient, params: FulfillParams, side: "Deposit" | "Redeem"): Promise<FulfillResult> {
  const p = parseInput(fulfillSchema, params);
  const caller = accountOf(walletClient).address;
  const share = await view<Address>(publicClient, p.vault, abi, "share");
  await requireRole(publicClient, share, "FUND_ADMIN", caller);
  const { entries, asset } = await planFulfil(publicClient, p, side);
  let approval: WriteResult | null = null;
  if (side === "Redeem") {
    const payout = entries.reduce((s, e) => s + e.converted, 0n);
    await requirePaymentBalance(publicClient, { paymentToken: asset, owner: caller, amount: payout });
    approval = await ensureAllowance(walletClient, publicClient, { paymentToken: asset, owner: caller, spender: p.vault, amount: payout });
  }
  const batches: WriteResult[] = [];
  for (const batch of chunks(entries, p.batchSize)) {
    const { hash, receipt } = await simulateAndWrite(
      walletClient,
      publicClient,
      { address: p.vault, abi, functionName: `fulfill${side}s`, args: [p.dealingDate, batch.map((e) => e.controller), batch.map((e) => e.amount)] },
      { label: side === "Deposit" ? "fulfill subscriptions" : "fulfill redemptions" },
    );
    batches.push({ hash, receipt });
  }
  return { batches, fulfilled: entries, approval };
}

/**
 * Fulfils pending subscriptions at the NAV valued at `dealingDate` (FUND_ADMIN), in batches: shares become claimable
 * (`amount * 10^decimals / nav`, rounded down) and the money goes to the vault's treasury. Every entry is checked
 * before the first transaction: the caller's role, a NAV for the date, each pending amount and its dealing date, dust.
 * @returns Each batch's transaction and, per controller, the payment-token base units fulfilled and the shares.
 * @throws TesseraError CallerMissingRole, NoNavForDealingDate, NoPendingRequest, FulfillExceedsPending, RequestNotDue,
 *   DustAmount (before any transaction), or the contract's error in words.
 */
export function fulfillDeposits(walletClient: WalletClient, publicClient: PublicClient, params: FulfillParams): Promise<FulfillResult> {
  return fulfil(walletClient, publicClient, params, "Deposit");
}

/**
 * Fulfils pending redemptions at the NAV valued at `dealingDate` (FUND_ADMIN), in batches: the locked shares are
 * burned and their payout (`shares * nav / 10^decimals` payment-token base units, rounded down) becomes claimable,
 * pulled from the caller: the whole payout is checked against the caller's balance and approved to the vault (when the
 * allowance is short) before the first batch.
 * @returns Each batch's transaction, the approval (or null) and, per controller, the shares and their payout.
 * @throws TesseraError as {@link fulfillDeposits}, ERC20InsufficientBalance for the payout.
 */
export function fulfillRedeems(walletClient: WalletClient, publicClient: PublicClient, params: FulfillParams): Promise<FulfillResult> {
  return fulfil(walletClient, publicClient, params, "Redeem");
}

/** Refuses (CallerMissingRole) when `account` does not hold `role` without delay on the token's AccessManager. */
async function requireRole(publicClient: PublicClient, token: Address, role: RoleName, account: Address): Promise<void> {
  const manager = await view<Address>(publicClient, token, tokenAbi, "authority");
  const [member, delay] =
    manager === zeroAddress ? [false, 0] : await view<readonly [boolean, number]>(publicClient, manager, accessManagerAbi, "hasRole", [Role[role], account]);
  if (!member || Number(delay) !== 0) throw refusal("CallerMissingRole", [account, Role[role]]);
}

/**
 * Parameters of {@link updateNav}: NAV per share in payment-token base units per whole share; the valuation date
 * (unix seconds, not in the future, after the last NAV's) defaults to the chain's time now.
 */
export const updateNavSchema = z.object({ vault: addressSchema, navPerShare: amountSchema, valuationDate: unixSecondsSchema.optional() });
export type UpdateNavParams = z.input<typeof updateNavSchema>;

/**
 * Sets the NAV per share for a valuation date (NAV_AGENT). Within the vault's move limit it takes effect now; a larger
 * move waits for a second person's {@link approveNav}. Refused in words before any transaction: no NAV_AGENT role, a
 * NAV of zero (`ZeroNav`), a valuation date in the future or not after the last one.
 * @returns The transaction, `status` "updated" (in effect) or "proposed" (waiting for approval), and the valuation date.
 * @throws TesseraError ZeroNav, ValuationDateInFuture, ValuationDateNotAfterLast, CallerMissingRole.
 */
export async function updateNav(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: UpdateNavParams,
): Promise<WriteResult & { status: "updated" | "proposed"; valuationDate: bigint }> {
  const p = parseInput(updateNavSchema, params);
  const share = await view<Address>(publicClient, p.vault, abi, "share");
  await requireRole(publicClient, share, "NAV_AGENT", accountOf(walletClient).address);
  if (p.navPerShare === 0n) throw refusal("ZeroNav");
  const now = await chainTime(publicClient);
  const valuationDate = p.valuationDate ?? now;
  if (valuationDate > now) throw refusal("ValuationDateInFuture", [valuationDate, now]);
  const [, last] = await view<readonly [bigint, bigint]>(publicClient, p.vault, abi, "navPerShare");
  if (valuationDate <= last) throw refusal("ValuationDateNotAfterLast", [valuationDate, last]);
  const { hash, receipt } = await simulateAndWrite(
    walletClient,
    publicClient,
    { address: p.vault, abi, functionName: "updateNav", args: [p.navPerShare, valuationDate] },
    { label: "update the NAV" },
  );
  const proposed = eventsOf(receipt, abi, "NavProposed", p.vault).length > 0;
  return { hash, receipt, status: proposed ? "proposed" : "updated", valuationDate };
}

/** Parameters of {@link approveNav}: the proposal's NAV and valuation date (default: the one waiting). */
export const approveNavSchema = z.object({ vault: addressSchema, navPerShare: amountSchema.optional(), valuationDate: unixSecondsSchema.optional() });
export type ApproveNavParams = z.input<typeof approveNavSchema>;

/**
 * Approves the NAV proposal waiting beyond the move limit (NAV_APPROVER, not its proposer): it takes effect.
 * @throws TesseraError NoSuchNavProposal, ApproverIsProposer (before any transaction), CallerMissingRole.
 */
export async function approveNav(walletClient: WalletClient, publicClient: PublicClient, params: ApproveNavParams): Promise<WriteResult & { navPerShare: bigint; valuationDate: bigint }> {
  const p = parseInput(approveNavSchema, params);
  const caller = accountOf(walletClient).address;
  const share = await view<Address>(publicClient, p.vault, abi, "share");
  await requireRole(publicClient, share, "NAV_APPROVER", caller);
  const [nav, date, proposer] = await view<readonly [bigint, bigint, Address]>(publicClient, p.vault, abi, "pendingNav");
  const navPerShare = p.navPerShare ?? nav;
  const valuationDate = p.valuationDate ?? date;
  if (proposer === zeroAddress || nav !== navPerShare || date !== valuationDate) throw refusal("NoSuchNavProposal", [valuationDate, navPerShare]);
  if (same(proposer, caller)) throw refusal("ApproverIsProposer", [caller]);
  const { hash, receipt } = await simulateAndWrite(
    walletClient,
    publicClient,
    { address: p.vault, abi, functionName: "approveNav", args: [navPerShare, valuationDate] },
    { label: "approve the NAV" },
  );
  return { hash, receipt, navPerShare, valuationDate };
}

// ------------------------------------------------------------------------------------------------ deployment

/**
 * Parameters of {@link deployVault}: the asset, its payment token, the initial NAV (payment-token base units per whole
 * share) and its valuation date (default: the chain's time now), the dealing terms (`firstDealing` default: the next
 * multiple of `interval` from now, e.g. the next 00:00 UTC for daily dealing), the NAV move limit in basis points and
 * the treasury that receives subscription money (default: the wallet).
 */
export const deployVaultSchema = z.object({
  vaultFactory: addressSchema,
  token: addressSchema,
  paymentToken: addressSchema,
  initialNav: amountSchema,
  initialValuationDate: unixSecondsSchema.optional(),
  terms: z.object({
    firstDealing: unixSecondsSchema.optional(),
    interval: z.number().int().positive().max(2 ** 32 - 1),
    cutoff: z.number().int().nonnegative().max(2 ** 32 - 1),
    minDeposit: amountSchema.default(0n),
    minRedeem: amountSchema.default(0n),
  }),
  navMoveLimitBps: z.number().int().min(0).max(10_000),
  treasury: addressSchema.optional(),
});
export type DeployVaultParams = z.input<typeof deployVaultSchema>;

/**
 * Deploys an asset's ERC-7540 vault through the VaultFactory (the asset's issuer: token owner or ADMIN). Refused in
 * words before any transaction when the asset already has a vault (`VaultExists`), a NAV of zero, or terms the vault
 * refuses. Wire it with {@link setUpVault} next (SUPPLY, lock, roles).
 * @returns The transaction and the new vault's address.
 * @throws TesseraError VaultExists, ZeroNav, InvalidDealingTerms, NotIssuer, UnknownToken.
 */
export async function deployVault(walletClient: WalletClient, publicClient: PublicClient, params: DeployVaultParams): Promise<WriteResult & { vault: Address }> {
  const p = parseInput(deployVaultSchema, params);
  const caller = accountOf(walletClient).address;
  const existing = await view<Address>(publicClient, p.vaultFactory, vaultFactoryAbi, "vaultOf", [p.token]);
  if (existing !== zeroAddress) throw refusal("VaultExists", [p.token, existing]);
  if (p.initialNav === 0n) throw refusal("ZeroNav");
  if (p.terms.cutoff >= p.terms.interval) throw refusal("InvalidDealingTerms");
  const now = await chainTime(publicClient);
  const interval = BigInt(p.terms.interval);
  const firstDealing = p.terms.firstDealing ?? (now / interval + 1n) * interval;
  const terms = { firstDealing: Number(firstDealing), interval: p.terms.interval, cutoff: p.terms.cutoff, minDeposit: p.terms.minDeposit, minRedeem: p.terms.minRedeem };
  const { hash, receipt } = await simulateAndWrite(
    walletClient,
    publicClient,
    {
      address: p.vaultFactory,
      abi: vaultFactoryAbi as Abi,
      functionName: "deployVault",
      args: [p.token, p.paymentToken, p.initialNav, p.initialValuationDate ?? now, terms, BigInt(p.navMoveLimitBps), p.treasury ?? caller],
    },
    { label: "deploy the vault" },
  );
  const [deployed] = eventsOf<{ vault: Address }>(receipt, vaultFactoryAbi, "VaultDeployed", p.vaultFactory);
  const vault = deployed?.vault ?? (await view<Address>(publicClient, p.vaultFactory, vaultFactoryAbi, "vaultOf", [p.token]));
  return { hash, receipt, vault };
}

/**
 * Parameters of {@link setUpVault}: the asset and its vault, and who takes the vault's roles (each optional): the fund
 * administrator (FUND_ADMIN: fulfilment, dealing terms), the NAV agent (NAV_AGENT) and the NAV approver (NAV_APPROVER,
 * a second person for large NAV moves).
 */
export const setUpVaultSchema = z.object({
  token: addressSchema,
  vault: addressSchema,
  fundAdmin: addressSchema.optional(),
  navAgent: addressSchema.optional(),
  navApprover: addressSchema.optional(),
});
export type SetUpVaultParams = z.input<typeof setUpVaultSchema>;

/**
 * Wires a vault to its asset (the issuer: ADMIN of the asset's AccessManager and owner of the token): grants the vault
 * SUPPLY (it mints subscriptions and burns redemptions), allows it to lock (`setLocker`: redemption requests), and
 * grants the roles named. Idempotent: what is already in place is skipped.
 * @returns The transactions sent, in order.
 * @throws TesseraError AccessManagerUnauthorizedAccount, OwnableUnauthorizedAccount.
 */
export async function setUpVault(walletClient: WalletClient, publicClient: PublicClient, params: SetUpVaultParams): Promise<WriteResult[]> {
  const p = parseInput(setUpVaultSchema, params);
  const manager = await view<Address>(publicClient, p.token, tokenAbi, "authority");
  const grants: [RoleName, Address | undefined][] = [
    ["SUPPLY", p.vault],
    ["FUND_ADMIN", p.fundAdmin],
    ["NAV_AGENT", p.navAgent],
    ["NAV_APPROVER", p.navApprover],
  ];
  const sent: WriteResult[] = [];
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
  if (!(await view<boolean>(publicClient, p.token, tokenAbi, "isLocker", [p.vault]))) {
    const { hash, receipt } = await simulateAndWrite(
      walletClient,
      publicClient,
      { address: p.token, abi: tokenAbi as Abi, functionName: "setLocker", args: [p.vault, true] },
      { label: "allow the vault to lock" },
    );
    sent.push({ hash, receipt });
  }
  return sent;
}
