/**
 * @tessera/sdk/identity: ONCHAINID onboarding (ERC-734 keys, ERC-735 claims) for an approved investor: create or link
 * the investor's identity, issue the KYC claim signed by a trusted claim issuer, register the wallet with its country
 * in the identity registry; add a second wallet to the same identity; re-issue (refresh) or revoke the claim.
 *
 * Claim format (what `IdentityRegistry.refreshVerification` accepts, ARCHITECTURE.md "IdentityRegistry"):
 * - claim id on the identity: `keccak256(abi.encode(issuer, topic))` (ONCHAINID's own id);
 * - `data = abi.encode(uint256 chainId, uint64 expiresAt)` (64 bytes; expiry in unix seconds), bound to this chain;
 * - `signature` = EIP-191 personal signature of `keccak256(abi.encode(identity, topic, data))` by a key with the
 *   CLAIM purpose (3) on the ClaimIssuer contract (ONCHAINID `ClaimIssuer.isClaimValid`), scheme 1 (ECDSA).
 *
 * Browser-safe (no Node APIs). Same conventions as the main entry: simulate, then write, wait for the receipt; every
 * failure becomes a {@link TesseraError} with user text; inputs are checked with zod before any transaction, and the
 * preconditions (agent role, wallet not yet registered, issuer trusted) are read first, so a refusal writes nothing.
 */
import {
  encodeAbiParameters,
  getAddress,
  isAddressEqual,
  keccak256,
  parseEventLogs,
  zeroAddress,
  type Abi,
  type Account,
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from "viem";
import { z } from "zod";
import { claimIssuerAbi, claimIssuerBytecode, identityRegistryAbi, onchainIdentityAbi, onchainIdentityBytecode } from "@tessera/contracts";
import { addressSchema, countrySchema, TesseraError, toTesseraError, unixSecondsSchema } from "./index";

// ---------------------------------------------------------------------------------------------------------------
// Constants and pure helpers

/** The KYC claim topic (ERC-3643 convention: topic 1 = KYC). */
export const KYC_CLAIM_TOPIC = 1n;

/** ERC-734 key purposes: 1 management, 2 action, 3 claim signer, 4 encryption. */
export const KeyPurpose = { MANAGEMENT: 1n, ACTION: 2n, CLAIM: 3n, ENCRYPTION: 4n } as const;

/** ERC-734 key type 1 (ECDSA) and ERC-735 claim scheme 1 (ECDSA signature). */
const ECDSA = 1n;

/** What an ONCHAINID key is: `keccak256(abi.encode(address))` (ERC-734). */
export function keyOf(account: Address): Hex {
  return keccak256(encodeAbiParameters([{ type: "address" }], [account]));
}

/** The ERC-735 claim id ONCHAINID gives a claim: `keccak256(abi.encode(issuer, topic))`. */
export function claimIdOf(issuer: Address, topic: bigint): Hex {
  return keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [issuer, topic]));
}

/**
 * The claim data the registry expects: `abi.encode(uint256 chainId, uint256 expiresAt)` (64 bytes).
 * @param chainId The chain the claim is valid on (replays on other chains are ignored by the registry).
 * @param expiresAt Unix seconds; the claim counts while `block.timestamp < expiresAt`.
 */
export function encodeKycClaimData(chainId: number | bigint, expiresAt: bigint): Hex {
  return encodeAbiParameters([{ type: "uint256" }, { type: "uint256" }], [BigInt(chainId), expiresAt]);
}

/** The digest a claim signer signs (EIP-191 prefixed by the wallet): `keccak256(abi.encode(identity, topic, data))`. */
export function claimDigest(identity: Address, topic: bigint, data: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }, { type: "bytes" }], [identity, topic, data]));
}

// ---------------------------------------------------------------------------------------------------------------
// Input schemas

const topicSchema = z.union([z.bigint(), z.number().int()]).transform((v) => BigInt(v)).pipe(z.bigint().positive());

/** Parameters of {@link onboardInvestor}. */
export const onboardInvestorSchema = z.object({
  identityRegistry: addressSchema,
  claimIssuer: addressSchema,
  wallet: addressSchema,
  country: countrySchema,
  /** KYC claim expiry, unix seconds; must be in the future. */
  expiresAt: unixSecondsSchema,
  /** An existing ONCHAINID identity to link instead of creating one. */
  identity: addressSchema.optional(),
  topic: topicSchema.default(KYC_CLAIM_TOPIC),
});
export type OnboardInvestorParams = z.input<typeof onboardInvestorSchema>;

/** Parameters of {@link addInvestorWallet}. */
export const addInvestorWalletSchema = z.object({
  identityRegistry: addressSchema,
  /** A wallet already registered with the investor's identity. */
  existingWallet: addressSchema,
  newWallet: addressSchema,
});
export type AddInvestorWalletParams = z.input<typeof addInvestorWalletSchema>;

/** Parameters of {@link refreshKycClaim}. */
export const refreshKycClaimSchema = z.object({
  identityRegistry: addressSchema,
  claimIssuer: addressSchema,
  /** The investor's registered wallets (all of one identity); the first one names the identity. */
  wallets: z.array(addressSchema).min(1),
  expiresAt: unixSecondsSchema,
  topic: topicSchema.default(KYC_CLAIM_TOPIC),
});
export type RefreshKycClaimParams = z.input<typeof refreshKycClaimSchema>;

