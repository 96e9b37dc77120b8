/**
 * @tessera/sdk: typed viem actions for Tessera (browser-safe; no Node APIs).
 *
 * Every write simulates first (so a refused transfer never costs gas), then writes, then waits for the receipt.
 * Reverts become a {@link TesseraError} whose message comes from one table (error name -> user text) and, for
 * transfer restrictions, from the shared restriction-code table.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  UserRejectedRequestError,
  decodeErrorResult,
  formatUnits,
  isAddress,
  parseEventLogs,
  parseUnits,
  zeroAddress,
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hash,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";
import { z } from "zod";
import {
  AssetClassText,
  identityRegistryAbi,
  onchainIdentityAbi,
  onchainIdentityBytecode,
  RestrictionCode,
  RestrictionText,
  tesseraErrorsAbi,
  tokenAbi,
  tokenFactoryAbi,
  type Deployments,
  type RestrictionCodeName,
} from "@tessera/contracts";

export {
  AssetClass,
  AssetClassText,
  RestrictionCode,
  type AssetClassName,
  type AssetClassValue,
  type Deployments,
  type RestrictionCodeName,
} from "@tessera/contracts";

// ---------------------------------------------------------------------------------------------------------------
// Text tables

/**
 * User text per restriction code (ARCHITECTURE.md, "Restriction codes"): the contracts package's table, the same text
 * as `RestrictionCodes.message` in Solidity (test/restriction-codes.test.ts parses the .sol file to keep them equal).
 */
const RESTRICTION_TEXT: Readonly<Record<number, string>> = RestrictionText;

/**
 * User text for a transfer restriction code (every code of RestrictionCodes.sol).
 * @param code A code from the token's `detectTransferRestriction`.
 * @returns The text, or "unknown restriction code N".
 */
export function restrictionMessage(code: number): string {
  return RESTRICTION_TEXT[code] ?? `unknown restriction code ${code}`;
}

type Args = readonly unknown[];
type ErrorEntry = { text: (args: Args) => string; code?: (args: Args) => number | null };

/**
 * The one table from a custom error's name to user text (and, for transfer rules, the restriction code).
 * Names are those of the contracts' custom errors (and OpenZeppelin's EIP-6093 errors they use).
 */
