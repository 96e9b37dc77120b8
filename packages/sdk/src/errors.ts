/**
 * Errors with user text: {@link TesseraError}, and the one decoding of a revert (viem's error, a wallet's refusal) into
 * it through one table from error name to user text. Browser-safe.
 */
import { BaseError, ContractFunctionRevertedError, UserRejectedRequestError, decodeErrorResult, type Abi } from "viem";
import { RestrictionText, tesseraErrorsAbi } from "@tessera/contracts";

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
};

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