/** Parameters of {@link revokeKycClaim}. */
export const revokeKycClaimSchema = z.object({
  identityRegistry: addressSchema,
  claimIssuer: addressSchema,
  wallets: z.array(addressSchema).min(1),
  topic: topicSchema.default(KYC_CLAIM_TOPIC),
});
export type RevokeKycClaimParams = z.input<typeof revokeKycClaimSchema>;

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new TesseraError({ message: `${where}${issue?.message ?? "invalid input"}`, errorName: "InvalidInput" });
  }
  return r.data;
}

// ---------------------------------------------------------------------------------------------------------------
// Plumbing

/** A transaction and its receipt, named by what it did (e.g. "deploy identity", "add claim"). */
export type IdentityStep = { step: string; hash: Hash; receipt: TransactionReceipt };

/** Called after each confirmed transaction of a multi-step action (for progress in a UI). */
export type OnStep = (step: IdentityStep) => void;

/** ONCHAINID reverts with strings; these become user text. */
const ONCHAINID_REASONS: [RegExp, string][] = [
  [/does not have management key/, "your wallet has no management key on this identity"],
  [/does not have claim signer key/, "your wallet has no claim key on this identity"],
  [/invalid claim/, "the claim issuer does not accept this claim signature (is the signer a claim key of the issuer?)"],
  [/Conflict: Key already has purpose/, "the key already has this purpose"],
];

function identityError(err: unknown): TesseraError {
  const e = toTesseraError(err);
  if (e.errorName === "Error") {
    const hit = ONCHAINID_REASONS.find(([re]) => re.test(e.message));
    if (hit) return new TesseraError({ message: hit[1], errorName: "OnchainIdRefused", args: e.args, cause: err });
  }
  return e;
}

function accountOf(walletClient: WalletClient): Account {
  const account = walletClient.account;
  if (!account) throw new TesseraError({ message: "connect a wallet first", errorName: "NoAccount" });
  return account;
}