const ERROR_TABLE: Record<string, ErrorEntry> = {
  // Token transfer rules: same text as the restriction codes.
  TokenPaused: { text: () => RESTRICTION_TEXT[1], code: () => 1 },
  WalletFrozen: { text: () => "the wallet is frozen" },
  InsufficientUnfrozenBalance: { text: () => RESTRICTION_TEXT[4], code: () => 4 },
  RecipientNotVerified: { text: () => RESTRICTION_TEXT[5], code: () => 5 },
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
  CallerNotTransferManager: { text: () => "your wallet is not a transfer manager of this asset" },
  SelfApproval: { text: () => "a transfer manager cannot approve their own transfer" },
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

// ---------------------------------------------------------------------------------------------------------------
// Errors

/** An error with user text: a contract revert, an invalid input or a wallet refusal. */
export class TesseraError extends Error {
  override name = "TesseraError";
  /** The transfer restriction code (RestrictionCodes.sol, 0..17) when the error is a transfer rule, else null. */
  readonly code: number | null;
  /** The custom error's name (e.g. "RecipientNotVerified"), or "InvalidInput", "UserRejected", "Unknown". */
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

/**
 * Turns any error (viem's, a wallet's, ours) into a {@link TesseraError} with user text.
 * @param err The thrown value.
 * @returns The TesseraError (the same object when it already is one).
 */
export function toTesseraError(err: unknown): TesseraError {
  if (err instanceof TesseraError) return err;
  if (err instanceof BaseError) {
    const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      const d = decodeRevert(reverted);
      if (d) {
        const entry = ERROR_TABLE[d.errorName];
        if (entry) {
          return new TesseraError({
            message: entry.text(d.args),
            errorName: d.errorName,
            code: entry.code?.(d.args) ?? null,
            args: d.args,
            cause: err,
          });
        }
        const text = d.errorName === "Error" ? String(d.args[0]) : `the contract refused the call (${d.errorName})`;
        return new TesseraError({ message: text, errorName: d.errorName, args: d.args, cause: err });
      }
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

// ---------------------------------------------------------------------------------------------------------------
// Input schemas (zod)

/** A 0x address (any case). */
export const addressSchema = z
  .string()
  .refine((v) => isAddress(v, { strict: false }), "not a valid address")
  .transform((v) => v as Address);
/**
 * `deployments/<chainId>.json` (ARCHITECTURE.md, "Deployments file"), checked: the one schema the indexer, the web
 * server and users' scripts read it with. Module keys after `maxBalance`, `implementations.accessManager`,
 * `claimIssuer` and `demoAsset` are optional (files written before they existed).
 */
export const deploymentsSchema = z.object({
  chainId: z.number().int().positive(),
  startBlock: z.number().int().nonnegative(),
  identityRegistry: addressSchema,
  factory: addressSchema,
  modules: z.object({
    countryAllow: addressSchema,
    maxHolders: addressSchema,
    maxBalance: addressSchema,
    transferLimit: addressSchema.optional(),
    identityMaxBalance: addressSchema.optional(),
    countryBlock: addressSchema.optional(),
    supplyCap: addressSchema.optional(),
    minHolding: addressSchema.optional(),
    lockUp: addressSchema.optional(),
    manualApproval: addressSchema.optional(),
    investorLimits: addressSchema.optional(),
  }),
  implementations: z.object({ token: addressSchema, compliance: addressSchema, accessManager: addressSchema.optional() }),
  claimIssuer: addressSchema.optional(),
  demoAsset: z.object({ token: addressSchema, compliance: addressSchema }).optional(),
}) satisfies z.ZodType<Deployments, unknown>;
/** ISO-3166 numeric country code, 1..999 (e.g. 840 USA, 826 GBR, 250 FRA, 276 DEU). */
export const countrySchema = z.number().int().min(1).max(999);
/** An amount in token base units (non-negative bigint). */
export const amountSchema = z.bigint().nonnegative();
/** Token decimals, 0..18. */
export const decimalsSchema = z.number().int().min(0).max(18);
/** Asset class: 0 fund share, 1 bond, 2 equity, 3 real estate (the codes of `AssetClassText`). */
export const assetClassSchema = z.number().int().min(0).max(Math.max(...Object.keys(AssetClassText).map(Number)));
/** Unix time in seconds, as bigint or number. */
export const unixSecondsSchema = z.union([z.bigint(), z.number().int()]).transform((v) => BigInt(v)).pipe(z.bigint().nonnegative().lt(1n << 64n));

/** Parameters of {@link deployAsset}; zero (or no countries) turns a rule off. */
export const assetParamsSchema = z.object({
  name: z.string().trim().min(1).max(64),
  symbol: z.string().trim().min(1).max(16),
  decimals: decimalsSchema,
  assetClass: assetClassSchema,
  /** ISO-3166 numeric recipient countries; empty = any. */
  allowedCountries: z.array(countrySchema).max(200).default([]),
  /** Maximum number of holding wallets; 0 = no limit. */
  maxHolders: z.union([z.bigint(), z.number().int()]).transform((v) => BigInt(v)).pipe(z.bigint().nonnegative()).default(0n),
  /** Maximum balance per wallet, in token base units; 0 = no limit. */
  maxBalance: amountSchema.default(0n),
});
export type AssetParams = z.input<typeof assetParamsSchema>;

/** Parameters of {@link registerInvestor}. */
export const registerInvestorSchema = z.object({
  wallet: addressSchema,
  country: countrySchema,
  /** KYC expiry, unix seconds. */
  kycExpiresAt: unixSecondsSchema,
  /** An existing ONCHAINID identity; when omitted one is deployed with the wallet as management key. */
  identity: addressSchema.optional(),
});
export type RegisterInvestorParams = z.input<typeof registerInvestorSchema>;

/** Parameters of {@link mint} and {@link transfer}. */
export const tokenMoveSchema = z.object({ token: addressSchema, to: addressSchema, amount: amountSchema });
export type TokenMoveParams = z.input<typeof tokenMoveSchema>;

/** Parameters of {@link precheckTransfer}; `from` zero (or omitted) checks a mint. */
export const precheckSchema = z.object({
  token: addressSchema,
  from: addressSchema.optional(),
  to: addressSchema,
  amount: amountSchema,
});
export type PrecheckParams = z.input<typeof precheckSchema>;

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    throw new TesseraError({ message: `invalid input: ${where}${first?.message ?? "invalid"}`, errorName: "InvalidInput" });
  }
  return r.data;
}

// ---------------------------------------------------------------------------------------------------------------
// Amounts and names

/**
 * Parses a whole-token decimal string ("12.5") into token base units.
 * @param text The amount in whole tokens.
 * @param decimals The token's decimals (0..18).
 * @returns The amount in token base units.
 * @throws TesseraError (InvalidInput) for a malformed, negative or over-precise amount.
 */
export function parseAmount(text: string, decimals: number): bigint {
  const d = parse(decimalsSchema, decimals);
  const t = text.trim();
  const m = /^\d+(?:\.(\d+))?$/.exec(t);
  if (!m) throw new TesseraError({ message: "invalid input: enter an amount like 100 or 12.5", errorName: "InvalidInput" });
  if ((m[1]?.length ?? 0) > d) {
    throw new TesseraError({ message: `invalid input: at most ${d} decimal places`, errorName: "InvalidInput" });
  }
  return parseUnits(t, d);
}

/**
 * Formats token base units as a whole-token decimal string.
 * @param amount Token base units.
 * @param decimals The token's decimals.
 */
export function formatAmount(amount: bigint, decimals: number): string {
  return formatUnits(amount, decimals);
}

/**
 * Display name of an asset class (0 fund share, 1 bond, 2 equity, 3 real estate): `AssetClassText` of
 * `@tessera/contracts`.
 * @param assetClass The `assetClass()` of a token.
 * @returns The name, or "Unknown class N".
 */
export function assetClassName(assetClass: number): string {
  return (AssetClassText as Readonly<Record<number, string>>)[assetClass] ?? `Unknown class ${assetClass}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Actions

/** A wallet client that has an account. */
export type TesseraWalletClient = WalletClient<Transport, Chain | undefined, Account>;

/** What every write returns. */
export type WriteResult = { hash: Hash; receipt: TransactionReceipt };

function accountOf(walletClient: WalletClient): Account {
  const account = walletClient.account;
  if (!account) throw new TesseraError({ message: "connect a wallet first", errorName: "NoAccount" });
  return account;
}

/**
 * Simulates a contract call (so a revert is caught with its custom error before anything is signed), sends it from
 * the wallet, and waits for the receipt. Every SDK write and the apps' own writes go through it.
 * @returns The transaction hash, its receipt and the simulated return value.
 * @throws TesseraError NoAccount (the wallet client has no account), Reverted (mined but reverted), or the contract's
 * custom error in words (see `toTesseraError`).
 */
export async function simulateAndWrite(
  walletClient: WalletClient,
  publicClient: PublicClient,
  call: { address: Address; abi: Abi; functionName: string; args: readonly unknown[] },
): Promise<WriteResult & { result: unknown }> {
  try {
    const account = accountOf(walletClient);
    const { request, result } = await publicClient.simulateContract({ ...call, account } as never);
    const hash = await walletClient.writeContract({ ...(request as object), chain: walletClient.chain } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") {
      throw new TesseraError({ message: "the transaction was reverted", errorName: "Reverted" });
    }
    return { hash, receipt, result };
  } catch (err) {
    throw toTesseraError(err);
  }
}

/**
 * Deploys an asset (token + compliance) through the TokenFactory; the wallet becomes owner and agent.
 * @param walletClient The issuer's wallet.
 * @param publicClient A client of the same chain.
 * @param deployments The platform addresses.
 * @param params The asset parameters; `maxBalance` in token base units.
 * @returns The token and compliance addresses, plus the transaction.
 * @throws TesseraError
 */
export async function deployAsset(
  walletClient: WalletClient,
  publicClient: PublicClient,
  deployments: Pick<Deployments, "factory">,
  params: AssetParams,
): Promise<WriteResult & { token: Address; compliance: Address }> {
  const p = parse(assetParamsSchema, params);
  const r = await simulateAndWrite(walletClient, publicClient, {
    address: deployments.factory,
    abi: tokenFactoryAbi as Abi,
    functionName: "deployAsset",
    args: [
      {
        name: p.name,
        symbol: p.symbol,
        decimals: p.decimals,
        assetClass: p.assetClass,
        allowedCountries: p.allowedCountries,
        maxHolders: p.maxHolders,
        maxBalance: p.maxBalance,
      },
    ],
  });
  const [event] = parseEventLogs({ abi: tokenFactoryAbi, eventName: "AssetDeployed", logs: r.receipt.logs });
  if (!event) throw new TesseraError({ message: "the factory did not report the new asset", errorName: "Unknown" });
  return { hash: r.hash, receipt: r.receipt, token: event.args.token, compliance: event.args.compliance };
}

/**
 * Deploys an ONCHAINID Identity with `managementKey` as its management key (from @onchain-id/solidity's bytecode).
 * @returns The identity address and the deployment transaction.
 * @throws TesseraError
 */
export async function deployIdentity(
  walletClient: WalletClient,
  publicClient: PublicClient,
  managementKey: Address,
): Promise<WriteResult & { identity: Address }> {
  try {
    const account = accountOf(walletClient);
    const hash = await walletClient.deployContract({
      abi: onchainIdentityAbi,
      bytecode: onchainIdentityBytecode,
      args: [managementKey, false],
      account,
      chain: walletClient.chain,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !receipt.contractAddress) {
      throw new TesseraError({ message: "the identity deployment failed", errorName: "Reverted" });
    }
    return { hash, receipt, identity: receipt.contractAddress };
  } catch (err) {
    throw toTesseraError(err);
  }
}

/**
 * Registers an investor in the identity registry with country and KYC expiry, in one registry transaction.
 * Unless `identity` is given, first deploys an ONCHAINID Identity whose management key is the investor's wallet.
 * The caller must be an agent of the identity registry.
 * @param params wallet, ISO-3166 numeric country, KYC expiry (unix seconds), optional existing identity.
 * @returns The identity used and the registry transaction.
 * @throws TesseraError (e.g. CallerNotAgent, WalletAlreadyRegistered, InvalidCountry)
 */
export async function registerInvestor(
  walletClient: WalletClient,
  publicClient: PublicClient,
  deployments: Pick<Deployments, "identityRegistry">,
  params: RegisterInvestorParams,
): Promise<WriteResult & { identity: Address; identityDeployHash?: Hash }> {
  const p = parse(registerInvestorSchema, params);
  const call = (identity: Address) => ({
    address: deployments.identityRegistry,
    abi: identityRegistryAbi as Abi,
    functionName: "registerInvestor",
    args: [p.wallet, identity, p.country, p.kycExpiresAt],
  });
  let identity = p.identity;
  let identityDeployHash: Hash | undefined;
  if (!identity) {
    // Check the registration (agent role, duplicate, country) before spending gas on an identity.
    try {
      await publicClient.simulateContract({ ...call(p.wallet), account: accountOf(walletClient) } as never);
    } catch (err) {
      throw toTesseraError(err);
    }
    const d = await deployIdentity(walletClient, publicClient, p.wallet);
    identity = d.identity;
    identityDeployHash = d.hash;
  }
  const r = await simulateAndWrite(walletClient, publicClient, call(identity));
  return { hash: r.hash, receipt: r.receipt, identity, identityDeployHash };
}

/**
 * Mints `amount` token base units to `to` (agent only; `to` must be verified and allowed by compliance).
 * @throws TesseraError (e.g. RecipientNotVerified, TransferNotCompliant, CallerNotAgent)
 */
export async function mint(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: TokenMoveParams,
): Promise<WriteResult> {
  const p = parse(tokenMoveSchema, params);
  const { hash, receipt } = await simulateAndWrite(walletClient, publicClient, {
    address: p.token,
    abi: tokenAbi as Abi,
    functionName: "mint",
    args: [p.to, p.amount],
  });
  return { hash, receipt };
}

/**
 * Transfers `amount` token base units from the wallet to `to` (ERC-20 transfer under all transfer rules).
 * @throws TesseraError (e.g. RecipientNotVerified, TransferNotCompliant, TokenPaused, WalletFrozen)
 */
export async function transfer(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: TokenMoveParams,
): Promise<WriteResult> {
  const p = parse(tokenMoveSchema, params);
  const { hash, receipt } = await simulateAndWrite(walletClient, publicClient, {
    address: p.token,
    abi: tokenAbi as Abi,
    functionName: "transfer",
    args: [p.to, p.amount],
  });
  return { hash, receipt };
}

/** Result of {@link precheckTransfer}. */
export type PrecheckResult = { ok: boolean; code: number; name: RestrictionCodeName | "UNKNOWN"; reason: string };

/**
 * Asks the token whether a transfer (or, with `from` omitted or zero, a mint) would pass now, without a transaction.
 * @param params token, from, to, amount in token base units.
 * @returns ok, the restriction code (0 = allowed), its name and its user text.
 * @throws TesseraError when the call itself fails (e.g. not a Tessera token).
 */
export async function precheckTransfer(publicClient: PublicClient, params: PrecheckParams): Promise<PrecheckResult> {
  const p = parse(precheckSchema, params);
  let code: number;
  try {
    code = await publicClient.readContract({
      address: p.token,
      abi: tokenAbi,
      functionName: "detectTransferRestriction",
      args: [p.from ?? zeroAddress, p.to, p.amount],
    });
  } catch (err) {
    throw toTesseraError(err);
  }
  const name = (RestrictionCode as Record<number, RestrictionCodeName>)[code] ?? "UNKNOWN";
  return { ok: code === 0, code, name, reason: restrictionMessage(code) };
}

// ---------------------------------------------------------------------------------------------------------------
// Agent operations (onlyAgent on the token): pause, freeze, burn, forced transfer, wallet recovery

/** Parameters of {@link pause} and {@link unpause}. */
export const tokenOnlySchema = z.object({ token: addressSchema });
export type TokenOnlyParams = z.input<typeof tokenOnlySchema>;

/** Parameters of {@link setAddressFrozen}. */
export const setFrozenSchema = z.object({ token: addressSchema, wallet: addressSchema, frozen: z.boolean() });
export type SetFrozenParams = z.input<typeof setFrozenSchema>;

/** Parameters of {@link freezePartialTokens}, {@link unfreezePartialTokens} and {@link burn}. */
export const walletAmountSchema = z.object({ token: addressSchema, wallet: addressSchema, amount: amountSchema });
export type WalletAmountParams = z.input<typeof walletAmountSchema>;

/** Parameters of {@link forcedTransfer}. */
export const forcedTransferSchema = z.object({ token: addressSchema, from: addressSchema, to: addressSchema, amount: amountSchema });
export type ForcedTransferParams = z.input<typeof forcedTransferSchema>;

/** Parameters of {@link recoverWallet}; `investorIdentity` defaults to the lost wallet's identity in the registry. */
export const recoverWalletSchema = z.object({
  token: addressSchema,
  lostWallet: addressSchema,
  newWallet: addressSchema,
  investorIdentity: addressSchema.optional(),
});
export type RecoverWalletParams = z.input<typeof recoverWalletSchema>;

async function tokenWrite(
  walletClient: WalletClient,
  publicClient: PublicClient,
  token: Address,
  functionName: string,
  args: readonly unknown[],
): Promise<WriteResult> {
  const { hash, receipt } = await simulateAndWrite(walletClient, publicClient, { address: token, abi: tokenAbi as Abi, functionName, args });
  return { hash, receipt };
}

/**
 * Pauses every transfer of the token (agent only); mints and burns by agents still work.
 * @throws TesseraError (e.g. TokenPaused when already paused, CallerNotAgent)
 */
export async function pause(walletClient: WalletClient, publicClient: PublicClient, params: TokenOnlyParams): Promise<WriteResult> {
  const p = parse(tokenOnlySchema, params);
  return tokenWrite(walletClient, publicClient, p.token, "pause", []);
}

/**
 * Lifts a pause (agent only).
 * @throws TesseraError (e.g. TokenNotPaused, CallerNotAgent)
 */
export async function unpause(walletClient: WalletClient, publicClient: PublicClient, params: TokenOnlyParams): Promise<WriteResult> {
  const p = parse(tokenOnlySchema, params);
  return tokenWrite(walletClient, publicClient, p.token, "unpause", []);
}

/**
 * Freezes (or unfreezes) a whole wallet: it can neither send nor receive (agent only).
 * @throws TesseraError (e.g. CallerNotAgent)
 */
export async function setAddressFrozen(walletClient: WalletClient, publicClient: PublicClient, params: SetFrozenParams): Promise<WriteResult> {
  const p = parse(setFrozenSchema, params);
  return tokenWrite(walletClient, publicClient, p.token, "setAddressFrozen", [p.wallet, p.frozen]);
}

/**
 * Freezes `amount` base units of a wallet's balance; the rest stays transferable (agent only).
 * @throws TesseraError (e.g. FreezeExceedsBalance, CallerNotAgent)
 */
export async function freezePartialTokens(walletClient: WalletClient, publicClient: PublicClient, params: WalletAmountParams): Promise<WriteResult> {
  const p = parse(walletAmountSchema, params);
  return tokenWrite(walletClient, publicClient, p.token, "freezePartialTokens", [p.wallet, p.amount]);
}

/**
 * Releases `amount` base units of a wallet's frozen tokens (agent only).
 * @throws TesseraError (e.g. UnfreezeExceedsFrozen, CallerNotAgent)
 */
export async function unfreezePartialTokens(walletClient: WalletClient, publicClient: PublicClient, params: WalletAmountParams): Promise<WriteResult> {
  const p = parse(walletAmountSchema, params);
  return tokenWrite(walletClient, publicClient, p.token, "unfreezePartialTokens", [p.wallet, p.amount]);
}

/**
 * Burns (redeems) `amount` base units from a wallet (agent only); frozen tokens are released first if needed.
 * @throws TesseraError (e.g. ERC20InsufficientBalance, CallerNotAgent)
 */
export async function burn(walletClient: WalletClient, publicClient: PublicClient, params: WalletAmountParams): Promise<WriteResult> {
  const p = parse(walletAmountSchema, params);
  return tokenWrite(walletClient, publicClient, p.token, "burn", [p.wallet, p.amount]);
}

/**
 * Moves `amount` base units from one wallet to another without the holder's signature (agent only): pause and
 * freezes do not apply, the recipient must still be verified and allowed by compliance.
 * @throws TesseraError (e.g. RecipientNotVerified, TransferNotCompliant, ERC20InsufficientBalance, CallerNotAgent)
 */
export async function forcedTransfer(walletClient: WalletClient, publicClient: PublicClient, params: ForcedTransferParams): Promise<WriteResult> {
  const p = parse(forcedTransferSchema, params);
  return tokenWrite(walletClient, publicClient, p.token, "forcedTransfer", [p.from, p.to, p.amount]);
}

/**
 * Recovers a lost wallet in one agent transaction (ERC-3643 `recoveryAddress`): moves its whole balance, frozen amount,
 * frozen flag and lock-ups to the new wallet, and moves the registration: the new wallet must already be registered
 * with the investor's identity or be a management key of that ONCHAINID (it is then registered with the lost wallet's
 * country and KYC expiry); the lost wallet is removed from the identity registry.
 * @returns The transaction and the identity used.
 * @throws TesseraError (e.g. RecoveryIdentityMismatch, RecoveryWalletNotLinked, NothingToRecover, CallerNotAgent)
 */
export async function recoverWallet(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: RecoverWalletParams,
): Promise<WriteResult & { investorIdentity: Address }> {
  const p = parse(recoverWalletSchema, params);
  let investorIdentity = p.investorIdentity;
  if (!investorIdentity) {
    try {
      const registry = await publicClient.readContract({ address: p.token, abi: tokenAbi, functionName: "identityRegistry" });
      investorIdentity = await publicClient.readContract({
        address: registry,
        abi: identityRegistryAbi,
        functionName: "identity",
        args: [p.lostWallet],
      });
    } catch (err) {
      throw toTesseraError(err);
    }
    if (investorIdentity === zeroAddress) {
      throw new TesseraError({ message: "the lost wallet has no identity in the registry", errorName: "InvalidInput" });
    }
  }
  const r = await tokenWrite(walletClient, publicClient, p.token, "recoveryAddress", [p.lostWallet, p.newWallet, investorIdentity]);
  return { ...r, investorIdentity };
}
