import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address, PublicClient } from "viem";
import { identityRegistryAbi, onchainIdentityAbi, type Deployments } from "@tessera/contracts";
import { deployAsset, deployIdentity, mint, precheckTransfer } from "@tessera/sdk";
import type { AnvilHandle, devClients } from "@tessera/sdk/node";
import {
  addInvestorWallet,
  claimIdOf,
  deployClaimIssuer,
  hasValidClaim,
  KeyPurpose,
  keyOf,
  KYC_CLAIM_TOPIC,
  onboardInvestor,
  refreshKycClaim,
  revokeKycClaim,
  trustClaimIssuer,
} from "@tessera/sdk/identity";
import { expectRefusedWithoutWrites, startTestChain } from "./helpers";

const DAY = 86_400n;

let anvil: AnvilHandle;
let clients: Awaited<ReturnType<typeof devClients>>;
let deployments: Deployments;
let claimIssuer: Address;
let token: Address;

const addr = (i: number) => clients.wallets[i]!.account.address;
const pc = (): PublicClient => clients.publicClient;
const now = async () => (await pc().getBlock()).timestamp;
const reg = <T>(functionName: string, args: readonly unknown[]) =>
  pc().readContract({ address: deployments.identityRegistry, abi: identityRegistryAbi, functionName, args } as never) as Promise<T>;
const hasPurpose = (identity: Address, who: Address, purpose: bigint) =>
  pc().readContract({ address: identity, abi: onchainIdentityAbi, functionName: "keyHasPurpose", args: [keyOf(who), purpose] });

/** Expects `fn` refused in words with `errorName` before any transaction (helpers.ts). */
const refusedWithoutWrites = (fn: () => Promise<unknown>, errorName: string) => expectRefusedWithoutWrites(pc(), fn, errorName);

