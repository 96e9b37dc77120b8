import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityRegistryAbi, tokenAbi } from "@tessera/contracts";
import { backends } from "@tessera/db/testing";
import {
  burn,
  forcedTransfer,
  freezePartialTokens,
  mint,
  parseAmount,
  pause,
  recoverWallet,
  registerInvestor,
  setAddressFrozen,
  TesseraError,
  transfer,
  unfreezePartialTokens,
  unpause,
} from "@tessera/sdk";
import { GET as auditGET, POST as auditPOST } from "../app/api/audit/route";
import type { AuditEntryResponse, AuditListResponse } from "../lib/shared/api-types";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import { type Browser, devAccount } from "./helpers/chain";

let chain: WebChain;
const E18 = 10n ** 18n;

beforeAll(async () => {
  chain = await startWebChain();
});

afterAll(async () => {
  await chain?.stop();
});

const w = (i: number) => chain.clients.wallets[i];
const pc = () => chain.clients.publicClient;
const addr = (i: number) => devAccount(i).address;
const read = <T>(functionName: string, args: readonly unknown[] = []) =>
  pc().readContract({ address: chain.demo.token, abi: tokenAbi, functionName, args } as never) as Promise<T>;

/** Expects a TesseraError whose user text matches `text`. */
async function refused(p: Promise<unknown>, text: RegExp): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TesseraError);
  expect((err as TesseraError).message).toMatch(text);
}

