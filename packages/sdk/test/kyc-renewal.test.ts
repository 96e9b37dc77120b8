import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAbiParameters, parseEventLogs, type Address, type Hex, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { identityRegistryAbi, onchainIdentityAbi, type Deployments } from "@tessera/contracts";
import { deployIdentity, registerInvestor } from "@tessera/sdk";
import type { AnvilHandle, devClients } from "@tessera/sdk/node";
import {
  addInvestorWallet,
  claimIdOf,
  deployClaimIssuer,
  KYC_CLAIM_TOPIC,
  KYC_RENEWAL_MAX_WALLETS,
  onboardInvestor,
  renewKyc,
  trustClaimIssuer,
  type KycRenewed,
} from "@tessera/sdk/identity";
import { expectRefusedWithoutWrites, startTestChain } from "./helpers";

const DAY = 86_400n;

let anvil: AnvilHandle;
let clients: Awaited<ReturnType<typeof devClients>>;
let deployments: Deployments;
let claimIssuer: Address;
/** Investor 1: onboarded with a KYC claim (the officer keeps a claim key), two wallets. */
const claimed = { wallets: [] as Address[], identity: "0x" as Address };
/** Investor 2: registered by the officer's attestation alone, on an identity the officer holds no claim key of. */
const attested = { wallet: "0x" as Address };

const fresh = (): Address => privateKeyToAccount(generatePrivateKey()).address;
const officer = () => clients.wallets[1]!;
const pc = (): PublicClient => clients.publicClient;
const now = async () => (await pc().getBlock()).timestamp;
const kycExpiry = (wallet: Address) =>
  pc().readContract({ address: deployments.identityRegistry, abi: identityRegistryAbi, functionName: "kycExpiry", args: [wallet] }) as Promise<bigint>;
/** The expiry written in the identity's KYC claim of `claimIssuer` (claim data `abi.encode(chainId, expiresAt)`). */
async function claimExpiry(identity: Address): Promise<bigint> {
  const c = (await pc().readContract({
    address: identity,
    abi: onchainIdentityAbi,
    functionName: "getClaim",
    args: [claimIdOf(claimIssuer, KYC_CLAIM_TOPIC)],
  })) as readonly [bigint, bigint, Address, Hex, Hex, string];
  return decodeAbiParameters([{ type: "uint256" }, { type: "uint256" }], c[4])[1];
}

/** Expects `fn` refused in words with `errorName` before any transaction (helpers.ts). */
const refusedWithoutWrites = (fn: () => Promise<unknown>, errorName: string) => expectRefusedWithoutWrites(pc(), fn, errorName);