beforeAll(async () => {
  ({ anvil, clients, deployments } = await startTestChain("IDENTITY_TEST_ANVIL_PORT"));
  // The compliance officer (account 1) runs the claim issuer and signs claims with its own wallet.
  claimIssuer = (await deployClaimIssuer(clients.wallets[1], pc())).claimIssuer;
  token = (
    await deployAsset(clients.wallets[0], pc(), deployments, {
      name: "Claims Fund",
      symbol: "CLF",
      decimals: 0,
      assetClass: 0,
      allowedCountries: [],
      maxHolders: 0n,
      maxBalance: 0n,
    })
  ).token;
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

describe("ONCHAINID onboarding", () => {
  it("without required claim topics: creates the identity, adds the claim, registers with the claim's expiry", async () => {
    const expiresAt = (await now()) + 30n * DAY;
    const r = await onboardInvestor(clients.wallets[1], pc(), {
      identityRegistry: deployments.identityRegistry,
      claimIssuer,
      wallet: addr(7),
      country: 276,
      expiresAt,
    });
    expect(r.identityCreated).toBe(true);
    expect(r.kycExpiresAt).toBe(expiresAt);
    expect(await reg("isVerified", [addr(7)])).toBe(true);
    expect(await reg("investorCountry", [addr(7)])).toBe(276);
    expect(await hasValidClaim(pc(), r.identity, claimIssuer, KYC_CLAIM_TOPIC)).toBe(true);
  });

  it("with the issuer trusted for KYC: the registry's expiry comes from the claim, the investor owns the identity", async () => {
    await trustClaimIssuer(clients.wallets[0], pc(), { identityRegistry: deployments.identityRegistry, claimIssuer });
    expect(await reg<readonly bigint[]>("getClaimTopics", [])).toEqual([KYC_CLAIM_TOPIC]);

    const expiresAt = (await now()) + 90n * DAY;
    const steps: string[] = [];
    const r = await onboardInvestor(
      clients.wallets[1],
      pc(),
      { identityRegistry: deployments.identityRegistry, claimIssuer, wallet: addr(2), country: 840, expiresAt },
      { onStep: (s) => steps.push(s.step) },
    );
    expect(steps).toEqual([
      "deploy identity",
      "add officer claim key",
      "add investor management key",
      "add claim",
      "hand over identity management",
      "register wallet",
      "refresh verification",
    ]);
    expect(r.kycExpiresAt).toBe(expiresAt);
    expect(r.claim.claimId).toBe(claimIdOf(claimIssuer, KYC_CLAIM_TOPIC));
    expect(await reg("identity", [addr(2)])).toBe(r.identity);
    expect(await reg("kycExpiry", [addr(2)])).toBe(expiresAt);
    // The investor manages the identity; the officer keeps only a claim key.
    expect(await hasPurpose(r.identity, addr(2), KeyPurpose.MANAGEMENT)).toBe(true);
    expect(await hasPurpose(r.identity, addr(1), KeyPurpose.MANAGEMENT)).toBe(false);
    expect(await hasPurpose(r.identity, addr(1), KeyPurpose.CLAIM)).toBe(true);
    // The registered wallet can receive the token.
    await mint(clients.wallets[0], pc(), { token, to: addr(2), amount: 100n });
  });

  it("refuses, before any transaction, a registered wallet, a non-agent, an untrusted issuer, a past expiry, a bad country", async () => {
    const other = (await deployClaimIssuer(clients.wallets[6], pc())).claimIssuer; // not trusted by the registry
    const base = { identityRegistry: deployments.identityRegistry, claimIssuer, wallet: addr(8), country: 826, expiresAt: (await now()) + DAY };
    await refusedWithoutWrites(() => onboardInvestor(clients.wallets[1], pc(), { ...base, wallet: addr(2) }), "WalletAlreadyRegistered");
    await refusedWithoutWrites(() => onboardInvestor(clients.wallets[5], pc(), base), "CallerNotAgent");
    const untrusted = await refusedWithoutWrites(() => onboardInvestor(clients.wallets[1], pc(), { ...base, claimIssuer: other }), "IssuerNotTrusted");
    expect(untrusted.message).toMatch(/does not trust claim issuer/);
    await refusedWithoutWrites(() => onboardInvestor(clients.wallets[1], pc(), { ...base, expiresAt: 1n }), "InvalidInput");
    await refusedWithoutWrites(() => onboardInvestor(clients.wallets[1], pc(), { ...base, country: 0 }), "InvalidInput");
    // A claim signer that is not a key of the issuer.
    await refusedWithoutWrites(
      () => onboardInvestor(clients.wallets[1], pc(), base, { claimSigner: clients.wallets[6] }),
      "ClaimSignerNotKey",
    );
    expect(await reg("contains", [addr(8)])).toBe(false);
  });

  it("adds a second wallet to the same identity, with the same country and expiry", async () => {
    const r = await addInvestorWallet(clients.wallets[1], pc(), {
      identityRegistry: deployments.identityRegistry,
      existingWallet: addr(2),
      newWallet: addr(3),
    });
    expect(r.identity).toBe(await reg("identity", [addr(2)]));
    expect(await reg("identity", [addr(3)])).toBe(r.identity);
    expect(await reg("investorCountry", [addr(3)])).toBe(840);
    expect(await reg("kycExpiry", [addr(3)])).toBe(await reg("kycExpiry", [addr(2)]));
    expect(await reg("isVerified", [addr(3)])).toBe(true);
    await refusedWithoutWrites(
      () => addInvestorWallet(clients.wallets[1], pc(), { identityRegistry: deployments.identityRegistry, existingWallet: addr(9), newWallet: addr(8) }),
      "WalletNotRegistered",
    );
  });

  it("refreshes the claim with a new expiry for every wallet of the identity", async () => {
    const expiresAt = (await now()) + 365n * DAY;
    const r = await refreshKycClaim(clients.wallets[1], pc(), {
      identityRegistry: deployments.identityRegistry,
      claimIssuer,
      wallets: [addr(2), addr(3)],
      expiresAt,
    });
    expect(r.kycExpiresAt).toEqual({ [addr(2)]: expiresAt, [addr(3)]: expiresAt });
    expect(await reg("kycExpiry", [addr(2)])).toBe(expiresAt);
    expect(await reg("kycExpiry", [addr(3)])).toBe(expiresAt);
  });

  it("revokes the claim at the issuer: both wallets stop being verified and the pre-check says why", async () => {
    const r = await revokeKycClaim(clients.wallets[1], pc(), {
      identityRegistry: deployments.identityRegistry,
      claimIssuer,
      wallets: [addr(2), addr(3)],
    });
    expect(r.kycExpiresAt).toEqual({ [addr(2)]: 0n, [addr(3)]: 0n });
    expect(await reg("isVerified", [addr(2)])).toBe(false);
    expect(await reg("isVerified", [addr(3)])).toBe(false);
    const identity = await reg<Address>("identity", [addr(2)]);
    expect(await hasValidClaim(pc(), identity, claimIssuer, KYC_CLAIM_TOPIC)).toBe(false);
    const check = await precheckTransfer(pc(), { token, from: addr(2), to: addr(3), amount: 1n });
    expect(check.code).toBe(5);
    expect(check.reason).toBe("the recipient is not verified");
  });

  it("links an identity the investor deployed once the investor gives the officer a claim key", async () => {
    const investor = clients.wallets[4];
    const { identity } = await deployIdentity(investor, pc(), addr(4));
    const params = {
      identityRegistry: deployments.identityRegistry,
      claimIssuer,
      wallet: addr(4),
      country: 250,
      expiresAt: (await now()) + 60n * DAY,
      identity,
    };
    const refused = await refusedWithoutWrites(() => onboardInvestor(clients.wallets[1], pc(), params), "NoClaimKey");
    expect(refused.message).toMatch(/claim key/);
    const hash = await investor.writeContract({
      address: identity,
      abi: onchainIdentityAbi,
      functionName: "addKey",
      args: [keyOf(addr(1)), KeyPurpose.CLAIM, 1n],
      chain: investor.chain,
    });
    await pc().waitForTransactionReceipt({ hash });
    const r = await onboardInvestor(clients.wallets[1], pc(), params);
    expect(r.identityCreated).toBe(false);
    expect(r.identity.toLowerCase()).toBe(identity.toLowerCase());
    expect(r.steps.map((s) => s.step)).toEqual(["add claim", "register wallet", "refresh verification"]);
    expect(await reg("kycExpiry", [addr(4)])).toBe(params.expiresAt);
    expect(await hasPurpose(identity, addr(4), KeyPurpose.MANAGEMENT)).toBe(true);
  });

  it("links an identity that already holds a valid claim without asking for a claim key or a signature", async () => {
    const investor = clients.wallets[4];
    const identity = await reg<Address>("identity", [addr(4)]);
    // The investor takes the officer's claim key back; the claim added earlier stays valid.
    const hash = await investor.writeContract({
      address: identity,
      abi: onchainIdentityAbi,
      functionName: "removeKey",
      args: [keyOf(addr(1)), KeyPurpose.CLAIM],
      chain: investor.chain,
    });
    await pc().waitForTransactionReceipt({ hash });
    expect(await hasPurpose(identity, addr(1), KeyPurpose.CLAIM)).toBe(false);
    const claimExpiry = await reg<bigint>("kycExpiry", [addr(4)]);
    const r = await onboardInvestor(
      clients.wallets[1],
      pc(),
      { identityRegistry: deployments.identityRegistry, claimIssuer, wallet: addr(9), country: 250, expiresAt: (await now()) + 400n * DAY, identity },
      { claimSigner: clients.wallets[6] }, // not a key of the issuer: proves no signature is asked
    );
    expect(r.steps.map((s) => s.step)).toEqual(["register wallet", "refresh verification"]);
    expect(r.kycExpiresAt).toBe(claimExpiry); // the claim's own expiry, not the 400 days asked
    expect(await reg("identity", [addr(9)])).toBe(identity);
  });
});
