/**
 * Errors with user text: {@link TesseraError}, and the one decoding of a revert (viem's error, a wallet's refusal) into
 * it through one table from error name to user text. Browser-safe.
 */
import { BaseError, ContractFunctionRevertedError, UserRejectedRequestError, decodeErrorResult, type Abi } from "viem";
import { RestrictionText, Role, tesseraErrorsAbi } from "@tessera/contracts";

/** An error with user text: a contract revert, an invalid input or a wallet refusal. */
export class TesseraError extends Error {
  override name = "TesseraError";
  /** The transfer restriction code (RestrictionCodes.sol, 0..17) when the error is a transfer rule, else null. */
  readonly code: number | null;
  /**
   * The custom error's name (e.g. "RecipientNotVerified"), "Error" for a revert string, "OnchainIdRefused" for an
   * ONCHAINID refusal in words, or the SDK's own: "InvalidInput", "NoAccount", "Reverted", "UserRejected", "Unknown".
   */
  readonly errorName: string;
  /** Decoded error arguments, when a revert. */
  readonly args: readonly unknown[];

  constructor(opts: { message: string; errorName: string; code?: number | null; args?: readonly unknown[]; cause?: unknown }) {
    super(opts.message, { cause: opts.cause });
    this.code = opts.code ?? null;
    this.errorName = opts.errorName;
    this.args = opts.args ?? [];
  }
}

/**
 * User text for a transfer restriction code (every code of RestrictionCodes.sol): the contracts package's
 * `RestrictionText`, the same text as `RestrictionCodes.message` in Solidity (test/restriction-codes.test.ts keeps them
 * equal).
 * @param code A code from the token's `detectTransferRestriction`.
 * @returns The text, or "unknown restriction code N".
 */
export function restrictionMessage(code: number): string {
  return RestrictionText[code] ?? `unknown restriction code ${code}`;
}

/**
 * The DvP's own pre-check codes (contracts/src/dvp/DvPCodes.sol, 100..112) in words, neutral wording (`DvPCodes.message`;
 * test/dvp.test.ts keeps them equal). Codes below 100 are restriction codes ({@link restrictionMessage}).
 */
export const DVP_CODE_TEXT: Readonly<Record<number, string>> = {
  100: "there is no such offer",
  101: "the offer is already taken",
  102: "the offer was cancelled",
  103: "the offer expired and was closed",
  104: "the offer has expired",
  105: "the offer is for another buyer",
  106: "the seller cannot trade with their own wallet",
  107: "the issuer has not enabled DvP for this asset",
  108: "the token is not an asset of this platform",
  109: "the amount exceeds the seller's available balance (not frozen, not locked)",
  110: "the offered tokens are no longer locked in the seller's wallet (an agent moved them)",
  111: "the buyer's payment-token balance is below the price",
  112: "the buyer has not approved the DvP to spend the price",
};

/**
 * User text for a DvP pre-check code (`checkOffer`, `checkTake`, `OfferRestricted`): a restriction code (0..17) or a
 * DvP code (100..112).
 */
export function dvpCodeMessage(code: number): string {
  return code >= 100 ? (DVP_CODE_TEXT[code] ?? `unknown DvP code ${code}`) : restrictionMessage(code);
}

/** A role id's name (`Role` of `@tessera/contracts`), or "role N". */
function roleName(id: unknown): string {
  const n = typeof id === "bigint" || typeof id === "number" ? BigInt(id) : null;
  const hit = Object.entries(Role).find(([, v]) => v === n);
  return hit ? hit[0] : `role ${String(id)}`;
}

