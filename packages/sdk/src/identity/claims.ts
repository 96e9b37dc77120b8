/**
 * KYC claims (ERC-735 on the investor's ONCHAINID identity): sign, add, read and check a claim; re-issue (refresh) or
 * revoke an investor's claim and bring the registry's verification up to date. Browser-safe.
 */
import { isAddressEqual, type Abi, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { z } from "zod";
import { claimIssuerAbi, identityRegistryAbi, onchainIdentityAbi } from "@tessera/contracts";
import { TesseraError, toTesseraError } from "../errors";
import { addressSchema, claimTopicSchema, parseInput, unixSecondsSchema } from "../schemas";
import { accountOf } from "../send";
import { chainIdOf, hasKeyPurpose, identityOfWallets, read, registryRead, requireFuture, requireRegistryAgent, requireTrustedIssuer } from "./checks";
import { claimDigest, claimIdOf, decodeClaimExpiry, ECDSA, encodeKycClaimData, KeyPurpose, KYC_CLAIM_TOPIC } from "./keys";
import { sendStep, type IdentityStep, type OnStep } from "./steps";

/** Parameters of {@link refreshKycClaim}. */
export const refreshKycClaimSchema = z.object({
  identityRegistry: addressSchema,
  claimIssuer: addressSchema,
  /** The investor's registered wallets (all of one identity); the first one names the identity. */
  wallets: z.array(addressSchema).min(1),
  expiresAt: unixSecondsSchema,
  topic: claimTopicSchema.default(KYC_CLAIM_TOPIC),
});

export type RefreshKycClaimParams = z.input<typeof refreshKycClaimSchema>;

/** Parameters of {@link revokeKycClaim}. */
export const revokeKycClaimSchema = z.object({
  identityRegistry: addressSchema,
  claimIssuer: addressSchema,
  wallets: z.array(addressSchema).min(1),
  topic: claimTopicSchema.default(KYC_CLAIM_TOPIC),
});

export type RevokeKycClaimParams = z.input<typeof revokeKycClaimSchema>;

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
  const identity = parseInput(addressSchema, params.identity);
  const issuer = parseInput(addressSchema, params.claimIssuer);
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
  return sendStep(walletClient, publicClient, "add claim", {
    address: claim.identity,
    abi: onchainIdentityAbi as Abi,
    functionName: "addClaim",
    args: [claim.topic, claim.scheme, claim.issuer, claim.signature, claim.data, ""],
  }, onStep);
}

/** The claim of `issuer` on `topic` held by `identity`, as a {@link SignedClaim}. */
export async function readClaim(publicClient: PublicClient, identity: Address, issuer: Address, topic: bigint): Promise<SignedClaim> {
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

/** Re-reads claims for each wallet when the registry verifies claims, else sets the expiry directly (agent). */
export async function syncVerification(
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
      const r = await sendStep(walletClient, publicClient, "refresh verification", {
        address: registry, abi: identityRegistryAbi as Abi, functionName: "refreshVerification", args: [wallet],
      }, onStep);
      steps.push(r);
      out[wallet] = r.result as bigint;
    } else {
      steps.push(await sendStep(walletClient, publicClient, "set KYC expiry", {
        address: registry, abi: identityRegistryAbi as Abi, functionName: "setKycExpiry", args: [wallet, expiresAt],
      }, onStep));
      out[wallet] = expiresAt;
    }
  }
  return out;
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
  const p = parseInput(refreshKycClaimSchema, params);
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
  const p = parseInput(revokeKycClaimSchema, params);
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
    steps.push(await sendStep(issuerManager, publicClient, "revoke claim", {
      address: p.claimIssuer, abi: claimIssuerAbi as Abi, functionName: "revokeClaimBySignature", args: [signature],
    }, onStep));
  }
  const kycExpiresAt = await syncVerification(issuerManager, publicClient, registry, p.wallets, claimsRequired, 0n, steps, onStep);
  return { kycExpiresAt, steps };
}