beforeAll(async () => {
  ({ anvil, clients, deployments } = await startTestChain("KYC_RENEWAL_TEST_ANVIL_PORT"));
  claimIssuer = (await deployClaimIssuer(officer(), pc())).claimIssuer;
  const soon = (await now()) + 5n * DAY;
  const a = fresh();
  const o = await onboardInvestor(officer(), pc(), { identityRegistry: deployments.identityRegistry, claimIssuer, wallet: a, country: 756, expiresAt: soon });
  const b = fresh();
  await addInvestorWallet(officer(), pc(), { identityRegistry: deployments.identityRegistry, existingWallet: a, newWallet: b });
  claimed.wallets = [a, b];
  claimed.identity = o.identity;
  attested.wallet = fresh();
  // The investor's own identity (management key: account 5): the officer has no claim key on it.
  const { identity } = await deployIdentity(clients.wallets[5]!, pc(), clients.wallets[5]!.account.address);
  await registerInvestor(officer(), pc(), deployments, { wallet: attested.wallet, country: 250, kycExpiresAt: soon, identity });
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

describe("renewKyc (batch KYC renewal)", () => {
  it("refuses before any transaction: past expiry, unregistered or repeated wallet, too many wallets, a wallet that is not a registry agent", async () => {
    const registry = deployments.identityRegistry;
    const future = (await now()) + 365n * DAY;
    const past = (await now()) - 1n;
    await refusedWithoutWrites(() => renewKyc(officer(), pc(), { identityRegistry: registry, claimIssuer, wallets: [attested.wallet], expiresAt: past }), "InvalidInput");
    await refusedWithoutWrites(() => renewKyc(officer(), pc(), { identityRegistry: registry, claimIssuer, wallets: [attested.wallet, fresh()], expiresAt: future }), "WalletNotRegistered");
    await refusedWithoutWrites(
      () => renewKyc(officer(), pc(), { identityRegistry: registry, claimIssuer, wallets: [attested.wallet, attested.wallet.toLowerCase() as Address], expiresAt: future }),
      "InvalidInput",
    );
    const many = Array.from({ length: KYC_RENEWAL_MAX_WALLETS + 1 }, fresh);
    await refusedWithoutWrites(() => renewKyc(officer(), pc(), { identityRegistry: registry, claimIssuer, wallets: many, expiresAt: future }), "InvalidInput");
    await refusedWithoutWrites(() => renewKyc(clients.wallets[2]!, pc(), { identityRegistry: registry, claimIssuer, wallets: [attested.wallet], expiresAt: future }), "CallerNotAgent");
    expect(await kycExpiry(attested.wallet)).toBeLessThan(future);
  });

  it("without required claim topics: refreshes the claim where the officer holds a claim key, attests the expiry elsewhere; every wallet moves", async () => {
    const expiresAt = (await now()) + 365n * DAY;
    const renewed: KycRenewed[] = [];
    const r = await renewKyc(
      officer(),
      pc(),
      { identityRegistry: deployments.identityRegistry, claimIssuer, wallets: [...claimed.wallets, attested.wallet], expiresAt },
      { onRenewed: (x) => renewed.push(x) },
    );
    expect(r.mode).toBe("attestation");
    for (const w of [...claimed.wallets, attested.wallet]) expect(await kycExpiry(w)).toBe(expiresAt);
    expect(await claimExpiry(claimed.identity)).toBe(expiresAt);
    expect(r.renewed.map((x) => [x.wallet, x.method, x.kycExpiresAt])).toEqual([
      [claimed.wallets[0], "claim", expiresAt],
      [claimed.wallets[1], "claim", expiresAt],
      [attested.wallet, "attestation", expiresAt],
    ]);
    expect(renewed).toEqual(r.renewed);
    // Each wallet's KYC was written by the transaction reported for it.
    for (const x of r.renewed) {
      const receipt = await pc().getTransactionReceipt({ hash: x.hash });
      expect(receipt.status).toBe("success");
      const events = parseEventLogs({ abi: identityRegistryAbi, logs: receipt.logs, eventName: "KycUpdated" }) as unknown as { args: { investorAddress: Address; expiresAt: bigint } }[];
      expect(events.map((e) => [e.args.investorAddress, e.args.expiresAt])).toEqual([[x.wallet, expiresAt]]);
    }
  });

  it("with required claim topics: renews through the claim (refreshVerification), and refuses a batch with an identity the officer cannot sign for", async () => {
    await trustClaimIssuer(clients.wallets[0]!, pc(), { identityRegistry: deployments.identityRegistry, claimIssuer });
    const expiresAt = (await now()) + 400n * DAY;
    await refusedWithoutWrites(
      () => renewKyc(officer(), pc(), { identityRegistry: deployments.identityRegistry, claimIssuer, wallets: [claimed.wallets[0]!, attested.wallet], expiresAt }),
      "NoClaimKey",
    );
    const r = await renewKyc(officer(), pc(), { identityRegistry: deployments.identityRegistry, claimIssuer, wallets: claimed.wallets, expiresAt });
    expect(r.mode).toBe("claims");
    expect(r.renewed.every((x) => x.method === "claim" && x.kycExpiresAt === expiresAt)).toBe(true);
    for (const w of claimed.wallets) expect(await kycExpiry(w)).toBe(expiresAt);
    expect(await claimExpiry(claimed.identity)).toBe(expiresAt);
  });
});