/** Unix seconds as an ISO date and time in UTC ("2026-12-06 00:00 UTC"); the number itself when out of range. */
function isoDate(seconds: unknown): string {
  const ms = Number(seconds) * 1000;
  if (!Number.isFinite(ms) || ms < 0 || ms > 8.64e15) return `${String(seconds)} (unix seconds)`;
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

type Args = readonly unknown[];
type ErrorEntry = { text: (args: Args) => string; code?: (args: Args) => number | null };

/**
 * The one table from a custom error's name to user text (and, for transfer rules, the restriction code).
 * Names are those of the contracts' custom errors (and OpenZeppelin's EIP-6093 errors they use).
 */
const ERROR_TABLE: Record<string, ErrorEntry> = {
  // Token transfer rules: same text as the restriction codes.
  TokenPaused: { text: () => RestrictionText[1], code: () => 1 },
  WalletFrozen: { text: () => "the wallet is frozen" },
  InsufficientUnfrozenBalance: { text: () => RestrictionText[4], code: () => 4 },
  RecipientNotVerified: { text: () => RestrictionText[5], code: () => 5 },
  TransferNotCompliant: {
    text: (a) => restrictionMessage(Number(a[3])),
    code: (a) => Number(a[3]),
  },
  ERC20InsufficientBalance: { text: () => "the amount exceeds the sender's balance" },
  ERC20InsufficientAllowance: { text: () => "the amount exceeds the allowance given to the spender" },
  ERC20InvalidReceiver: { text: () => "the recipient address is not valid" },
  ERC20InvalidSender: { text: () => "the sender address is not valid" },
  // Token administration
  TokenNotPaused: { text: () => "the token is not paused" },
  BatchLengthMismatch: { text: () => "the lists have different lengths" },
  DecimalsOutOfRange: { text: (a) => `decimals must be between 0 and 18 (got ${a[0]})` },
  InvalidAssetClass: { text: (a) => `unknown asset class ${a[0]}` },
  InvalidAddress: { text: () => "an address is missing" },
  FreezeExceedsBalance: { text: () => "cannot freeze more than the wallet's unfrozen balance" },
  UnfreezeExceedsFrozen: { text: () => "cannot unfreeze more than is frozen" },
  FreezeExceedsMaxSupply: { text: () => "cannot freeze more than the token's maximum supply" },
  EmptyTokenInformation: { text: () => "the name and the symbol cannot be empty" },
  TokenNotBound: { text: () => "the compliance is not bound to this token" },
  RecoveryIdentityMismatch: { text: (a) => `the wallet ${a[0]} is registered with another identity than the investor's` },
  RecoveryWalletNotLinked: { text: () => "the new wallet is not registered with the investor's identity, nor a management key of it" },
  NothingToRecover: { text: () => "the lost wallet holds no tokens" },
  EmptyNameOrSymbol: { text: () => "the name and the symbol are required" },
  // Roles
  CallerNotAgent: { text: () => "your wallet is not an agent of this contract" },
  OwnableUnauthorizedAccount: { text: () => "only the owner can do this" },
  AgentAlreadyAdded: { text: () => "this wallet is already an agent" },
  AgentNotFound: { text: () => "this wallet is not an agent" },
  AgentZeroAddress: { text: () => "an agent address is missing" },
  // Identity registry
  InvalidWallet: { text: () => "the wallet address is not valid" },
  InvalidIdentity: { text: () => "the identity address is not valid" },
  InvalidCountry: { text: (a) => `${a[0]} is not an ISO-3166 numeric country code (1-999)` },
  WalletAlreadyRegistered: { text: () => "this wallet is already registered" },
  WalletNotRegistered: { text: () => "this wallet is not registered" },
  // Compliance and modules
  CallerNotToken: { text: () => "only the bound token can call this" },
  ModuleAlreadyAdded: { text: () => "this module is already added" },
  ModuleNotFound: { text: () => "this module is not added" },
  ModuleLimitReached: { text: () => "no more modules can be added" },
  HookNotCallable: { text: () => "a module's transfer hook cannot be called as configuration" },
  ModuleHookOutOfGas: { text: () => "a compliance module ran out of gas: send the transaction with a higher gas limit" },
  CountryAlreadyAllowed: { text: (a) => `country ${a[1]} is already allowed` },
  CountryNotAllowed: { text: (a) => `country ${a[1]} is not on the allow list` },
  CountryAlreadyBlocked: { text: (a) => `country ${a[1]} is already blocked` },
  CountryNotBlocked: { text: (a) => `country ${a[1]} is not on the block list` },
  InvalidModuleResponse: { text: () => "a compliance module answered with an unknown restriction code" },
  HolderLimitTooLarge: { text: (a) => `the holder limit ${a[0]} is too large` },
  InvalidTransferLimit: { text: () => "a transfer limit needs both a period and a volume (or neither, to turn it off)" },
  InvalidInvestorLimits: { text: () => "the investor limits are out of range (a volume limit needs a period)" },
  LockUpPeriodTooLong: { text: (a) => `the lock-up period of ${a[0]} seconds is too long` },
  CallerNotTransferApprover: { text: () => "your wallet is not a transfer approver of this asset" },
  SelfApproval: { text: () => "a transfer approver cannot approve their own transfer" },
  NothingToDecide: { text: () => "no transfer request with this sender, recipient and amount is waiting" },
  // Token supply, documents, permits
  MaxSupplyExceeded: { text: (a) => `the total supply would exceed the token's maximum (${a[1]} base units)` },
  InvalidDocument: { text: () => "a document needs a name and a URI" },
  DocumentNotFound: { text: () => "there is no document with this name" },
  ERC20InvalidApprover: { text: () => "the approver address is not valid" },
  ERC20InvalidSpender: { text: () => "the spender address is not valid" },
  ERC2612ExpiredSignature: { text: () => "the permit signature has expired" },
  ERC2612InvalidSigner: { text: () => "the permit is not signed by the token holder" },
  // Identity registry: claims (ONCHAINID)
  ClaimTopicExists: { text: (a) => `claim topic ${a[0]} is already required` },
  ClaimTopicNotFound: { text: (a) => `claim topic ${a[0]} is not required` },
  TrustedIssuerExists: { text: () => "this claim issuer is already trusted" },
  TrustedIssuerNotFound: { text: () => "this claim issuer is not trusted" },
  ClaimConfigLimit: { text: (a) => `at most ${a[0]} claim topics or trusted issuers` },
  NoClaimTopics: { text: () => "the identity registry requires no claim topic, so there are no claims to verify" },
  KycFromClaimsOnly: { text: () => "the identity registry verifies KYC claims: renew or revoke the investor's claim instead of setting an expiry" },
  // AccessManager (per-asset roles)
  AccessManagerUnauthorizedAccount: { text: (a) => `your wallet does not hold the required role (${a[1]})` },
  AccessManagerUnauthorizedCall: { text: () => "your wallet's roles do not allow this call" },
  // Token locks (ITokenLock: pending redemptions, open DvP offers)
  CallerNotLocker: { text: () => "this contract is not allowed to lock tokens of this asset (the issuer has not enabled it)" },
  LockExceedsAvailable: { text: (a) => `the amount (${a[2]} base units) exceeds the tokens available in the wallet (${a[1]} base units: not frozen, not locked)` },
  InsufficientUnlockedBalance: {
    text: (a) => `the amount (${a[2]} base units) exceeds the tokens you can transfer (${a[1]} base units: some are locked by a pending redemption or an open offer)`,
    code: () => 4,
  },
  UnlockExceedsLocked: { text: (a) => `only ${a[1]} base units of the wallet are still locked, not ${a[2]} (an agent moved locked tokens)` },
  // Money leg: shared
  UnknownToken: { text: () => "this token is not an asset of this platform" },
  UntrustedToken: { text: () => "this token is not an asset of this platform" },
  InvalidFactory: { text: () => "the token factory address is missing" },
  InvalidPaymentToken: { text: () => "the payment token is missing or not valid (it cannot be the asset itself)" },
  CallerMissingRole: { text: (a) => `your wallet does not hold the required role (${roleName(a[1])}) on this asset` },
  CallerNotCorporateActions: { text: () => "your wallet does not hold the corporate actions role on this asset" },
  // Vault (ERC-7540 subscriptions and redemptions) and its factory
  NotIssuer: { text: () => "only the asset's issuer can deploy its vault" },
  VaultExists: { text: (a) => `this asset already has a vault (${a[1]})` },
  NotOwnerOrOperator: { text: () => "your wallet is neither the account of this request nor an operator it approved" },
  ControllerNotOwner: { text: () => "a redemption must be requested for the wallet that holds the shares" },
  ZeroAmount: { text: () => "the amount must be more than zero" },
  BelowMinimum: { text: (a) => `the amount (${a[0]} base units) is below the vault's minimum of ${a[1]} base units` },
  ControllerRestricted: {
    text: (a) => (Number(a[1]) === 5 ? "you are not verified for this asset" : `the investor cannot hold this asset: ${restrictionMessage(Number(a[1]))}`),
    code: (a) => Number(a[1]),
  },
  RequestPendingForEarlierDealing: {
    text: (a) => `you already have a request waiting for the dealing date ${isoDate(a[1])}: wait for it to be fulfilled or cancel it first`,
  },
  NoPendingRequest: { text: () => "there is no pending request to cancel or fulfill" },
  CancelAfterCutoff: { text: (a) => `the cut-off for this request's dealing date passed at ${isoDate(a[1])}: only the fund administrator can cancel it now` },
  FulfillExceedsPending: { text: (a) => `the amount to fulfill (${a[2]} base units) exceeds the pending request of ${a[1]} base units` },
  RequestNotDue: { text: (a) => `this request is for the dealing date ${isoDate(a[1])}, after ${isoDate(a[2])}` },
  NoNavForDealingDate: { text: (a) => `there is no NAV valued at the dealing date ${isoDate(a[0])}: set it first` },
  DustAmount: { text: (a) => `the amount (${a[0]} base units) is too small: it converts to nothing at the current NAV` },
  ExceedsClaimable: { text: (a) => `the amount (${a[2]} base units) exceeds what is claimable (${a[1]} base units)` },
  NothingToClaim: { text: () => "there is nothing to claim" },
  AsyncFlow: { text: () => "this vault deals at NAV on dealing dates: there is no instant preview" },
  ZeroNav: { text: () => "the NAV per share must be more than zero" },
  ValuationDateInFuture: { text: (a) => `the valuation date ${isoDate(a[0])} is in the future` },
  ValuationDateNotAfterLast: { text: (a) => `the valuation date ${isoDate(a[0])} is not after the last NAV's (${isoDate(a[1])})` },
  NoSuchNavProposal: { text: () => "no NAV proposal with this value and valuation date is waiting for approval" },
  ApproverIsProposer: { text: () => "a second person must approve this NAV: you proposed it" },
  InvalidDealingTerms: { text: () => "the dealing terms are not valid (the interval must be positive, the cut-off shorter than the interval, the first dealing date set)" },
  InvalidNavMoveLimit: { text: (a) => `the NAV move limit of ${a[0]} basis points is above 100%` },
  // DvP (delivery versus payment)
  InvalidAmount: { text: () => "the amount must be more than zero (and at most 2^128 - 1 base units)" },
  InvalidPrice: { text: () => "the price must be more than zero (and at most 2^128 - 1 base units)" },
  InvalidExpiry: { text: (a) => `the expiry ${isoDate(a[0])} is not in the future` },
  OfferRestricted: { text: (a) => dvpCodeMessage(Number(a[4])), code: (a) => Number(a[4]) },
  OfferNotFound: { text: () => "there is no such offer" },
  OfferNotOpen: { text: (a) => ({ 2: "this offer is already taken", 3: "this offer was cancelled", 4: "this offer expired and was closed" })[Number(a[1])] ?? "this offer is closed" },
  OfferExpired: { text: () => "this offer has expired" },
  OfferNotExpired: { text: (a) => `this offer has not expired yet (it expires at ${isoDate(a[1])})` },
  NotOfferBuyer: { text: () => "this offer is for another buyer" },
  NotOfferCanceller: { text: () => "only the seller or an agent of the asset can cancel this offer" },
  // Distributor (record-date distributions)
  InvalidRoot: { text: () => "the entitlements' Merkle root is missing" },
  InvalidTotal: { text: (a) => `the total of ${a[0]} base units is not valid (more than zero, below 2^96)` },
  RecordDateNotPast: { text: (a) => `the record date (block ${a[0]}) is not in the past: the current block is ${a[1]}` },
  InvalidClaimDeadline: { text: (a) => `the claim deadline ${isoDate(a[0])} is not in the future` },
  FundingMismatch: { text: (a) => `the Distributor received ${a[1]} base units instead of ${a[0]} (fee-on-transfer payment tokens are not supported)` },
  UnknownDistribution: { text: (a) => `there is no distribution ${a[0]}` },
  ClaimsPaused: { text: () => "claims of this distribution are suspended by the issuer" },
  ClaimPeriodOver: { text: (a) => `the claim period of this distribution is over (it ended at ${isoDate(a[1])})` },
  ClaimPeriodNotOver: { text: (a) => `the claim period of this distribution is not over yet (it ends at ${isoDate(a[1])})` },
  AlreadyReclaimed: { text: () => "what was left of this distribution was already taken back" },
  AlreadyClaimed: { text: () => "this entitlement has already been paid" },
  InvalidProof: { text: () => "the proof does not match this distribution's entitlements (wrong index, identity or amount)" },
  WalletNotOfIdentity: { text: () => "this proof is for another investor: your wallet is not registered to the entitlement's identity" },
  ExceedsRemaining: { text: (a) => `paying ${a[1]} base units would exceed what is left of the distribution (${a[2]} base units)` },
  // Bond (terms and maturity)
  NotABond: { text: () => "this asset is not a bond" },
  BondTermsAlreadySet: { text: () => "this bond's terms are already set (they are set once)" },
  BondTermsNotSet: { text: () => "this bond has no terms yet" },
  InvalidFaceValue: { text: () => "the face value must be more than zero" },
  InvalidCouponFrequency: { text: (a) => `${a[0]} coupons a year is not supported (0, 1, 2, 4 or 12)` },
  InvalidCouponRate: { text: () => "the coupon rate must be between 0 and 100% a year, and zero exactly for a zero-coupon bond" },
  InvalidDayCount: { text: (a) => `day-count convention ${a[0]} is not supported (0 ACT/360, 1 ACT/365, 2 30/360)` },
  InvalidBondDates: { text: () => "the issue date must be set and the maturity date after it" },
  MaturityInPast: { text: (a) => `the maturity date ${isoDate(a[0])} is not in the future` },
  BondNotMatured: { text: (a) => `the bond has not matured yet (maturity ${isoDate(a[1])})` },
  RedemptionNotFunded: { text: (a) => `redemptions are not open yet: the issuer has funded ${a[1]} of the ${a[2]} base units the bond's supply needs` },
  InsufficientRedemptionFunds: { text: (a) => `the redemption funds (${a[1]} base units) do not cover this payment of ${a[2]} base units` },
  RedemptionExceedsRedeemable: { text: (a) => `the amount (${a[2]} base units) exceeds what you can redeem (${a[1]} base units: not frozen, not locked)` },
  RedemptionAmountTooSmall: { text: () => "the amount is too small: its payment rounds down to zero" },
  ZeroFunding: { text: () => "the funding amount must be more than zero" },
  NothingToReclaim: { text: () => "the redemption funds do not exceed what the bond's supply needs: nothing to reclaim" },
  // Cross-chain (AssetBridge, HyperlaneGateway, the token's ERC-7802 functions)
  CallerNotBridge: { text: () => "only the asset's bridge can mint or burn for a cross-chain transfer" },
  CallerNotIssuer: { text: () => "only the asset's issuer (the token's owner) can link its bridge to another chain" },
  UnknownDestination: { text: () => "the asset is not enabled on the destination chain (this chain's bridge has no link to it)" },
  InvalidReceiver: { text: () => "the receiver is not a wallet address on an EVM chain" },
  SenderNotRegistered: { text: () => "your wallet is not registered with an identity on this chain, so it cannot send tokens to another chain" },
  ReceiverNotSameIdentity: { text: () => "the receiver is not a wallet of your identity (a cross-chain transfer moves your own holding)" },
  UnknownMessageKind: { text: (a) => `the bridge received a message of an unknown kind (${a[0]})` },
  UnknownChain: { text: (a) => `the messaging gateway has no peer on chain ${a[0]}` },
  CallerNotMailbox: { text: () => "only the chain's Hyperlane Mailbox can deliver messages to the gateway" },
  UnknownPeer: { text: (a) => `the message comes from a gateway that is not a registered peer (Hyperlane domain ${a[0]})` },
  InvalidRecipientResponse: { text: () => "the message's recipient did not accept it (it does not answer ERC-7786's receiveMessage)" },
  UnsupportedAttribute: { text: () => "the messaging gateway does not support a requested message attribute" },
};

/**
 * A refusal read before any transaction (an action's pre-check), named and worded exactly as the contract's custom
 * error `errorName` with `args` would be when it reverts: the same table, the same restriction code.
 * @param message Text that says more than the table's (e.g. amounts in whole units), same meaning.
 * @returns The TesseraError to throw.
 */
export function refusal(errorName: string, args: readonly unknown[] = [], message?: string): TesseraError {
  const entry = ERROR_TABLE[errorName];
  const text = message ?? entry?.text(args) ?? `the contract would refuse the call (${errorName})`;
  return new TesseraError({ message: text, errorName, code: entry?.code?.(args) ?? null, args });
}

/** ONCHAINID (identities, claim issuers) reverts with strings; these become user text, errorName "OnchainIdRefused". */
const ONCHAINID_REASONS: [RegExp, string][] = [
  [/does not have management key/, "your wallet has no management key on this identity"],
  [/does not have claim signer key/, "your wallet has no claim key on this identity"],
  [/invalid claim/, "the claim issuer does not accept this claim signature (is the signer a claim key of the issuer?)"],
  [/Conflict: Key already has purpose/, "the key already has this purpose"],
];

/** The revert's error name and arguments, decoding against every Tessera error when viem could not. */
function decodeRevert(e: ContractFunctionRevertedError): { errorName: string; args: readonly unknown[] } | null {
  if (e.data?.errorName) return { errorName: e.data.errorName, args: e.data.args ?? [] };
  if (e.raw) {
    try {
      const d = decodeErrorResult({ abi: tesseraErrorsAbi as Abi, data: e.raw });
      return { errorName: d.errorName, args: d.args ?? [] };
    } catch {
      /* unknown selector */
    }
  }
  if (e.reason) return { errorName: "Error", args: [e.reason] };
  return null;
}

/** A decoded revert in words: the table's text, an ONCHAINID reason's, the revert string, or the error's name. */
function revertError(d: { errorName: string; args: readonly unknown[] }, cause: unknown): TesseraError {
  const entry = ERROR_TABLE[d.errorName];
  if (entry) {
    return new TesseraError({ message: entry.text(d.args), errorName: d.errorName, code: entry.code?.(d.args) ?? null, args: d.args, cause });
  }
  if (d.errorName === "Error") {
    const reason = String(d.args[0]);
    const hit = ONCHAINID_REASONS.find(([re]) => re.test(reason));
    if (hit) return new TesseraError({ message: hit[1], errorName: "OnchainIdRefused", args: d.args, cause });
    return new TesseraError({ message: reason, errorName: "Error", args: d.args, cause });
  }
  return new TesseraError({ message: `the contract refused the call (${d.errorName})`, errorName: d.errorName, args: d.args, cause });
}

/**
 * Turns any error (viem's, a wallet's, ours) into a {@link TesseraError} with user text: a revert by the table above
 * (custom errors, ONCHAINID's revert strings), a wallet's refusal as "UserRejected", anything else with its first line.
 * @param err The thrown value.
 * @returns The TesseraError (the same object when it already is one).
 */
export function toTesseraError(err: unknown): TesseraError {
  if (err instanceof TesseraError) return err;
  if (err instanceof BaseError) {
    const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      const d = decodeRevert(reverted);
      if (d) return revertError(d, err);
      return new TesseraError({ message: "the contract refused the call", errorName: "Unknown", cause: err });
    }
    if (err.walk((e) => e instanceof UserRejectedRequestError)) {
      return new TesseraError({ message: "you rejected the request in your wallet", errorName: "UserRejected", cause: err });
    }
    return new TesseraError({ message: err.shortMessage || err.message, errorName: "Unknown", cause: err });
  }
  const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
  return new TesseraError({ message, errorName: "Unknown", cause: err });
}

/**
 * User text for any error thrown by the SDK, viem or a wallet.
 * @param err The thrown value.
 * @returns One line of text for the user.
 */
export function explainError(err: unknown): string {
  return toTesseraError(err).message;
}
