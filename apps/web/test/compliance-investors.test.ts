import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityRegistryAbi, onchainIdentityAbi } from "@tessera/contracts";
import { backends } from "@tessera/db/testing";
import { deployIdentity, registerInvestor } from "@tessera/sdk";
import { encodeAbiParameters, type Address, type Hash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { GET as auditGET, POST as auditPOST } from "../app/api/audit/route";
import { GET as detailGET } from "../app/api/investors/[wallet]/route";
import { POST as previewPOST } from "../app/api/investors/import/preview/route";
import { batchRegisterIdentity, deleteIdentity, setKycExpiry, updateCountry, updateIdentity } from "../lib/compliance/chain-actions";
import type { ImportPreviewResponse, InvestorDetailResponse } from "../lib/compliance/types";
import { getPrisma } from "../lib/db/prisma";
import type { AuditListResponse } from "../lib/shared/api-types";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import { type Browser, devAccount } from "./helpers/chain";

let chain: WebChain;
const fresh = (): Address => privateKeyToAccount(generatePrivateKey()).address;
const w = (i: number) => chain.clients.wallets[i];
const pc = () => chain.clients.publicClient;
let now = 0n;
/** A wallet registered with a self-issued KYC claim (topic 1) on its identity. */
const claimed = { wallet: "0x" as Address, identity: "0x" as Address, expiresAt: 0n };

beforeAll(async () => {
  chain = await startWebChain();
  now = (await pc().getBlock()).timestamp;
  // The registry requires topic 1; an identity (managed by the officer) holds a self-issued claim with an expiry.
  const registry = chain.deployments.identityRegistry;
  await pc().waitForTransactionReceipt({
    hash: await w(0).writeContract({ address: registry, abi: identityRegistryAbi, functionName: "addClaimTopic", args: [1n], account: w(0).account, chain: w(0).chain }),
  });
  claimed.wallet = fresh();
  claimed.identity = (await deployIdentity(w(1), pc(), w(1).account.address)).identity;
  claimed.expiresAt = now + 90n * 86_400n;
  await registerInvestor(w(1), pc(), chain.deployments, { wallet: claimed.wallet, country: 756, kycExpiresAt: claimed.expiresAt, identity: claimed.identity });
  const data = encodeAbiParameters([{ type: "uint256" }, { type: "uint256" }], [31337n, claimed.expiresAt]);
  await pc().waitForTransactionReceipt({
    hash: await w(1).writeContract({
      address: claimed.identity,
      abi: onchainIdentityAbi,
      functionName: "addClaim",
      args: [1n, 1n, claimed.identity, "0x", data, ""],
      account: w(1).account,
      chain: w(1).chain,
    }),
  });
});
afterAll(async () => {
  await chain?.stop();
});

for (const backend of backends()) {
  describe(`compliance allowlist on ${backend.name}`, () => {
    let db: WebDatabase;
    let as: Browsers<"issuer" | "officer" | "investor">;

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain });
      as = await db.signIn({ issuer: 0, officer: 1, investor: 2 });
    });
    afterAll(async () => {
      await db?.stop();
    });

    it("GET /api/investors/[wallet]: 401 anonymous, 403 issuer and investor, 400 bad address; the officer reads record, claims and other wallets", async () => {
      const get = (b: Browser, wallet: string) => detailGET(b.request(`/api/investors/${wallet}`), { params: Promise.resolve({ wallet }) });
      expect((await get(as.anonymous, claimed.wallet)).status).toBe(401);
      expect((await get(as.issuer, claimed.wallet)).status).toBe(403);
      expect((await get(as.investor, claimed.wallet)).status).toBe(403);
      expect((await get(as.officer, "0x1234")).status).toBe(400);

      // The index knows a second wallet of the same identity (written here as the indexer would).
      const second = fresh().toLowerCase();
      const registry = chain.deployments.identityRegistry.toLowerCase();
      await getPrisma().investor.createMany({
        data: [claimed.wallet.toLowerCase(), second].map((wallet) => ({
          chainId: 31337,
          identityRegistry: registry,
          wallet,
          identity: claimed.identity.toLowerCase(),
          country: 756,
          kycExpiresAt: claimed.expiresAt,
          registeredBlock: 1n,
          updatedBlock: 1n,
        })),
      });
      const r = await get(as.officer, claimed.wallet);
      expect(r.status).toBe(200);
      const d = (await r.json()) as InvestorDetailResponse;
      expect(d).toMatchObject({
        wallet: claimed.wallet.toLowerCase(),
        registered: true,
        identity: claimed.identity.toLowerCase(),
        country: 756,
        // The registry verifies claims (topic 1): the expiry comes from claims of trusted issuers only. This claim is
        // self-issued by an issuer the registry does not trust, so the wallet is not verified, and the officer sees why.
        kycExpiresAt: "0",
        verified: false,
        otherWallets: [second],
        requiredTopics: ["1"],
      });
      expect(d.claims).toEqual([
        expect.objectContaining({ topic: "1", issuer: claimed.identity.toLowerCase(), trustedIssuer: false, expiresAt: claimed.expiresAt.toString(), chainId: 31337 }),
      ]);

      const none = (await (await get(as.officer, fresh())).json()) as InvestorDetailResponse;
      expect(none).toMatchObject({ registered: false, identity: null, country: 0, kycExpiresAt: "0", verified: false, claims: [], otherWallets: [] });
    });

    it("POST /api/investors/import/preview: 401, 403, 400 on empty or oversized files; the officer sees each row's outcome", async () => {
      const post = (b: Browser, body: unknown) => previewPOST(b.request("/api/investors/import/preview", { method: "POST", body }));
      const ok1 = fresh();
      const ok2 = fresh();
      const csv = [
        "wallet,country,expiry",
        `${ok1},840,2099-12-31`,
        `${ok2.toLowerCase()},gb,`,
        "",
        "0x12345,840,",
        `${fresh()},XX,`,
        `${fresh()},1000,`,
        `${fresh()},250,2001-01-01`,
        `${ok1},250,`,
        `${devAccount(2).address},840,`,
        `${fresh()}`,
      ].join("\n");
      expect((await post(as.anonymous, { csv })).status).toBe(401);
      expect((await post(as.issuer, { csv })).status).toBe(403);
      expect((await post(as.officer, { csv: "  " })).status).toBe(400);
      expect((await post(as.officer, {})).status).toBe(400);
      const big = Array.from({ length: 201 }, () => `${fresh()},840`).join("\n");
      const tooMany = await post(as.officer, { csv: big });
      expect(tooMany.status).toBe(400);
      expect(((await tooMany.json()) as { error: { message: string } }).error.message).toMatch(/at most 200/);

      const r = await post(as.officer, { csv });
      expect(r.status).toBe(200);
      const p = (await r.json()) as ImportPreviewResponse;
      expect(p.valid).toBe(2);
      expect(p.skipped).toBe(7);
      expect(p.rows.map((x) => [x.line, x.status, x.reason, x.country])).toEqual([
        [2, "valid", null, 840],
        [3, "valid", null, 826],
        [5, "skipped", "bad-address", null],
        [6, "skipped", "unknown-country", null],
        [7, "skipped", "unknown-country", null],
        [8, "skipped", "bad-expiry", null],
        [9, "skipped", "duplicate", 250],
        [10, "skipped", "already-registered", 840],
        [11, "skipped", "missing-columns", null],
      ]);
      expect(p.rows[0]).toMatchObject({ wallet: ok1.toLowerCase(), kycExpiresAt: String(Date.parse("2099-12-31T23:59:59Z") / 1000) });
      expect(p.rows[6].message).toBe("duplicate of line 2");
      // A mixed-case address with a wrong EIP-55 checksum is a bad address.
      const bad = ok1.slice(0, 2) + (ok1[2] === ok1[2].toUpperCase() ? ok1[2].toLowerCase() : ok1[2].toUpperCase()) + ok1.slice(3);
      if (/[a-fA-F]/.test(ok1[2])) {
        const c = (await (await post(as.officer, { csv: `${bad},840` })).json()) as ImportPreviewResponse;
        expect(c.rows[0].reason).toBe("bad-address");
      }
    });

    it("POST /api/audit records the officer's registry changes (country, identity, removal, batch import) with the reason; others cannot", async () => {
      const registry = chain.deployments.identityRegistry;
      const a = fresh();
      const b = fresh();
      const record = async (who: Browser, hash: Hash, reason: string) => auditPOST(who.request("/api/audit", { method: "POST", body: { txHash: hash, reason } }));
      const batch = await batchRegisterIdentity(w(1), pc(), { registry, wallets: [a, b], identities: [claimed.identity, claimed.identity], countries: [840, 826] });
      expect((await record(as.issuer, batch.hash, "not mine")).status).toBe(403);
      expect((await record(as.officer, batch.hash, "KYC batch 7")).status).toBe(200);
      // A registry that verifies claims takes no expiry from an agent (one source of truth per registry).
      await expect(setKycExpiry(w(1), pc(), { registry, wallet: a, kycExpiresAt: now + 86_400n })).rejects.toThrow(/verifies KYC claims/);
      const country = await updateCountry(w(1), pc(), { registry, wallet: a, country: 276 });
      expect((await record(as.officer, country.hash, "Moved to Germany")).status).toBe(200);
      const newIdentity = fresh();
      const identity = await updateIdentity(w(1), pc(), { registry, wallet: a, identity: newIdentity });
      expect((await record(as.officer, identity.hash, "New ONCHAINID")).status).toBe(200);
      const removed = await deleteIdentity(w(1), pc(), { registry, wallet: b });
      expect((await record(as.officer, removed.hash, "Sanctions hit")).status).toBe(200);
      expect(await pc().readContract({ address: registry, abi: identityRegistryAbi, functionName: "contains", args: [b] })).toBe(false);
      expect(await pc().readContract({ address: registry, abi: identityRegistryAbi, functionName: "investorCountry", args: [a] })).toBe(276);

      const log = (await (await auditGET(as.officer.request("/api/audit?sort=asc"))).json()) as AuditListResponse;
      expect(log.entries.map((e) => [e.action, e.subject, e.reason, e.txHash])).toEqual([
        ["bulk-register", null, "KYC batch 7", batch.hash],
        ["update-country", a.toLowerCase(), "Moved to Germany", country.hash],
        ["update-identity", a.toLowerCase(), "New ONCHAINID", identity.hash],
        ["delete-identity", b.toLowerCase(), "Sanctions hit", removed.hash],
      ]);
      expect(log.entries[0].details).toEqual({ count: 2, wallets: `${a.toLowerCase()} ${b.toLowerCase()}`, countries: "840 826" });
      expect(log.entries[2].details).toEqual({ identity: newIdentity.toLowerCase() });
    });
  });
}
