import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "@tessera/db/testing";
import { mint, transfer } from "@tessera/sdk";
import { deployAssetWithModules, moduleSetups } from "@tessera/sdk/suite";
import type { Address, Hash } from "viem";
import { POST as checkPOST } from "../app/api/approvals/check/route";
import { GET as approvalsGET, POST as approvalsPOST } from "../app/api/approvals/route";
import { GET as auditGET } from "../app/api/audit/route";
import { GET as sessionGET } from "../app/api/auth/session/route";
import { approveTransfer, rejectTransfer, requestTransfer } from "../lib/compliance/chain-actions";
import type { ApprovalListResponse } from "../lib/compliance/types";
import type { AuditListResponse, SessionResponse } from "../lib/shared/api-types";
import { startWebChain, startWebDatabase, withIndexWait, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import { type Browser, devAccount } from "./helpers/chain";

/**
 * Maker-checker approvals (ManualApprovalModule) through the console's API: the queue comes from the module's
 * TransferRequested events and getTransferStatus; a decision is checked on the server before signing (403 not a
 * transfer approver, 409 the requester itself) and recorded in the audit log after the chain confirms it.
 * Account 1 (officer) and account 2 (investor A) are transfer approvers of the asset; A requests, so A cannot decide.
 */
let chain: WebChain;
const w = (i: number) => chain.clients.wallets[i];
const pc = () => chain.clients.publicClient;
const addr = (i: number) => devAccount(i).address.toLowerCase() as Address;
let asset: { token: Address; compliance: Address };
let module: Address;

beforeAll(async () => {
  chain = await startWebChain();
  module = chain.deployments.modules.manualApproval as Address;
  asset = await deployAssetWithModules(
    w(0),
    pc(),
    chain.deployments,
    { name: "Approval Fund", symbol: "APF", decimals: 0, assetClass: 0, allowedCountries: [], maxHolders: 0n, maxBalance: 0n },
    [moduleSetups.manualApproval(chain.deployments.modules as never, [devAccount(1).address, devAccount(2).address])],
  );
  await mint(w(0), pc(), { token: asset.token, to: devAccount(2).address, amount: 10_000n });
});
afterAll(async () => {
  await chain?.stop();
});

for (const backend of backends()) {
  describe(`transfer approvals on ${backend.name}`, () => {
    let db: WebDatabase;
    let as: Browsers<"issuer" | "officer" | "requester" | "other">;
    // Each backend uses its own amounts (the chain is shared): the keys of the module's requests differ.
    const base = backend.name === "pglite" ? 100n : 200n;

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain, indexer: true });
      as = await db.signIn({ issuer: 0, officer: 1, requester: 2, other: 3 });
    });
    afterAll(async () => {
      await db?.stop();
    });

    const queue = async (b: Browser) => approvalsGET(b.request("/api/approvals"));
    const record = (b: Browser, txHash: Hash, reason: string) => approvalsPOST(b.request("/api/approvals", { method: "POST", body: { txHash, reason } }));
    const check = (b: Browser, body: Record<string, unknown>) => checkPOST(b.request("/api/approvals/check", { method: "POST", body }));
    const key = (amount: bigint) => ({ module, compliance: asset.compliance, from: devAccount(2).address, to: devAccount(3).address, amount });

    it("GET /api/approvals: 401 anonymous, 403 for wallets that neither oversee nor manage; officer and transfer approver see the asset", async () => {
      expect((await queue(as.anonymous)).status).toBe(401);
      expect((await queue(as.other)).status).toBe(403);
      expect((await queue(as.issuer)).status).toBe(403);
      const officer = (await (await queue(as.officer)).json()) as ApprovalListResponse;
      expect(officer.assets).toEqual([{ token: asset.token.toLowerCase(), symbol: "APF", compliance: asset.compliance.toLowerCase(), approver: true }]);
      const manager = (await (await queue(as.requester)).json()) as ApprovalListResponse;
      expect(manager.assets.map((a) => a.symbol)).toEqual(["APF"]);
    });

    it("a request is queued; the requester cannot decide on it (409), a non-manager cannot (403); another manager approves and the transfer uses it", async () => {
      const req = await requestTransfer(w(2), pc(), key(base));
      expect((await record(as.officer, req.hash, "not my transaction")).status).toBe(403);
      expect((await record(as.requester, req.hash, "Rebalancing to my second custodian")).status).toBe(200);
      let q = (await (await queue(as.officer)).json()) as ApprovalListResponse;
      expect(q.requests.find((r) => r.amount === String(base))).toMatchObject({
        token: asset.token.toLowerCase(),
        from: addr(2),
        to: addr(3),
        requested: 1,
        approved: 0,
        requestedTxHash: req.hash,
      });

      const decision = { token: asset.token, from: devAccount(2).address, to: devAccount(3).address, amount: String(base), decision: "approve" };
      expect((await check(as.anonymous, decision)).status).toBe(401);
      expect((await check(as.officer, { ...decision, amount: "-1" })).status).toBe(400);
      expect((await check(as.other, decision)).status).toBe(403);
      expect((await check(as.issuer, decision)).status).toBe(403);
      const self = await check(as.requester, decision);
      expect(self.status).toBe(409);
      expect(((await self.json()) as { error: { message: string } }).error.message).toMatch(/another transfer approver must decide/);
      expect((await check(as.officer, { ...decision, amount: String(base + 1n) })).status).toBe(409); // nothing pending
      expect((await check(as.officer, decision)).status).toBe(200);

      const ok = await approveTransfer(w(1), pc(), key(base));
      expect((await record(as.officer, ok.hash, "Custodian change verified")).status).toBe(200);
      q = (await (await queue(as.officer)).json()) as ApprovalListResponse;
      expect(q.requests.find((r) => r.amount === String(base))).toMatchObject({ requested: 0, approved: 1 });
      await transfer(w(2), pc(), { token: asset.token, to: devAccount(3).address, amount: base });
      q = (await (await queue(as.officer)).json()) as ApprovalListResponse;
      expect(q.requests.find((r) => r.amount === String(base))).toBeUndefined();
    });

    it("the requester's own rejection is not recorded (409); another manager's rejection is, with the reason", async () => {
      const selfReq = await requestTransfer(w(2), pc(), key(base + 1n));
      const selfReject = await rejectTransfer(w(2), pc(), key(base + 1n)); // the module allows it; the console does not
      const refused = await record(as.requester, selfReject.hash, "rejecting my own");
      expect(refused.status).toBe(409);
      const req = await requestTransfer(w(2), pc(), key(base + 2n));
      expect((await record(as.requester, req.hash, "Year-end gift")).status).toBe(200);
      const no = await rejectTransfer(w(1), pc(), key(base + 2n));
      expect((await record(as.officer, no.hash, "Recipient under review")).status).toBe(200);
      expect((await record(as.officer, no.hash, "again")).status).toBe(200); // idempotent
      expect(selfReq.hash).toBeTruthy();

      const log = (await (await auditGET(as.officer.request(`/api/audit?token=${asset.token}&sort=asc`))).json()) as AuditListResponse;
      expect(log.entries.map((e) => [e.action, e.actor, e.actorRole, e.subject, e.amount, e.reason])).toEqual([
        ["transfer-requested", addr(2), "investor", addr(2), String(base), "Rebalancing to my second custodian"],
        ["transfer-approved", addr(1), "transfer-approver", addr(2), String(base), "Custodian change verified"],
        ["transfer-requested", addr(2), "investor", addr(2), String(base + 2n), "Year-end gift"],
        ["transfer-rejected", addr(1), "transfer-approver", addr(2), String(base + 2n), "Recipient under review"],
      ]);
      expect(log.entries[1].details).toEqual({ to: addr(3), compliance: asset.compliance.toLowerCase() });
    });

    it("with the index behind the head, the session's transfer-approver hint still comes from the index as it stands (no wait, no refusal)", async () => {
      await db.indexer?.stop();
      await pc().request({ method: "anvil_mine", params: ["0x1"] } as never); // the index is now a block behind
      // The indexer is stopped on purpose: the answers are the same after any wait, so a short one (not 5 s per call).
      await withIndexWait(200, async () => {
        const s = await sessionGET(as.requester.request("/api/auth/session"));
        expect(s.status).toBe(200);
        expect(((await s.json()) as SessionResponse).session?.roles.transferApprover).toBe(true);
        // The queue itself is refused until the index catches up (never answered from a lagging index).
        const q = await queue(as.requester);
        expect(q.status).toBe(503);
      });
    });
  });
}
