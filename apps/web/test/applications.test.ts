import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "@tessera/db/testing";
import { registerInvestor } from "@tessera/sdk";
import { GET as auditGET } from "../app/api/audit/route";
import { GET as listGET, POST as submitPOST } from "../app/api/applications/route";
import { GET as mineGET } from "../app/api/applications/mine/route";
import { POST as approvePOST } from "../app/api/applications/[id]/approve/route";
import { POST as rejectPOST } from "../app/api/applications/[id]/reject/route";
import type { ApplicationDto, ApplicationListResponse, ApplicationResponse, AuditListResponse } from "../lib/shared/api-types";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import { type Browser, devAccount } from "./helpers/chain";

let chain: WebChain;

beforeAll(async () => {
  chain = await startWebChain();
});
afterAll(async () => {
  await chain?.stop();
});

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const profile = { name: "Ada Applicant", country: 756, investorType: "individual", accredited: true, email: "ada@example.test" };

for (const backend of backends()) {
  describe(`onboarding applications on ${backend.name}: each route refuses each role it should`, () => {
    let db: WebDatabase;
    let as: Browsers<"issuer" | "officer" | "applicant" | "other">;
    // One chain for both backends: each backend onboards its own wallets.
    const [applicantIndex, otherIndex] = backend.name === "pglite" ? [5, 6] : [7, 8];
    let appId = "";

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain });
      as = await db.signIn({ issuer: 0, officer: 1, applicant: applicantIndex, other: otherIndex });
    });
    afterAll(async () => {
      await db?.stop();
    });

    it("POST /api/applications: anonymous 401, invalid 400, the signed-in wallet applies once (409 while pending)", async () => {
      expect((await submitPOST(as.anonymous.request("/api/applications", { method: "POST", body: profile }))).status).toBe(401);
      expect((await submitPOST(as.applicant.request("/api/applications", { method: "POST", body: { ...profile, country: 0 } }))).status).toBe(400);
      const r = await submitPOST(as.applicant.request("/api/applications", { method: "POST", body: profile }));
      expect(r.status).toBe(200);
      const { application } = (await r.json()) as ApplicationResponse;
      expect(application).toMatchObject({ wallet: devAccount(applicantIndex).address.toLowerCase(), status: "pending", country: 756, accredited: true });
      appId = application.id;
      expect((await submitPOST(as.applicant.request("/api/applications", { method: "POST", body: profile }))).status).toBe(409);
      const mine = (await (await mineGET(as.applicant.request("/api/applications/mine"))).json()) as { applications: ApplicationDto[] };
      expect(mine.applications.map((a) => a.id)).toEqual([appId]);
      expect((await mineGET(as.anonymous.request("/api/applications/mine"))).status).toBe(401);
    });

    it("GET /api/applications: anonymous 401, applicant and issuer 403, compliance officer 200", async () => {
      expect((await listGET(as.anonymous.request("/api/applications"))).status).toBe(401);
      expect((await listGET(as.applicant.request("/api/applications"))).status).toBe(403);
      expect((await listGET(as.issuer.request("/api/applications"))).status).toBe(403);
      const queue = (await (await listGET(as.officer.request("/api/applications?status=pending"))).json()) as ApplicationListResponse;
      expect(queue.applications.map((a) => a.id)).toEqual([appId]);
    });

    it("POST reject: applicant and issuer 403, a reason is required, then the applicant sees it and may apply again", async () => {
      const post = (b: Browser, body: unknown, id = appId) => rejectPOST(b.request(`/api/applications/${id}/reject`, { method: "POST", body }), ctx(id));
      expect((await post(as.anonymous, { reason: "no" })).status).toBe(401);
      expect((await post(as.applicant, { reason: "I reject myself" })).status).toBe(403);
      expect((await post(as.issuer, { reason: "Issuer says no" })).status).toBe(403);
      expect((await post(as.officer, { reason: "" })).status).toBe(400);
      expect((await post(as.officer, { reason: "no such application" }, "999999")).status).toBe(404);
      const r = await post(as.officer, { reason: "Proof of address is older than 3 months" });
      expect(r.status).toBe(200);
      expect(((await r.json()) as ApplicationResponse).application).toMatchObject({ status: "rejected", reviewedBy: devAccount(1).address.toLowerCase() });
      expect((await post(as.officer, { reason: "again" })).status).toBe(409);
      const mine = (await (await mineGET(as.applicant.request("/api/applications/mine"))).json()) as { applications: ApplicationDto[] };
      expect(mine.applications[0]).toMatchObject({ status: "rejected", reason: "Proof of address is older than 3 months" });
      const again = await submitPOST(as.applicant.request("/api/applications", { method: "POST", body: { ...profile, name: "Ada B. Applicant" } }));
      expect(again.status).toBe(200);
      appId = ((await again.json()) as ApplicationResponse).application.id;
    });

    it("POST approve: only with the officer's own registration of exactly this wallet; recorded in the audit log", async () => {
      const { wallets, publicClient } = chain.clients;
      const post = (b: Browser, body: unknown) => approvePOST(b.request(`/api/applications/${appId}/approve`, { method: "POST", body }), ctx(appId));
      const block = await publicClient.getBlock();
      const kycExpiresAt = block.timestamp + 86_400n;
      // A registration of another wallet does not approve this application.
      const other = await registerInvestor(wallets[1], publicClient, chain.deployments, { wallet: devAccount(otherIndex).address, country: 756, kycExpiresAt });
      expect((await post(as.officer, { txHash: other.hash })).status).toBe(400);
      const reg = await registerInvestor(wallets[1], publicClient, chain.deployments, { wallet: devAccount(applicantIndex).address, country: 756, kycExpiresAt });
      expect((await post(as.anonymous, { txHash: reg.hash })).status).toBe(401);
      expect((await post(as.applicant, { txHash: reg.hash })).status).toBe(403);
      expect((await post(as.issuer, { txHash: reg.hash })).status).toBe(403);
      const r = await post(as.officer, { txHash: reg.hash, reason: "KYC file 42 complete" });
      expect(r.status).toBe(200);
      expect(((await r.json()) as ApplicationResponse).application).toMatchObject({ status: "approved", txHash: reg.hash, reason: "KYC file 42 complete" });
      expect((await post(as.officer, { txHash: reg.hash })).status).toBe(409);
      expect((await submitPOST(as.applicant.request("/api/applications", { method: "POST", body: profile }))).status).toBe(409);

      const audit = (await (await auditGET(as.officer.request(`/api/audit?subject=${devAccount(applicantIndex).address}&sort=asc`))).json()) as AuditListResponse;
      expect(audit.entries.map((e) => [e.action, e.reason])).toEqual([
        ["application-rejected", "Proof of address is older than 3 months"],
        ["application-approved", "KYC file 42 complete"],
      ]);
      expect(audit.entries[1].txHash).toBe(reg.hash);
    });
  });
}
