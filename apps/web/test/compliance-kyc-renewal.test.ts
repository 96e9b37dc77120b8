import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { identityRegistryAbi } from "@tessera/contracts";
import { backends } from "@tessera/db/testing";
import { registerInvestor } from "@tessera/sdk";
import { deployClaimIssuer, onboardInvestor, renewKyc, trustClaimIssuer } from "@tessera/sdk/identity";
import { writeDeployments } from "@tessera/sdk/node";
import type { Address, Hash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { GET as auditGET } from "../app/api/audit/route";
import { POST as checkPOST } from "../app/api/investors/kyc-renewals/check/route";
import { POST as recordPOST } from "../app/api/investors/kyc-renewals/route";
import { GET as myKycGET } from "../app/api/me/kyc/route";
import { setKycExpiry, updateCountry } from "../lib/compliance/chain-actions";
import type { KycRenewalCheckResponse, KycRenewalRecordResponse, MyKycResponse } from "../lib/compliance/kyc-renewal-types";
import type { AuditListResponse } from "../lib/shared/api-types";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import type { Browser } from "./helpers/chain";

const DAY = 86_400n;
let chain: WebChain;
const fresh = (): Address => privateKeyToAccount(generatePrivateKey()).address;
const w = (i: number) => chain.clients.wallets[i]!;
const pc = () => chain.clients.publicClient;
const chainNow = async () => (await pc().getBlock()).timestamp;
const kycExpiry = (wallet: Address) =>
  pc().readContract({ address: chain.deployments.identityRegistry, abi: identityRegistryAbi, functionName: "kycExpiry", args: [wallet] }) as Promise<bigint>;

/**
 * Attested: registered by the officer with a KYC expiry 10 days ahead, no claim, an identity the officer holds no key
 * on. Claimed: onboarded with a KYC claim.
 */
const investors = { attested: "0x" as Address, claimed: "0x" as Address };

beforeAll(async () => {
  chain = await startWebChain();
  // The officer (account 1) runs the platform's ClaimIssuer, as `npm start`'s ensurePlatform sets it up.
  chain.deployments.claimIssuer = (await deployClaimIssuer(w(1), pc())).claimIssuer;
  writeDeployments(chain.deploymentsDir, chain.deployments);
  const soon = (await chainNow()) + 10n * DAY;
  investors.attested = fresh();
  // Its identity deployed on its own (no IdentityFactory: that one would give the officer a claim key), so the
  // officer cannot sign for it.
  await registerInvestor(w(1), pc(), { identityRegistry: chain.deployments.identityRegistry }, { wallet: investors.attested, country: 756, kycExpiresAt: soon });
  investors.claimed = fresh();
  await onboardInvestor(w(1), pc(), {
    identityRegistry: chain.deployments.identityRegistry,
    claimIssuer: chain.deployments.claimIssuer,
    wallet: investors.claimed,
    country: 250,
    expiresAt: soon,
  });
}, 120_000);
afterAll(async () => {
  await chain?.stop();
});

for (const backend of backends()) {
  describe(`KYC renewal on ${backend.name}`, () => {
    let db: WebDatabase;
    let as: Browsers<"issuer" | "officer" | "investor">;
    const post = (route: typeof recordPOST, path: string) => (b: Browser, body: unknown) => route(b.request(path, { method: "POST", body }));
    const check = post(checkPOST, "/api/investors/kyc-renewals/check");
    const record = post(recordPOST, "/api/investors/kyc-renewals");
    const message = async (r: Response) => ((await r.json()) as { error: { message: string } }).error.message;

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain });
      as = await db.signIn({ issuer: 0, officer: 1, investor: 2 });
    });
    afterAll(async () => {
      await db?.stop();
    });

    it("check: 401 signed out, 403 issuer and investor, 400 past expiry, too many, repeated or unregistered wallets; the officer gets the plan", async () => {
      const expiresAt = ((await chainNow()) + 365n * DAY).toString();
      const body = { wallets: [investors.attested, investors.claimed], expiresAt };
      expect((await check(as.anonymous, body)).status).toBe(401);
      expect((await check(as.issuer, body)).status).toBe(403);
      expect((await check(as.investor, body)).status).toBe(403);
      const past = await check(as.officer, { ...body, expiresAt: ((await chainNow()) - DAY).toString() });
      expect(past.status).toBe(400);
      expect(await message(past)).toMatch(/future/);
      const tooMany = await check(as.officer, { ...body, wallets: Array.from({ length: 51 }, fresh) });
      expect(tooMany.status).toBe(400);
      expect(await message(tooMany)).toMatch(/at most 50 wallets/);
      expect((await check(as.officer, { ...body, wallets: [investors.attested, investors.attested.toLowerCase()] })).status).toBe(400);
      const unregistered = await check(as.officer, { ...body, wallets: [investors.attested, fresh()] });
      expect(unregistered.status).toBe(400);
      expect(await message(unregistered)).toMatch(/not registered/);

      const ok = await check(as.officer, body);
      expect(ok.status).toBe(200);
      const plan = (await ok.json()) as KycRenewalCheckResponse;
      expect(plan.mode).toBe("attestation");
      expect(plan.wallets.map((x) => [x.wallet, x.method])).toEqual([
        [investors.attested.toLowerCase(), "attestation"],
        [investors.claimed.toLowerCase(), "claim"],
      ]);
      expect(BigInt(plan.wallets[0]!.kycExpiresAt)).toBe(await kycExpiry(investors.attested));
    });

    it("record: 401/403/400 without writing; the officer's batch renewal moves both expiries on-chain and writes audit entries (idempotent)", async () => {
      const expiresAt = (await chainNow()) + 365n * DAY;
      const before = { attested: await kycExpiry(investors.attested), claimed: await kycExpiry(investors.claimed) };
      const r = await renewKyc(w(1), pc(), {
        identityRegistry: chain.deployments.identityRegistry,
        claimIssuer: chain.deployments.claimIssuer,
        wallets: [investors.attested, investors.claimed],
        expiresAt,
      });
      const txHashes = r.steps.map((s) => s.hash);
      const body = { wallets: [investors.attested, investors.claimed], expiresAt: expiresAt.toString(), txHashes, reason: "annual KYC review done" };
      expect((await record(as.anonymous, body)).status).toBe(401);
      expect((await record(as.issuer, body)).status).toBe(403);
      expect((await record(as.investor, body)).status).toBe(403);
      expect((await record(as.officer, { ...body, expiresAt: ((await chainNow()) - 1n).toString() })).status).toBe(400);
      expect((await record(as.officer, { ...body, wallets: Array.from({ length: 51 }, fresh) })).status).toBe(400);
      expect((await record(as.officer, { ...body, reason: "" })).status).toBe(400);
      const audit = async () =>
        ((await (await auditGET(as.officer.request("/api/audit?action=renew-kyc"))).json()) as AuditListResponse).entries;
      expect(await audit()).toEqual([]);

      const ok = await record(as.officer, body);
      expect(ok.status).toBe(200);
      const res = (await ok.json()) as KycRenewalRecordResponse;
      // The expiry really moved on-chain, from the old date to the new one.
      expect(await kycExpiry(investors.attested)).toBe(expiresAt);
      expect(await kycExpiry(investors.claimed)).toBe(expiresAt);
      expect(res.renewed.map((x) => [x.wallet, x.method, x.previousKycExpiresAt, x.kycExpiresAt])).toEqual([
        [investors.attested.toLowerCase(), "attestation", before.attested.toString(), expiresAt.toString()],
        [investors.claimed.toLowerCase(), "claim", before.claimed.toString(), expiresAt.toString()],
      ]);
      const entries = await audit();
      expect(entries).toHaveLength(2);
      expect(entries.map((e) => e.subject).sort()).toEqual([investors.attested.toLowerCase(), investors.claimed.toLowerCase()].sort());
      for (const e of entries) {
        expect(e).toMatchObject({ actor: w(1).account.address.toLowerCase(), actorRole: "compliance-officer", reason: "annual KYC review done" });
        expect(e.details).toMatchObject({ kycExpiresAt: expiresAt.toString(), requestedExpiresAt: expiresAt.toString() });
      }
      // Posting again records nothing new.
      expect((await record(as.officer, body)).status).toBe(200);
      expect(await audit()).toHaveLength(2);
    });

    it("record refuses what is not this renewal: another wallet's transaction, a transaction that renewed nothing, a wallet not renewed, a superseded expiry", async () => {
      const expiresAt = (await chainNow()) + 200n * DAY;
      const registry = chain.deployments.identityRegistry;
      const renewal = await setKycExpiry(w(1), pc(), { registry, wallet: investors.attested, kycExpiresAt: expiresAt });
      const body = { wallets: [investors.attested], expiresAt: expiresAt.toString(), txHashes: [renewal.hash] as Hash[], reason: "renewed after review" };

      const byInvestor = await w(2).sendTransaction({ to: fresh(), value: 1n, account: w(2).account, chain: w(2).chain });
      await pc().waitForTransactionReceipt({ hash: byInvestor });
      expect((await record(as.officer, { ...body, txHashes: [renewal.hash, byInvestor] })).status).toBe(403);
      const countryTx = await updateCountry(w(1), pc(), { registry, wallet: investors.attested, country: 756 });
      const unrelated = await record(as.officer, { ...body, txHashes: [renewal.hash, countryTx.hash] });
      expect(unrelated.status).toBe(400);
      expect(await message(unrelated)).toMatch(/did not update the KYC/);
      const notRenewed = await record(as.officer, { ...body, wallets: [investors.attested, investors.claimed] });
      expect(notRenewed.status).toBe(400);
      expect(await message(notRenewed)).toMatch(/none of these transactions updated its KYC/);

      // Another write after the renewal: the renewal no longer describes the registry.
      await setKycExpiry(w(1), pc(), { registry, wallet: investors.attested, kycExpiresAt: expiresAt + DAY });
      expect((await record(as.officer, body)).status).toBe(409);
    });

    it("when the registry verifies claims: the plan says claim, a wallet whose identity the officer cannot sign for is 409, and the recorded renewal is the refreshed claim", async () => {
      const registry = chain.deployments.identityRegistry;
      await trustClaimIssuer(w(0), pc(), { identityRegistry: registry, claimIssuer: chain.deployments.claimIssuer! });
      // Back to attestation mode afterwards: the chain is shared with the next backend's run.
      onTestFinished(async () => {
        for (const [functionName, args] of [["removeTrustedIssuer", [chain.deployments.claimIssuer!]], ["removeClaimTopic", [1n]]] as const) {
          const hash = await w(0).writeContract({ address: registry, abi: identityRegistryAbi, functionName, args, account: w(0).account, chain: w(0).chain } as never);
          await pc().waitForTransactionReceipt({ hash });
        }
      });
      const expiresAt = (await chainNow()) + 300n * DAY;
      const refused = await check(as.officer, { wallets: [investors.claimed, investors.attested], expiresAt: expiresAt.toString() });
      expect(refused.status).toBe(409);
      expect(await message(refused)).toMatch(/no claim key/);
      const ok = await check(as.officer, { wallets: [investors.claimed], expiresAt: expiresAt.toString() });
      expect(((await ok.json()) as KycRenewalCheckResponse)).toMatchObject({ mode: "claims", wallets: [{ wallet: investors.claimed.toLowerCase(), method: "claim" }] });

      const r = await renewKyc(w(1), pc(), { identityRegistry: registry, claimIssuer: chain.deployments.claimIssuer, wallets: [investors.claimed], expiresAt });
      expect(r.steps.map((s) => s.step)).toEqual(["add claim", "refresh verification"]);
      const res = await record(as.officer, { wallets: [investors.claimed], expiresAt: expiresAt.toString(), txHashes: r.steps.map((s) => s.hash), reason: "claim re-issued after review" });
      expect(res.status).toBe(200);
      const body = (await res.json()) as KycRenewalRecordResponse;
      expect(body.renewed).toMatchObject([{ wallet: investors.claimed.toLowerCase(), method: "claim", kycExpiresAt: expiresAt.toString() }]);
      expect(body.entries[0]!.details).toMatchObject({ method: "claim", claimTxHash: r.steps[0]!.hash.toLowerCase() });
      expect(await kycExpiry(investors.claimed)).toBe(expiresAt);
    });

    it("GET /api/me/kyc: 401 signed out; each investor sees their own status and expiry", async () => {
      expect((await myKycGET(as.anonymous.request("/api/me/kyc"))).status).toBe(401);
      const unregistered = (await (await myKycGET(as.officer.request("/api/me/kyc"))).json()) as MyKycResponse;
      expect(unregistered).toMatchObject({ wallet: w(1).account.address.toLowerCase(), status: "unregistered", kycExpiresAt: "0" });
      const investor = (await (await myKycGET(as.investor.request("/api/me/kyc"))).json()) as MyKycResponse;
      expect(investor.wallet).toBe(w(2).account.address.toLowerCase());
      expect(investor.kycExpiresAt).toBe((await kycExpiry(w(2).account.address)).toString());
      expect(["verified", "expiring"]).toContain(investor.status);
    });
  });
}
