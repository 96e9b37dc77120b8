/**
 * Investor onboarding by a registry agent: create or link the investor's ONCHAINID identity, add the KYC claim,
 * register the wallet; register a further wallet of the same investor. Browser-safe.
 */
import { getAddress, isAddressEqual, zeroAddress, type Abi, type Address, type PublicClient, type WalletClient } from "viem";
import { z } from "zod";
import { identityFactoryAbi, identityRegistryAbi, onchainIdentityAbi, onchainIdentityBytecode } from "@tessera/contracts";
import { deployIdentity, identityOf, identitySalt } from "../actions/registry";
import { TesseraError } from "../errors";
import { addressSchema, claimTopicSchema, countrySchema, parseInput, unixSecondsSchema } from "../schemas";
import { accountOf, simulate } from "../send";
import { chainIdOf, hasKeyPurpose, registryRead, requireFuture, requireRegistryAgent, requireTrustedIssuer } from "./checks";
import { addClaim, hasValidClaim, readClaim, signKycClaim, syncVerification, type SignedClaim } from "./claims";
import { decodeClaimExpiry, ECDSA, KeyPurpose, KYC_CLAIM_TOPIC, keyOf } from "./keys";
import { deployStep, sendStep, type IdentityStep, type OnStep } from "./steps";

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
  /**
   * Tessera's IdentityFactory (`deployments.identityFactory`): the identity is then the wallet's factory identity (the
   * same address on every chain), reused when the factory has one for the wallet, else created there.
   */
  identityFactory: addressSchema.optional(),
  topic: claimTopicSchema.default(KYC_CLAIM_TOPIC),
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
 * A created identity ends with the investor's wallet as its only management key and the officer as claim key (to
 * refresh claims later): the investor controls the identity, the officer keeps only the right to add claims (which the
 * investor can take back by removing that key).
 * - With `identityFactory` (`deployments.identityFactory`): the wallet's identity at Tessera's IdentityFactory, the
 *   same address on every chain (salt: the wallet in lower case). One the factory already has for the wallet is
 *   reused (as a linked identity, below); otherwise the factory creates it with those keys in one transaction
 *   ("create identity"; the officer must be a registry agent of a registry the factory trusts).
 * - Without: the officer deploys it (CREATE: an address of this chain only), adds the investor's wallet as management
 *   key and itself as claim key, adds the claim, then gives up its own management key.
 *
 * A linked identity: the officer adds the claim if it holds a claim (or management) key on it; otherwise the identity
 * must already hold a valid claim of `claimIssuer`, which is kept (no signature asked) and whose own expiry is
 * registered instead of `expiresAt`.
 *
 * Everything that can refuse is read first (agent role, wallet not registered, issuer trusted when the registry
 * verifies claims, expiry in the future, signer accepted by the issuer, claim key on a linked identity, the factory's
 * creation simulated), so a refusal
 * sends no transaction. When the registry requires claim topics, the expiry comes from `refreshVerification` (the
 * claims), else from the officer's `registerInvestor` attestation of the same expiry.
 * @param officer The compliance officer's wallet (registry agent).
 * @param publicClient A client of the same chain.
 * @param params identityRegistry, claimIssuer, wallet, country (ISO-3166 numeric), expiresAt (unix seconds),
 *   identity? (link), identityFactory? (the same identity address on every chain), topic? (default 1).
 * @param opts.claimSigner Signs the claim (default: the officer's wallet). @param opts.onStep Progress callback.
 * @returns {@link OnboardResult}
 * @throws TesseraError (CallerNotAgent, WalletAlreadyRegistered, IssuerNotTrusted, ClaimSignerNotKey, InvalidInput,
 *   NoClaimKey "your wallet has no claim key on this identity", the factory's CallerNotIdentityCreator / InvalidSalt)
 */
export async function onboardInvestor(
  officer: WalletClient,
  publicClient: PublicClient,
  params: OnboardInvestorParams,
  opts: { claimSigner?: WalletClient; onStep?: OnStep } = {},
): Promise<OnboardResult> {
  const p = parseInput(onboardInvestorSchema, params);
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
  // The identity to link: the given one, else the wallet's factory identity when the factory has one already.
  const linked = p.identity ?? (p.identityFactory ? await identityOf(publicClient, p.identityFactory, p.wallet) : null) ?? undefined;
  const factoryCreate = !linked && p.identityFactory
    ? { address: p.identityFactory, abi: identityFactoryAbi as Abi, functionName: "createIdentity", args: [p.wallet, identitySalt(p.wallet)] }
    : undefined;
  // The factory's own refusals (not a creator of this factory, salt taken) before any write.
  if (factoryCreate) await simulate(officer, publicClient, factoryCreate);
  let addClaimNeeded = true;
  if (linked) {
    const code = await publicClient.getCode({ address: linked }).catch(() => undefined);
    if (!code || code === "0x") throw new TesseraError({ message: "the identity address has no contract", errorName: "InvalidIdentity", args: [linked] });
    if (!(await hasKeyPurpose(publicClient, linked, me, KeyPurpose.CLAIM))) {
      if (!(await hasValidClaim(publicClient, linked, p.claimIssuer, p.topic, chainId))) {
        throw new TesseraError({
          message: "your wallet has no claim key on this identity and it holds no valid claim of the claim issuer: ask the investor to add your wallet as a claim key (purpose 3)",
          errorName: "NoClaimKey",
          args: [linked, me],
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
  let identity = linked ? getAddress(linked) : undefined;
  const identityCreated = !identity;
  // Who gives up a management key at the end: the officer, when it deployed the identity itself.
  let handOver = false;
  if (factoryCreate) {
    // One transaction: the wallet management key, the officer claim key, the address of the salt on every chain.
    const d = await deployIdentity(officer, publicClient, p.wallet, { identityFactory: factoryCreate.address, salt: identitySalt(p.wallet) });
    const step = { step: "create identity", hash: d.hash, receipt: d.receipt };
    onStep?.(step);
    steps.push(step);
    identity = getAddress(d.identity);
  } else if (!identity) {
    handOver = !isAddressEqual(p.wallet, me);
    const d = await deployStep(officer, publicClient, "deploy identity", { abi: onchainIdentityAbi as Abi, bytecode: onchainIdentityBytecode, args: [me, false] }, onStep);
    steps.push(d);
    identity = d.address;
    const idCall = (functionName: string, args: readonly unknown[]) => ({ address: identity!, abi: onchainIdentityAbi as Abi, functionName, args });
    steps.push(await sendStep(officer, publicClient, "add officer claim key", idCall("addKey", [keyOf(me), KeyPurpose.CLAIM, ECDSA]), onStep));
    if (!isAddressEqual(p.wallet, me)) {
      steps.push(await sendStep(officer, publicClient, "add investor management key", idCall("addKey", [keyOf(p.wallet), KeyPurpose.MANAGEMENT, ECDSA]), onStep));
    }
  }
  // A linked identity that already holds a valid claim keeps it (and its expiry); otherwise sign and add ours.
  const claim = addClaimNeeded
    ? await signKycClaim(signer, publicClient, { identity, claimIssuer: p.claimIssuer, expiresAt: p.expiresAt, topic: p.topic, chainId })
    : await readClaim(publicClient, identity, p.claimIssuer, p.topic);
  if (addClaimNeeded) steps.push(await addClaim(officer, publicClient, claim, onStep));
  const registeredExpiry = addClaimNeeded ? p.expiresAt : decodeClaimExpiry(claim.data);
  if (handOver) {
    steps.push(await sendStep(officer, publicClient, "hand over identity management", {
      address: identity, abi: onchainIdentityAbi as Abi, functionName: "removeKey", args: [keyOf(me), KeyPurpose.MANAGEMENT],
    }, onStep));
  }
  steps.push(await sendStep(officer, publicClient, "register wallet", {
    address: registry, abi: identityRegistryAbi as Abi, functionName: "registerInvestor", args: [p.wallet, identity, p.country, registeredExpiry],
  }, onStep));
  let kycExpiresAt = registeredExpiry;
  if (claimsRequired) {
    const r = await syncVerification(officer, publicClient, registry, [p.wallet], true, registeredExpiry, steps, onStep);
    kycExpiresAt = r[p.wallet]!;
  }
  return { identity, identityCreated, claim, kycExpiresAt, steps };
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
  const p = parseInput(addInvestorWalletSchema, params);
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
  const r = await sendStep(officer, publicClient, "register wallet", {
    address: registry, abi: identityRegistryAbi as Abi, functionName: "registerInvestor", args: [p.newWallet, identity, country, kycExpiresAt],
  }, onStep);
  return { step: r.step, hash: r.hash, receipt: r.receipt, identity, country, kycExpiresAt };
}