async function send(
  walletClient: WalletClient,
  publicClient: PublicClient,
  step: string,
  call: { address: Address; abi: Abi; functionName: string; args: readonly unknown[] },
  onStep?: OnStep,
): Promise<IdentityStep & { result: unknown }> {
  try {
    const account = accountOf(walletClient);
    const { request, result } = await publicClient.simulateContract({ ...call, account } as never);
    const hash = await walletClient.writeContract({ ...(request as object), chain: walletClient.chain } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new TesseraError({ message: `the transaction was reverted (${step})`, errorName: "Reverted" });
    const s = { step, hash, receipt };
    onStep?.(s);
    return { ...s, result };
  } catch (err) {
    throw identityError(err);
  }
}

async function deployContract(
  walletClient: WalletClient,
  publicClient: PublicClient,
  step: string,
  abi: Abi,
  bytecode: Hex,
  args: readonly unknown[],
  onStep?: OnStep,
): Promise<IdentityStep & { address: Address }> {
  try {
    const account = accountOf(walletClient);
    const hash = await walletClient.deployContract({ abi, bytecode, args, account, chain: walletClient.chain } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !receipt.contractAddress) {
      throw new TesseraError({ message: `the deployment failed (${step})`, errorName: "Reverted" });
    }
    const s = { step, hash, receipt };
    onStep?.(s);
    return { ...s, address: getAddress(receipt.contractAddress) };
  } catch (err) {
    throw identityError(err);
  }
}

async function read<T>(publicClient: PublicClient, address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []): Promise<T> {
  try {
    return (await publicClient.readContract({ address, abi, functionName, args } as never)) as T;
  } catch (err) {
    throw identityError(err);
  }
}

const registryRead = <T>(pc: PublicClient, registry: Address, fn: string, args: readonly unknown[] = []) =>
  read<T>(pc, registry, identityRegistryAbi as Abi, fn, args);

async function hasKeyPurpose(pc: PublicClient, identity: Address, account: Address, purpose: bigint): Promise<boolean> {
  return read<boolean>(pc, identity, onchainIdentityAbi as Abi, "keyHasPurpose", [keyOf(account), purpose]);
}

/** Throws a TesseraError in words unless `account` is an agent of the registry. */
async function requireRegistryAgent(pc: PublicClient, registry: Address, account: Address): Promise<void> {
  if (!(await registryRead<boolean>(pc, registry, "isAgent", [account]))) {
    throw new TesseraError({ message: "your wallet is not an agent of the identity registry", errorName: "CallerNotAgent", args: [account] });
  }
}

/** Throws unless the registry trusts `issuer` for `topic`, when the registry verifies claims at all. */
async function requireTrustedIssuer(pc: PublicClient, registry: Address, issuer: Address, topic: bigint): Promise<boolean> {
  const topics = await registryRead<readonly bigint[]>(pc, registry, "getClaimTopics");
  if (topics.length === 0) return false; // the registry verifies by the officer's expiry alone
  const trusted = await registryRead<readonly bigint[]>(pc, registry, "getTrustedIssuerClaimTopics", [issuer]);
  if (!trusted.includes(topic)) {
    throw new TesseraError({
      message: `the identity registry does not trust claim issuer ${issuer} for claim topic ${topic}`,
      errorName: "IssuerNotTrusted",
      args: [issuer, topic],
    });
  }
  return true;
}

/** The chain id a claim is bound to: the public client's chain. */
async function chainIdOf(pc: PublicClient): Promise<number> {
  try {
    return await pc.getChainId();
  } catch (err) {
    throw toTesseraError(err);
  }
}

async function requireFuture(pc: PublicClient, expiresAt: bigint): Promise<void> {
  const block = await pc.getBlock().catch((err: unknown) => {
    throw toTesseraError(err);
  });
  if (expiresAt <= block.timestamp) {
    throw new TesseraError({ message: "the claim expiry must be in the future", errorName: "InvalidInput", args: [expiresAt] });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Claim issuer setup (platform operator)

/**
 * Deploys an ONCHAINID ClaimIssuer whose management key is the wallet, and gives `signer` the CLAIM purpose (3) so
 * its signatures are valid claims (a management key also signs valid claims: ONCHAINID treats purpose 1 as all).
 * @param params.signer The address that will sign KYC claims (default: the wallet itself, no extra transaction).
 * @returns The ClaimIssuer address and the transactions.
 * @throws TesseraError
 */
export async function deployClaimIssuer(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { signer?: Address } = {},
  onStep?: OnStep,
): Promise<{ claimIssuer: Address; steps: IdentityStep[] }> {
  const owner = accountOf(walletClient).address;
  const signer = params.signer ? parse(addressSchema, params.signer) : owner;
  const steps: IdentityStep[] = [];
  const d = await deployContract(walletClient, publicClient, "deploy claim issuer", claimIssuerAbi as Abi, claimIssuerBytecode, [owner], onStep);
  steps.push(d);
  if (!isAddressEqual(signer, owner)) {
    steps.push(
      await send(walletClient, publicClient, "add claim signing key", {
        address: d.address,
        abi: claimIssuerAbi as Abi,
        functionName: "addKey",
        args: [keyOf(signer), KeyPurpose.CLAIM, ECDSA],
      }, onStep),
    );
  }
  return { claimIssuer: d.address, steps };
}

/**
 * Makes the identity registry require `topics` and trust `claimIssuer` for them (registry owner only). Topics the
 * registry already requires are skipped. From then on `refreshVerification` derives a wallet's KYC expiry from claims.
 * @param params.topics Claim topics (default [KYC_CLAIM_TOPIC]).
 * @throws TesseraError (OwnableUnauthorizedAccount, TrustedIssuerExists, ClaimConfigLimit)
 */
export async function trustClaimIssuer(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { identityRegistry: Address; claimIssuer: Address; topics?: bigint[] },
  onStep?: OnStep,
): Promise<{ steps: IdentityStep[] }> {
  const registry = parse(addressSchema, params.identityRegistry);
  const issuer = parse(addressSchema, params.claimIssuer);
  const topics = params.topics ?? [KYC_CLAIM_TOPIC];
  const required = await registryRead<readonly bigint[]>(publicClient, registry, "getClaimTopics");
  const steps: IdentityStep[] = [];
  for (const topic of topics) {
    if (required.includes(topic)) continue;
    steps.push(await send(walletClient, publicClient, `require claim topic ${topic}`, {
      address: registry, abi: identityRegistryAbi as Abi, functionName: "addClaimTopic", args: [topic],
    }, onStep));
  }
  steps.push(await send(walletClient, publicClient, "trust claim issuer", {
    address: registry, abi: identityRegistryAbi as Abi, functionName: "addTrustedIssuer", args: [issuer, topics],
  }, onStep));
  return { steps };
}

// ---------------------------------------------------------------------------------------------------------------
// Claims

/** A signed claim, ready for `addClaim` on the identity (ERC-735). */
export type SignedClaim = { identity: Address; topic: bigint; scheme: bigint; issuer: Address; signature: Hex; data: Hex; claimId: Hex };

/**
 * Signs a KYC claim for `identity` with the claim issuer's signing key (the wallet; EIP-191 `personal_sign`, so a
 * browser wallet can sign it). Writes nothing.
 * @param params.expiresAt Unix seconds. @param params.chainId Defaults to the public client's chain.
 * @returns The claim, with its ERC-735 id on the identity.
 * @throws TesseraError (the wallet refused, or the claim issuer would not accept the signature)
 */
export async function signKycClaim(
  signerWallet: WalletClient,
  publicClient: PublicClient,
  params: { identity: Address; claimIssuer: Address; expiresAt: bigint; topic?: bigint; chainId?: number },
): Promise<SignedClaim> {
  const identity = parse(addressSchema, params.identity);
  const issuer = parse(addressSchema, params.claimIssuer);
  const topic = params.topic ?? KYC_CLAIM_TOPIC;
  const data = encodeKycClaimData(params.chainId ?? (await chainIdOf(publicClient)), params.expiresAt);
  let signature: Hex;
  try {
    signature = await signerWallet.signMessage({ account: accountOf(signerWallet), message: { raw: claimDigest(identity, topic, data) } });
  } catch (err) {
    throw toTesseraError(err);
  }
  const valid = await read<boolean>(publicClient, issuer, claimIssuerAbi as Abi, "isClaimValid", [identity, topic, signature, data]);
  if (!valid) {
    throw new TesseraError({
      message: "the claim signing wallet is not a claim key of this claim issuer",
      errorName: "ClaimSignerNotKey",
      args: [accountOf(signerWallet).address, issuer],
    });
  }
  return { identity, topic, scheme: ECDSA, issuer, signature, data, claimId: claimIdOf(issuer, topic) };
}

/**
 * Adds (or replaces: same issuer and topic) a signed claim on the identity; the wallet needs a claim or management key
 * on the identity (ERC-735 `addClaim`).
 * @throws TesseraError ("your wallet has no claim key on this identity", invalid claim)
 */
export async function addClaim(walletClient: WalletClient, publicClient: PublicClient, claim: SignedClaim, onStep?: OnStep): Promise<IdentityStep> {
  return send(walletClient, publicClient, "add claim", {
    address: claim.identity,
    abi: onchainIdentityAbi as Abi,
    functionName: "addClaim",
    args: [claim.topic, claim.scheme, claim.issuer, claim.signature, claim.data, ""],
  }, onStep);
}

/** Re-reads claims for each wallet when the registry verifies claims, else sets the expiry directly (agent). */
async function syncVerification(
  walletClient: WalletClient,
  publicClient: PublicClient,
  registry: Address,
  wallets: Address[],
  claimsRequired: boolean,
  expiresAt: bigint,
  steps: IdentityStep[],
  onStep?: OnStep,
): Promise<Record<Address, bigint>> {
  const out: Record<Address, bigint> = {};
  for (const wallet of wallets) {
    if (claimsRequired) {
      const r = await send(walletClient, publicClient, "refresh verification", {
        address: registry, abi: identityRegistryAbi as Abi, functionName: "refreshVerification", args: [wallet],
      }, onStep);
      steps.push(r);
      out[wallet] = r.result as bigint;
    } else {
      steps.push(await send(walletClient, publicClient, "set KYC expiry", {
        address: registry, abi: identityRegistryAbi as Abi, functionName: "setKycExpiry", args: [wallet, expiresAt],
      }, onStep));
      out[wallet] = expiresAt;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Onboarding

/** Result of {@link onboardInvestor}. */
export type OnboardResult = {
  /** The investor's ONCHAINID identity (created now unless one was linked). */
  identity: Address;
  identityCreated: boolean;
  claim: SignedClaim;
  /** The wallet's KYC expiry in the registry now (unix seconds; equals the claim's expiry when the claim counts). */
  kycExpiresAt: bigint;
  /** Every transaction, in order. */
  steps: IdentityStep[];
};

/**
 * Onboards an approved investor: creates the investor's ONCHAINID identity (or links `identity`), issues the KYC
 * claim (topic 1 unless `topic`; `abi.encode(chainId, expiresAt)` signed by `claimSigner`, a claim key of
 * `claimIssuer`) onto it, and registers `wallet` with `country` in the identity registry, verified until the claim
 * expires. The wallet (`officer`) must be an agent of the registry.
 *
 * A created identity: the officer deploys it, adds the investor's wallet as management key and itself as claim key
 * (to refresh claims later), adds the claim, then gives up its own management key: the investor controls the
 * identity, the officer keeps only the right to add claims. A linked identity: the officer adds the claim if it holds
 * a claim (or management) key on it; otherwise the identity must already hold a valid claim of `claimIssuer`, which is
 * kept (no signature asked) and whose own expiry is registered instead of `expiresAt`.
 *
 * Everything that can refuse is read first (agent role, wallet not registered, issuer trusted when the registry
 * verifies claims, expiry in the future, signer accepted by the issuer, claim key on a linked identity), so a refusal
 * sends no transaction. When the registry requires claim topics, the expiry comes from `refreshVerification` (the
 * claims), else from the officer's `registerInvestor` attestation of the same expiry.
 * @param officer The compliance officer's wallet (registry agent).
 * @param publicClient A client of the same chain.
 * @param params identityRegistry, claimIssuer, wallet, country (ISO-3166 numeric), expiresAt (unix seconds),
 *   identity? (link), topic? (default 1).
 * @param opts.claimSigner Signs the claim (default: the officer's wallet). @param opts.onStep Progress callback.
 * @returns {@link OnboardResult}
 * @throws TesseraError (CallerNotAgent, WalletAlreadyRegistered, IssuerNotTrusted, ClaimSignerNotKey, InvalidInput,
 *   "your wallet has no claim key on this identity")
 */
export async function onboardInvestor(
  officer: WalletClient,
  publicClient: PublicClient,
  params: OnboardInvestorParams,
  opts: { claimSigner?: WalletClient; onStep?: OnStep } = {},
): Promise<OnboardResult> {
  const p = parse(onboardInvestorSchema, params);
  const me = accountOf(officer).address;
  const signer = opts.claimSigner ?? officer;
  const { onStep } = opts;
  const registry = p.identityRegistry;

  // Preconditions, read before any write.
  await requireRegistryAgent(publicClient, registry, me);
  if (await registryRead<boolean>(publicClient, registry, "contains", [p.wallet])) {
    throw new TesseraError({ message: "this wallet is already registered", errorName: "WalletAlreadyRegistered", args: [p.wallet] });
  }
  await requireFuture(publicClient, p.expiresAt);
  const claimsRequired = await requireTrustedIssuer(publicClient, registry, p.claimIssuer, p.topic);
  const chainId = await chainIdOf(publicClient);
  let addClaimNeeded = true;
  if (p.identity) {
    const code = await publicClient.getCode({ address: p.identity }).catch(() => undefined);
    if (!code || code === "0x") throw new TesseraError({ message: "the identity address has no contract", errorName: "InvalidIdentity", args: [p.identity] });
    if (!(await hasKeyPurpose(publicClient, p.identity, me, KeyPurpose.CLAIM))) {
      if (!(await hasValidClaim(publicClient, p.identity, p.claimIssuer, p.topic, chainId))) {
        throw new TesseraError({
          message: "your wallet has no claim key on this identity and it holds no valid claim of the claim issuer: ask the investor to add your wallet as a claim key (purpose 3)",
          errorName: "NoClaimKey",
          args: [p.identity, me],
        });
      }
      addClaimNeeded = false;
    }
  }
  // The claim signer must be a claim key of the issuer: read it now (the signature itself needs the identity's address).
  if (addClaimNeeded && !(await hasKeyPurpose(publicClient, p.claimIssuer, accountOf(signer).address, KeyPurpose.CLAIM))) {
    throw new TesseraError({
      message: "the claim signing wallet is not a claim key of this claim issuer",
      errorName: "ClaimSignerNotKey",
      args: [accountOf(signer).address, p.claimIssuer],
    });
  }

  const steps: IdentityStep[] = [];
  let identity = p.identity ? getAddress(p.identity) : undefined;
  const identityCreated = !identity;
  if (!identity) {
    const d = await deployContract(officer, publicClient, "deploy identity", onchainIdentityAbi as Abi, onchainIdentityBytecode, [me, false], onStep);
    steps.push(d);
    identity = d.address;
    const idCall = (functionName: string, args: readonly unknown[]) => ({ address: identity!, abi: onchainIdentityAbi as Abi, functionName, args });
    steps.push(await send(officer, publicClient, "add officer claim key", idCall("addKey", [keyOf(me), KeyPurpose.CLAIM, ECDSA]), onStep));
    if (!isAddressEqual(p.wallet, me)) {
      steps.push(await send(officer, publicClient, "add investor management key", idCall("addKey", [keyOf(p.wallet), KeyPurpose.MANAGEMENT, ECDSA]), onStep));
    }
  }
  // A linked identity that already holds a valid claim keeps it (and its expiry); otherwise sign and add ours.
  const claim = addClaimNeeded
    ? await signKycClaim(signer, publicClient, { identity, claimIssuer: p.claimIssuer, expiresAt: p.expiresAt, topic: p.topic, chainId })
    : await readClaim(publicClient, identity, p.claimIssuer, p.topic);
  if (addClaimNeeded) steps.push(await addClaim(officer, publicClient, claim, onStep));
  const registeredExpiry = addClaimNeeded ? p.expiresAt : decodeClaimExpiry(claim.data);
  if (identityCreated && !isAddressEqual(p.wallet, me)) {
    steps.push(await send(officer, publicClient, "hand over identity management", {
      address: identity, abi: onchainIdentityAbi as Abi, functionName: "removeKey", args: [keyOf(me), KeyPurpose.MANAGEMENT],
    }, onStep));
  }
  steps.push(await send(officer, publicClient, "register wallet", {
    address: registry, abi: identityRegistryAbi as Abi, functionName: "registerInvestor", args: [p.wallet, identity, p.country, registeredExpiry],
  }, onStep));
  let kycExpiresAt = registeredExpiry;
  if (claimsRequired) {
    const r = await syncVerification(officer, publicClient, registry, [p.wallet], true, registeredExpiry, steps, onStep);
    kycExpiresAt = r[p.wallet]!;
  }
  return { identity, identityCreated, claim, kycExpiresAt, steps };
}

/** The expiry (unix seconds) in KYC claim data `abi.encode(chainId, expiresAt)`. */
export function decodeClaimExpiry(data: Hex): bigint {
  return BigInt(`0x${data.slice(66, 130)}`);
}

/** The claim of `issuer` on `topic` held by `identity`, as a {@link SignedClaim}. */
async function readClaim(publicClient: PublicClient, identity: Address, issuer: Address, topic: bigint): Promise<SignedClaim> {
  const [t, scheme, claimIssuer, signature, data] = await read<readonly [bigint, bigint, Address, Hex, Hex, string]>(
    publicClient, identity, onchainIdentityAbi as Abi, "getClaim", [claimIdOf(issuer, topic)],
  );
  return { identity, topic: t, scheme, issuer: claimIssuer, signature, data, claimId: claimIdOf(issuer, topic) };
}

/** Whether `identity` holds a claim of `issuer` on `topic` for this chain that has not expired and the issuer accepts. */
export async function hasValidClaim(publicClient: PublicClient, identity: Address, issuer: Address, topic: bigint, chainId?: number): Promise<boolean> {
  try {
    const [t, , claimIssuer, signature, data] = (await publicClient.readContract({
      address: identity,
      abi: onchainIdentityAbi,
      functionName: "getClaim",
      args: [claimIdOf(issuer, topic)],
    })) as readonly [bigint, bigint, Address, Hex, Hex, string];
    if (t !== topic || !isAddressEqual(claimIssuer, issuer) || (data.length - 2) / 2 !== 64) return false;
    const [cid, exp] = [BigInt(`0x${data.slice(2, 66)}`), decodeClaimExpiry(data)];
    const block = await publicClient.getBlock();
    if (cid !== BigInt(chainId ?? (await publicClient.getChainId())) || exp <= block.timestamp) return false;
    return (await publicClient.readContract({
      address: issuer,
      abi: claimIssuerAbi,
      functionName: "isClaimValid",
      args: [identity, topic, signature, data],
    })) as boolean;
  } catch {
    return false; // not an ONCHAINID identity or issuer: no valid claim
  }
}

/**
 * Registers a second (or further) wallet of an investor with the identity, country and KYC expiry of a wallet
 * already registered (one registry transaction; agent only). Holder counts and per-identity limits then treat both
 * wallets as one investor.
 * @returns The identity, country and KYC expiry copied, and the transaction.
 * @throws TesseraError (CallerNotAgent, WalletNotRegistered for the existing wallet, WalletAlreadyRegistered)
 */
export async function addInvestorWallet(
  officer: WalletClient,
  publicClient: PublicClient,
  params: AddInvestorWalletParams,
  onStep?: OnStep,
): Promise<IdentityStep & { identity: Address; country: number; kycExpiresAt: bigint }> {
  const p = parse(addInvestorWalletSchema, params);
  const registry = p.identityRegistry;
  await requireRegistryAgent(publicClient, registry, accountOf(officer).address);
  const identity = await registryRead<Address>(publicClient, registry, "identity", [p.existingWallet]);
  if (isAddressEqual(identity, zeroAddress)) {
    throw new TesseraError({ message: "the existing wallet is not registered", errorName: "WalletNotRegistered", args: [p.existingWallet] });
  }
  if (await registryRead<boolean>(publicClient, registry, "contains", [p.newWallet])) {
    throw new TesseraError({ message: "the new wallet is already registered", errorName: "WalletAlreadyRegistered", args: [p.newWallet] });
  }
  const [country, kycExpiresAt] = await Promise.all([
    registryRead<number>(publicClient, registry, "investorCountry", [p.existingWallet]),
    registryRead<bigint>(publicClient, registry, "kycExpiry", [p.existingWallet]),
  ]);
  const r = await send(officer, publicClient, "register wallet", {
    address: registry, abi: identityRegistryAbi as Abi, functionName: "registerInvestor", args: [p.newWallet, identity, country, kycExpiresAt],
  }, onStep);
  return { step: r.step, hash: r.hash, receipt: r.receipt, identity, country, kycExpiresAt };
}

/**
 * Re-issues the investor's KYC claim with a new expiry (same claim id: it replaces the old one) and brings every
 * wallet's verification up to date: `refreshVerification` when the registry verifies claims, else `setKycExpiry`
 * (agent). The wallet needs a claim key on the identity (onboardInvestor leaves one to the officer).
 * @param params.wallets The investor's wallets (one identity); the first names the identity.
 * @returns The new claim and each wallet's KYC expiry (unix seconds).
 * @throws TesseraError (WalletNotRegistered, IssuerNotTrusted, ClaimSignerNotKey, "no claim key on this identity")
 */
export async function refreshKycClaim(
  officer: WalletClient,
  publicClient: PublicClient,
  params: RefreshKycClaimParams,
  opts: { claimSigner?: WalletClient; onStep?: OnStep } = {},
): Promise<{ claim: SignedClaim; kycExpiresAt: Record<Address, bigint>; steps: IdentityStep[] }> {
  const p = parse(refreshKycClaimSchema, params);
  const me = accountOf(officer).address;
  const registry = p.identityRegistry;
  const identity = await identityOfWallets(publicClient, registry, p.wallets);
  await requireFuture(publicClient, p.expiresAt);
  const claimsRequired = await requireTrustedIssuer(publicClient, registry, p.claimIssuer, p.topic);
  if (!claimsRequired) await requireRegistryAgent(publicClient, registry, me);
  if (!(await hasKeyPurpose(publicClient, identity, me, KeyPurpose.CLAIM))) {
    throw new TesseraError({ message: "your wallet has no claim key on this identity", errorName: "NoClaimKey", args: [identity, me] });
  }
  const claim = await signKycClaim(opts.claimSigner ?? officer, publicClient, { identity, claimIssuer: p.claimIssuer, expiresAt: p.expiresAt, topic: p.topic });
  const steps: IdentityStep[] = [await addClaim(officer, publicClient, claim, opts.onStep)];
  const kycExpiresAt = await syncVerification(officer, publicClient, registry, p.wallets, claimsRequired, p.expiresAt, steps, opts.onStep);
  return { claim, kycExpiresAt, steps };
}

/**
 * Revokes the investor's KYC claim at the claim issuer (`revokeClaimBySignature`: the claim stays on the identity but
 * no longer counts anywhere) and brings every wallet's verification up to date (`refreshVerification` → 0 when the
 * registry verifies claims, else `setKycExpiry(wallet, 0)`, agent). The wallet must hold a management key of the
 * claim issuer.
 * @returns Each wallet's KYC expiry now (0 = not verified) and the transactions.
 * @throws TesseraError (WalletNotRegistered, NoClaim, "your wallet has no management key on this identity")
 */
export async function revokeKycClaim(
  issuerManager: WalletClient,
  publicClient: PublicClient,
  params: RevokeKycClaimParams,
  onStep?: OnStep,
): Promise<{ kycExpiresAt: Record<Address, bigint>; steps: IdentityStep[] }> {
  const p = parse(revokeKycClaimSchema, params);
  const me = accountOf(issuerManager).address;
  const registry = p.identityRegistry;
  const identity = await identityOfWallets(publicClient, registry, p.wallets);
  const topics = await registryRead<readonly bigint[]>(publicClient, registry, "getClaimTopics");
  const claimsRequired = topics.length > 0;
  if (!claimsRequired) await requireRegistryAgent(publicClient, registry, me);
  const [, , claimIssuer, signature] = await read<readonly [bigint, bigint, Address, Hex, Hex, string]>(
    publicClient, identity, onchainIdentityAbi as Abi, "getClaim", [claimIdOf(p.claimIssuer, p.topic)],
  );
  if (!isAddressEqual(claimIssuer, p.claimIssuer) || signature === "0x") {
    throw new TesseraError({ message: "the identity holds no claim of this claim issuer on this topic", errorName: "NoClaim", args: [identity, p.topic] });
  }
  if (!(await hasKeyPurpose(publicClient, p.claimIssuer, me, KeyPurpose.MANAGEMENT))) {
    throw new TesseraError({ message: "your wallet has no management key on the claim issuer", errorName: "OnchainIdRefused", args: [p.claimIssuer, me] });
  }
  const steps: IdentityStep[] = [];
  const revoked = await read<boolean>(publicClient, p.claimIssuer, claimIssuerAbi as Abi, "isClaimRevoked", [signature]);
  if (!revoked) {
    steps.push(await send(issuerManager, publicClient, "revoke claim", {
      address: p.claimIssuer, abi: claimIssuerAbi as Abi, functionName: "revokeClaimBySignature", args: [signature],
    }, onStep));
  }
  const kycExpiresAt = await syncVerification(issuerManager, publicClient, registry, p.wallets, claimsRequired, 0n, steps, onStep);
  return { kycExpiresAt, steps };
}

/** The one identity all `wallets` are registered with; throws in words otherwise. */
async function identityOfWallets(publicClient: PublicClient, registry: Address, wallets: Address[]): Promise<Address> {
  let identity: Address | undefined;
  for (const w of wallets) {
    const id = await registryRead<Address>(publicClient, registry, "identity", [w]);
    if (isAddressEqual(id, zeroAddress)) throw new TesseraError({ message: `wallet ${w} is not registered`, errorName: "WalletNotRegistered", args: [w] });
    if (identity && !isAddressEqual(identity, id)) {
      throw new TesseraError({ message: "the wallets belong to different identities", errorName: "InvalidInput", args: [identity, id] });
    }
    identity = id;
  }
  return identity!;
}

// ---------------------------------------------------------------------------------------------------------------
// KYC renewal (one or many investors)

/** Most wallets one {@link renewKyc} call renews (each is at least one transaction to sign). */
export const KYC_RENEWAL_MAX_WALLETS = 50;

/** Parameters of {@link planKycRenewal} and {@link renewKyc}. */
export const renewKycSchema = z.object({
  identityRegistry: addressSchema,
  /** The ClaimIssuer whose KYC claims are refreshed; required when the registry verifies claims. */
  claimIssuer: addressSchema.optional(),
  /** Registered wallets, of one or many investors (1..{@link KYC_RENEWAL_MAX_WALLETS}, each once). */
  wallets: z
    .array(addressSchema)
    .min(1, "name at least one wallet")
    .max(KYC_RENEWAL_MAX_WALLETS, `at most ${KYC_RENEWAL_MAX_WALLETS} wallets per renewal`)
    .refine((ws) => new Set(ws.map((w) => w.toLowerCase())).size === ws.length, "a wallet is listed twice"),
  /** The new KYC expiry, unix seconds; must be in the future. */
  expiresAt: unixSecondsSchema,
  topic: topicSchema.default(KYC_CLAIM_TOPIC),
});
export type RenewKycParams = z.input<typeof renewKycSchema>;

/**
 * How a wallet's KYC is renewed: `claim` re-issues the identity's KYC claim with the new expiry and brings the
 * registry up to date from it ({@link refreshKycClaim}); `attestation` is the officer's `setKycExpiry` alone.
 */
export type KycRenewalMethod = "claim" | "attestation";

/** What {@link planKycRenewal} found: the registry's source of truth and, per investor identity, how it is renewed. */
export type KycRenewalPlan = {
  /** `claims`: the registry requires claim topics (the expiry comes from claims); `attestation`: the officer's expiry. */
  mode: "claims" | "attestation";
  expiresAt: bigint;
  /** One group per identity, in the order the wallets were given. */
  groups: { identity: Address; wallets: Address[]; method: KycRenewalMethod }[];
};

/** One wallet renewed: the transaction that wrote its expiry (the registry's `KycUpdated`) and the expiry written. */
export type KycRenewed = { wallet: Address; identity: Address; method: KycRenewalMethod; kycExpiresAt: bigint; hash: Hash };

/**
 * Reads everything a KYC renewal needs and refuses in words before any transaction: the officer is a registry agent,
 * the expiry is in the future, every wallet is registered; when the registry requires claim topics, the claim issuer
 * is trusted, the claim signer is a claim key of it and the officer holds a claim key on every identity (else the
 * renewal could not change what the registry verifies). Without required topics an identity is renewed through its
 * claim when the officer can (claim keys on the issuer and the identity), keeping claim and registry in step, else by
 * attestation. Writes nothing.
 * @param params identityRegistry, claimIssuer?, wallets (1..50), expiresAt (unix seconds), topic? (default 1).
 * @param who.officer The renewing wallet (registry agent). @param who.claimSigner Signs claims (default: officer).
 * @throws TesseraError (InvalidInput, CallerNotAgent, WalletNotRegistered, IssuerNotTrusted, ClaimSignerNotKey, NoClaimKey)
 */
export async function planKycRenewal(
  publicClient: PublicClient,
  params: RenewKycParams,
  who: { officer: Address; claimSigner?: Address },
): Promise<KycRenewalPlan> {
  const p = parse(renewKycSchema, params);
  const registry = p.identityRegistry;
  await requireRegistryAgent(publicClient, registry, who.officer);
  await requireFuture(publicClient, p.expiresAt);
  const groups: KycRenewalPlan["groups"] = [];
  for (const wallet of p.wallets) {
    const identity = await registryRead<Address>(publicClient, registry, "identity", [wallet]);
    if (isAddressEqual(identity, zeroAddress)) {
      throw new TesseraError({ message: `wallet ${wallet} is not registered: register it instead`, errorName: "WalletNotRegistered", args: [wallet] });
    }
    const g = groups.find((x) => isAddressEqual(x.identity, identity));
    if (g) g.wallets.push(getAddress(wallet));
    else groups.push({ identity: getAddress(identity), wallets: [getAddress(wallet)], method: "attestation" });
  }
  const topics = await registryRead<readonly bigint[]>(publicClient, registry, "getClaimTopics");
  const claimsRequired = topics.length > 0;
  if (claimsRequired && !p.claimIssuer) {
    throw new TesseraError({ message: "the identity registry verifies KYC claims: name the claim issuer", errorName: "InvalidInput" });
  }
  if (p.claimIssuer && claimsRequired) await requireTrustedIssuer(publicClient, registry, p.claimIssuer, p.topic);
  const signer = who.claimSigner ?? who.officer;
  const signerIsKey = p.claimIssuer ? await hasKeyPurpose(publicClient, p.claimIssuer, signer, KeyPurpose.CLAIM).catch(() => false) : false;
  if (claimsRequired && !signerIsKey) {
    throw new TesseraError({ message: "the claim signing wallet is not a claim key of this claim issuer", errorName: "ClaimSignerNotKey", args: [signer, p.claimIssuer] });
  }
  for (const g of groups) {
    const officerKey = signerIsKey ? await hasKeyPurpose(publicClient, g.identity, who.officer, KeyPurpose.CLAIM).catch(() => false) : false;
    if (claimsRequired && !officerKey) {
      throw new TesseraError({
        message: `your wallet has no claim key on identity ${g.identity} (wallet ${g.wallets[0]}): the registry verifies claims, so only a refreshed claim renews it`,
        errorName: "NoClaimKey",
        args: [g.identity, who.officer],
      });
    }
    g.method = officerKey ? "claim" : "attestation";
  }
  return { mode: claimsRequired ? "claims" : "attestation", expiresAt: p.expiresAt, groups };
}

/**
 * Renews the KYC of one or many investors to `expiresAt`, the way the registry's source of truth needs
 * ({@link planKycRenewal}, read first: a refusal sends nothing): per identity either {@link refreshKycClaim} (new
 * claim, then `refreshVerification` or `setKycExpiry` for each wallet) or the officer's `setKycExpiry` for each
 * wallet. Each wallet's result is read from the registry's `KycUpdated` event of the transaction that wrote it.
 * A failure part-way (a wallet refusal, a revert) throws; the wallets renewed until then were reported to `onRenewed`.
 * @param officer The compliance officer's wallet (registry agent; claim key on the identities renewed by claim).
 * @param opts.claimSigner Signs claims (default: the officer). @param opts.onStep Each transaction.
 * @param opts.onRenewed Each wallet, as soon as its expiry is written.
 * @returns The plan's mode and every wallet renewed, in plan order.
 * @throws TesseraError (see planKycRenewal; UserRejected; Reverted)
 */
export async function renewKyc(
  officer: WalletClient,
  publicClient: PublicClient,
  params: RenewKycParams,
  opts: { claimSigner?: WalletClient; onStep?: OnStep; onRenewed?: (r: KycRenewed) => void } = {},
): Promise<{ mode: KycRenewalPlan["mode"]; renewed: KycRenewed[]; steps: IdentityStep[] }> {
  const p = parse(renewKycSchema, params);
  const me = accountOf(officer).address;
  const plan = await planKycRenewal(publicClient, params, { officer: me, claimSigner: opts.claimSigner ? accountOf(opts.claimSigner).address : undefined });
  const registry = p.identityRegistry;
  const renewed: KycRenewed[] = [];
  const steps: IdentityStep[] = [];
  for (const g of plan.groups) {
    const onStep: OnStep = (s) => {
      opts.onStep?.(s);
      const events = parseEventLogs({ abi: identityRegistryAbi as Abi, logs: s.receipt.logs, eventName: "KycUpdated" }) as unknown as {
        address: Address;
        args: { investorAddress: Address; expiresAt: bigint };
      }[];
      for (const e of events) {
        if (!isAddressEqual(e.address, registry) || !g.wallets.some((w) => isAddressEqual(w, e.args.investorAddress))) continue;
        const r: KycRenewed = { wallet: getAddress(e.args.investorAddress), identity: g.identity, method: g.method, kycExpiresAt: e.args.expiresAt, hash: s.hash };
        renewed.push(r);
        opts.onRenewed?.(r);
      }
    };
    if (g.method === "claim") {
      const r = await refreshKycClaim(
        officer,
        publicClient,
        { identityRegistry: registry, claimIssuer: p.claimIssuer!, wallets: g.wallets, expiresAt: p.expiresAt, topic: p.topic },
        { claimSigner: opts.claimSigner, onStep },
      );
      steps.push(...r.steps);
    } else {
      await syncVerification(officer, publicClient, registry, g.wallets, false, p.expiresAt, steps, onStep);
    }
  }
  return { mode: plan.mode, renewed, steps };
}
