/**
 * KYC renewal of one or many investors, the way the registry's source of truth needs: a refreshed claim or the
 * officer's attestation (`setKycExpiry`). `planKycRenewal` reads and refuses first; `renewKyc` writes. Browser-safe.
 */
import { getAddress, isAddressEqual, parseEventLogs, zeroAddress, type Abi, type Address, type Hash, type PublicClient, type WalletClient } from "viem";
import { z } from "zod";
import { identityRegistryAbi } from "@tessera/contracts";
import { TesseraError } from "../errors";
import { addressSchema, claimTopicSchema, parseInput, unixSecondsSchema } from "../schemas";
import { accountOf } from "../send";
import { hasKeyPurpose, registryRead, requireFuture, requireRegistryAgent, requireTrustedIssuer } from "./checks";
import { refreshKycClaim, syncVerification } from "./claims";
import { KeyPurpose, KYC_CLAIM_TOPIC } from "./keys";
import type { IdentityStep, OnStep } from "./steps";

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
  topic: claimTopicSchema.default(KYC_CLAIM_TOPIC),
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
  const p = parseInput(renewKycSchema, params);
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
  const p = parseInput(renewKycSchema, params);
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