describe("SDK agent operations against the demo token (account 0 is its agent)", () => {
  it("pauses and unpauses; a paused token refuses transfers in words; a non-agent is refused", async () => {
    const token = chain.demo.token;
    await refused(pause(w(2), pc(), { token }), /not an agent/);
    await pause(w(0), pc(), { token });
    expect(await read<boolean>("paused")).toBe(true);
    await refused(pause(w(0), pc(), { token }), /paused/);
    await refused(transfer(w(2), pc(), { token, to: addr(3), amount: E18 }), /the token is paused/);
    await unpause(w(0), pc(), { token });
    expect(await read<boolean>("paused")).toBe(false);
    await refused(unpause(w(0), pc(), { token }), /not paused/);
  });

  it("freezes a wallet and part of a balance; frozen tokens cannot move", async () => {
    const token = chain.demo.token;
    await setAddressFrozen(w(0), pc(), { token, wallet: addr(3), frozen: true });
    expect(await read<boolean>("isFrozen", [addr(3)])).toBe(true);
    await refused(transfer(w(3), pc(), { token, to: addr(2), amount: E18 }), /frozen/);
    await setAddressFrozen(w(0), pc(), { token, wallet: addr(3), frozen: false });

    await freezePartialTokens(w(0), pc(), { token, wallet: addr(3), amount: 4_000n * E18 });
    expect(await read<bigint>("getFrozenTokens", [addr(3)])).toBe(4_000n * E18);
    await refused(transfer(w(3), pc(), { token, to: addr(2), amount: 1_001n * E18 }), /available \(unfrozen\) balance/);
    await refused(freezePartialTokens(w(0), pc(), { token, wallet: addr(3), amount: 1_001n * E18 }), /cannot freeze more/);
    await refused(unfreezePartialTokens(w(0), pc(), { token, wallet: addr(3), amount: 4_001n * E18 }), /cannot unfreeze more/);
    await unfreezePartialTokens(w(0), pc(), { token, wallet: addr(3), amount: 4_000n * E18 });
    expect(await read<bigint>("getFrozenTokens", [addr(3)])).toBe(0n);
  });

  it("burns, forces a transfer to a verified wallet only, and recovers a lost wallet to one with the same identity", async () => {
    const token = chain.demo.token;
    const supply = await read<bigint>("totalSupply");
    await burn(w(0), pc(), { token, wallet: addr(3), amount: 1_000n * E18 });
    expect(await read<bigint>("totalSupply")).toBe(supply - 1_000n * E18);

    await refused(forcedTransfer(w(0), pc(), { token, from: addr(3), to: addr(5), amount: E18 }), /not verified/);
    await forcedTransfer(w(0), pc(), { token, from: addr(3), to: addr(4), amount: 500n * E18 });
    expect(await read<bigint>("balanceOf", [addr(4)])).toBe(500n * E18);

    // Account 4 loses its key; the officer registers account 6 with the same identity; the agent recovers.
    const identity = await pc().readContract({ address: chain.deployments.identityRegistry, abi: identityRegistryAbi, functionName: "identity", args: [addr(4)] });
    await refused(recoverWallet(w(0), pc(), { token, lostWallet: addr(4), newWallet: addr(6) }), /not registered with the investor's identity|not verified/);
    const block = await pc().getBlock();
    await registerInvestor(w(1), pc(), chain.deployments, { wallet: addr(6), country: 250, kycExpiresAt: block.timestamp + 86_400n, identity });
    const r = await recoverWallet(w(0), pc(), { token, lostWallet: addr(4), newWallet: addr(6) });
    expect(r.investorIdentity.toLowerCase()).toBe(identity.toLowerCase());
    expect(await read<bigint>("balanceOf", [addr(4)])).toBe(0n);
    expect(await read<bigint>("balanceOf", [addr(6)])).toBe(500n * E18);
  });
});

const postAudit = (b: Browser, body: unknown, origin?: string) => auditPOST(b.request("/api/audit", { method: "POST", body, origin }));
const getAudit = (b: Browser, qs: string) => auditGET(b.request(`/api/audit?${qs}`));
const errorCode = async (r: Response) => ((await r.json()) as { error: { code: string } }).error.code;

for (const backend of backends()) {
  describe(`audit log API on ${backend.name}: each route refuses each role it should`, () => {
    let db: WebDatabase;
    let as: Browsers<"issuer" | "officer" | "investor">;
    let pauseTx: `0x${string}`;
    let unpauseTx: `0x${string}`;
    let registerTx: `0x${string}`;
    let investorTransferTx: `0x${string}`;
    let exAgentTx: `0x${string}`;
    const newcomer = backend.name === "pglite" ? 7 : 9; // one chain for both backends: a wallet registers once

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain });
      as = await db.signIn({ issuer: 0, officer: 1, investor: 2 });
      const token = chain.demo.token;
      pauseTx = (await pause(w(0), pc(), { token })).hash;
      unpauseTx = (await unpause(w(0), pc(), { token })).hash;
      const block = await pc().getBlock();
      registerTx = (await registerInvestor(w(1), pc(), chain.deployments, { wallet: addr(newcomer), country: 840, kycExpiresAt: block.timestamp + 86_400n })).hash;
      investorTransferTx = (await transfer(w(2), pc(), { token, to: addr(3), amount: E18 })).hash;
      // Account 2 was an agent when it minted, and is not any more.
      const add = await w(0).writeContract({ address: token, abi: tokenAbi, functionName: "addAgent", args: [addr(2)], chain: w(0).chain });
      await pc().waitForTransactionReceipt({ hash: add });
      exAgentTx = (await mint(w(2), pc(), { token, to: addr(2), amount: parseAmount("1", 18) })).hash;
      const rm = await w(0).writeContract({ address: token, abi: tokenAbi, functionName: "removeAgent", args: [addr(2)], chain: w(0).chain });
      await pc().waitForTransactionReceipt({ hash: rm });
      // Only assets the platform knows (indexed) grant roles: index the demo asset.
      await db.waitForIndex();
    });

    afterAll(async () => {
      await db?.stop();
    });

    it("POST /api/audit: anonymous 401, another site 403, a reason is required (400)", async () => {
      expect((await postAudit(as.anonymous, { txHash: pauseTx, reason: "quarterly review" })).status).toBe(401);
      expect((await postAudit(as.issuer, { txHash: pauseTx, reason: "quarterly review" }, "http://evil.test")).status).toBe(403);
      const r = await postAudit(as.issuer, { txHash: pauseTx, reason: "" });
      expect(r.status).toBe(400);
    });

    it("POST /api/audit: the token agent records its pause; who, what, block and reason come from the chain", async () => {
      const r = await postAudit(as.issuer, { txHash: pauseTx, reason: "Corporate action: dividend record date" });
      expect(r.status).toBe(200);
      const { entry } = (await r.json()) as AuditEntryResponse;
      expect(entry).toMatchObject({
        actor: addr(0).toLowerCase(),
        actorRole: "token-agent",
        action: "pause",
        token: chain.demo.token.toLowerCase(),
        txHash: pauseTx,
        reason: "Corporate action: dividend record date",
      });
      expect(Number(entry.blockNumber)).toBeGreaterThan(0);
      // Idempotent: the same transaction again returns the same entry.
      const again = (await (await postAudit(as.issuer, { txHash: pauseTx, reason: "other" })).json()) as AuditEntryResponse;
      expect(again.entry.id).toBe(entry.id);
      expect(again.entry.reason).toBe("Corporate action: dividend record date");
      expect((await postAudit(as.issuer, { txHash: unpauseTx, reason: "Record date passed" })).status).toBe(200);
    });

    it("POST /api/audit: the compliance officer records a registration; the issuer cannot record the officer's transaction", async () => {
      const r = await postAudit(as.officer, { txHash: registerTx, reason: "KYC file 2026-117 approved" });
      expect(r.status).toBe(200);
      expect(((await r.json()) as AuditEntryResponse).entry).toMatchObject({
        actorRole: "compliance-officer",
        action: "register-investor",
        subject: addr(newcomer).toLowerCase(),
        details: { country: 840 },
      });
      const stolen = await postAudit(as.issuer, { txHash: registerTx, reason: "mine" });
      expect(stolen.status).toBe(403);
    });

    it("POST /api/audit: an investor is refused (403 for someone else's or a former agent's operation, 400 for a plain transfer)", async () => {
      expect((await postAudit(as.investor, { txHash: pauseTx, reason: "not mine" })).status).toBe(403);
      const exAgent = await postAudit(as.investor, { txHash: exAgentTx, reason: "I was an agent" });
      expect(exAgent.status).toBe(403);
      expect(await errorCode(exAgent)).toBe("FORBIDDEN");
      const plain = await postAudit(as.investor, { txHash: investorTransferTx, reason: "a transfer" });
      expect(plain.status).toBe(400);
      const unknown = await postAudit(as.investor, { txHash: `0x${"12".repeat(32)}`, reason: "nothing" });
      expect(unknown.status).toBe(400);
    });

    it("GET /api/audit: anonymous 401, investor 403, agent only with its token, officer everything", async () => {
      const token = chain.demo.token;
      expect((await getAudit(as.anonymous, "")).status).toBe(401);
      expect((await getAudit(as.investor, "")).status).toBe(403);
      expect((await getAudit(as.investor, `token=${token}`)).status).toBe(403);
      expect((await getAudit(as.issuer, "")).status).toBe(403);
      const agentView = (await (await getAudit(as.issuer, `token=${token}`)).json()) as AuditListResponse;
      expect(agentView.entries.map((e) => e.action)).toEqual(["unpause", "pause"]); // newest first
      const all = (await (await getAudit(as.officer, "")).json()) as AuditListResponse;
      expect(all.total).toBe(3);
      const asc = (await (await getAudit(as.officer, "sort=asc&pageSize=1&page=2")).json()) as AuditListResponse;
      expect(asc.entries.map((e) => e.action)).toEqual(["unpause"]);
      const filtered = (await (await getAudit(as.officer, `action=register-investor&subject=${addr(newcomer)}`)).json()) as AuditListResponse;
      expect(filtered.entries).toHaveLength(1);
      const today = new Date().toISOString().slice(0, 10);
      expect(((await (await getAudit(as.officer, `since=${today}&until=${today}`)).json()) as AuditListResponse).total).toBe(3);
      expect(((await (await getAudit(as.officer, "until=2000-01-01")).json()) as AuditListResponse).total).toBe(0);
    });

    it("GET /api/audit?format=csv exports the filtered log as CSV", async () => {
      const r = await getAudit(as.officer, "format=csv&sort=asc");
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(r.headers.get("content-disposition")).toMatch(/attachment; filename="audit-log.csv"/);
      const lines = (await r.text()).trim().split("\r\n");
      expect(lines[0]).toBe("time,actor,role,action,token,subject,amount,tx_hash,block,reason,details");
      expect(lines).toHaveLength(4);
      expect(lines[1]).toContain(",pause,");
      expect(lines[1]).toContain("Corporate action: dividend record date");
      expect((await getAudit(as.investor, "format=csv")).status).toBe(403);
    });
  });
}
