import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "@tessera/db/testing";
import { freezePartialTokens, parseAmount, setAddressFrozen, unfreezePartialTokens } from "@tessera/sdk";
import { grantRole } from "@tessera/sdk/suite";
import type { Hash } from "viem";
import { GET as auditGET, POST as auditPOST } from "../app/api/audit/route";
import { GET as freezesGET } from "../app/api/freezes/route";
import type { FreezeListResponse } from "../lib/compliance/types";
import type { AuditListResponse } from "../lib/shared/api-types";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import { type Browser, devAccount } from "./helpers/chain";

/**
 * Freezes from the compliance console: the list of frozen wallets and partly frozen amounts comes from the index (a
 * real indexer on the real chain); freezes are recorded in the audit log by a token agent or an AccessManager
 * FREEZER, not by anyone else.
 */
let chain: WebChain;
const w = (i: number) => chain.clients.wallets[i];
const pc = () => chain.clients.publicClient;
const addr = (i: number) => devAccount(i).address.toLowerCase() as `0x${string}`;

beforeAll(async () => {
  chain = await startWebChain();
});
afterAll(async () => {
  await chain?.stop();
});

for (const backend of backends()) {
  describe(`freezes on ${backend.name}`, () => {
    let db: WebDatabase;
    let as: Browsers<"issuer" | "officer" | "freezer" | "investor">;
    let tdf: `0x${string}`;

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain, indexer: true });
      tdf = chain.demo.token.toLowerCase() as `0x${string}`;
      as = await db.signIn({ issuer: 0, officer: 1, freezer: 6, investor: 2 });
    });
    afterAll(async () => {
      await db?.stop();
    });

    const list = async (b: Browser, qs: string) => freezesGET(b.request(`/api/freezes${qs}`));
    const record = (b: Browser, txHash: Hash, reason: string) => auditPOST(b.request("/api/audit", { method: "POST", body: { txHash, reason } }));

    it("GET /api/freezes: 401 anonymous, 403 investor and issuer without token, 400 bad token; agents see their token", async () => {
      expect((await list(as.anonymous, "")).status).toBe(401);
      expect((await list(as.investor, `?token=${tdf}`)).status).toBe(403);
      expect((await list(as.issuer, "")).status).toBe(403);
      expect((await list(as.officer, "?token=0x12")).status).toBe(400);
      const r = await list(as.issuer, `?token=${tdf}`);
      expect(r.status).toBe(200);
      expect((await r.json()) as FreezeListResponse).toMatchObject({ total: 0, freezes: [] });
      expect((await list(as.officer, "")).status).toBe(200);
    });

    it("freezes by the agent and by an AccessManager FREEZER are listed from the index and recorded with their reasons", async () => {
      const token = chain.demo.token;
      // Account 6 becomes a FREEZER of TDF through the asset's AccessManager (not a token agent).
      const manager = (await pc().readContract({
        address: token,
        abi: [{ type: "function", name: "authority", inputs: [], outputs: [{ type: "address" }], stateMutability: "view" }],
        functionName: "authority",
      })) as `0x${string}`;
      if (backend.name === "pglite") await grantRole(w(0), pc(), { accessManager: manager, role: "FREEZER", account: devAccount(6).address });

      const whole = await setAddressFrozen(w(6), pc(), { token, wallet: devAccount(3).address, frozen: true });
      expect((await record(as.investor, whole.hash, "not mine")).status).toBe(403);
      expect((await record(as.freezer, whole.hash, "Court order 17")).status).toBe(200);
      const part = await freezePartialTokens(w(0), pc(), { token, wallet: devAccount(2).address, amount: parseAmount("1500", 18) });
      expect((await record(as.officer, part.hash, "officer is not an agent")).status).toBe(403);
      expect((await record(as.issuer, part.hash, "Margin call")).status).toBe(200);
      const less = await unfreezePartialTokens(w(0), pc(), { token, wallet: devAccount(2).address, amount: parseAmount("500", 18) });
      expect((await record(as.issuer, less.hash, "Partial release")).status).toBe(200);
      await db.waitForIndex();

      const r = (await (await list(as.officer, `?token=${tdf}`)).json()) as FreezeListResponse;
      expect(r.total).toBe(2);
      const byWallet = Object.fromEntries(r.freezes.map((f) => [f.wallet, f]));
      expect(byWallet[addr(3)]).toMatchObject({ token: tdf, symbol: "TDF", decimals: 18, frozen: true, frozenAmount: "0", balance: parseAmount("5000", 18).toString() });
      expect(byWallet[addr(2)]).toMatchObject({ frozen: false, frozenAmount: parseAmount("1000", 18).toString() });
      expect((await list(as.freezer, `?token=${tdf}`)).status).toBe(200);

      // Unfrozen again: leaves the list.
      const thaw = await setAddressFrozen(w(0), pc(), { token, wallet: devAccount(3).address, frozen: false });
      expect((await record(as.issuer, thaw.hash, "Order lifted")).status).toBe(200);
      const rest = await unfreezePartialTokens(w(0), pc(), { token, wallet: devAccount(2).address, amount: parseAmount("1000", 18) });
      expect((await record(as.issuer, rest.hash, "Margin restored")).status).toBe(200);
      await db.waitForIndex();
      expect(((await (await list(as.officer, "")).json()) as FreezeListResponse).total).toBe(0);

      const log = (await (await auditGET(as.officer.request(`/api/audit?token=${tdf}&sort=asc`))).json()) as AuditListResponse;
      expect(log.entries.map((e) => [e.action, e.actor, e.subject, e.amount, e.reason])).toEqual([
        ["freeze", addr(6), addr(3), null, "Court order 17"],
        ["freeze-partial", addr(0), addr(2), parseAmount("1500", 18).toString(), "Margin call"],
        ["unfreeze-partial", addr(0), addr(2), parseAmount("500", 18).toString(), "Partial release"],
        ["unfreeze", addr(0), addr(3), null, "Order lifted"],
        ["unfreeze-partial", addr(0), addr(2), parseAmount("1000", 18).toString(), "Margin restored"],
      ]);
    });
  });
}
