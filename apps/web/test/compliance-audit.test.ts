import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "@tessera/db/testing";
import { GET as auditGET } from "../app/api/audit/route";
import { AUDIT_CSV_HEADER } from "../lib/audit/list-audit-entries";
import { getPrisma } from "../lib/db/prisma";
import type { AuditListResponse } from "../lib/shared/api-types";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import { type Browser, devAccount } from "./helpers/chain";

/**
 * The audit log's reading side: who may read what (officers everything, a token's agents that token), the server-side
 * filters (actor, action, asset, affected wallet, date range), 400 on bad filters, and the CSV export of the same rows.
 */
let chain: WebChain;
const addr = (i: number) => devAccount(i).address.toLowerCase();

beforeAll(async () => {
  chain = await startWebChain();
});
afterAll(async () => {
  await chain?.stop();
});

for (const backend of backends()) {
  describe(`audit log reading on ${backend.name}`, () => {
    let db: WebDatabase;
    let as: Browsers<"issuer" | "officer" | "investor">;
    let tdf: string;
    const other = "0x00000000000000000000000000000000000000aa";

    beforeAll(async () => {
      // Only assets the platform knows (indexed) grant token roles: index the demo asset.
      db = await startWebDatabase(backend, { chain, indexer: true });
      as = await db.signIn({ issuer: 0, officer: 1, investor: 2 });
      tdf = chain.demo.token.toLowerCase();
      // Written as the web app writes them (the POST routes are tested in the feature tests).
      const row = (createdAt: string, actor: number, actorRole: string, action: string, token: string | null, subject: number | null, reason: string, n: number) => ({
        chainId: 31337,
        createdAt: new Date(createdAt),
        actor: addr(actor),
        actorRole,
        action,
        token,
        subject: subject === null ? null : addr(subject),
        amount: action === "freeze-partial" ? "1500" : null,
        txHash: `0x${n.toString(16).padStart(64, "0")}`,
        blockNumber: BigInt(n),
        reason,
      });
      await getPrisma().auditEntry.createMany({
        data: [
          row("2026-01-10T09:00:00Z", 1, "compliance-officer", "register-investor", null, 5, "KYC file 1", 1),
          row("2026-01-15T12:00:00Z", 0, "token-agent", "freeze-partial", tdf, 2, "Margin call", 2),
          row("2026-01-31T23:59:00Z", 0, "token-agent", "freeze", tdf, 3, "=HYPERLINK(\"x\")", 3),
          row("2026-02-01T00:00:00Z", 0, "token-agent", "pause", other, null, "Other asset", 4),
          row("2026-02-02T08:00:00Z", 1, "compliance-officer", "delete-identity", null, 5, "Left the fund", 5),
        ],
      });
    });
    afterAll(async () => {
      await db?.stop();
    });

    const get = async (b: Browser, qs: string) => auditGET(b.request(`/api/audit${qs}`));
    const reasons = async (qs: string) => ((await (await get(as.officer, qs)).json()) as AuditListResponse).entries.map((e) => e.reason);

    it("401 anonymous, 403 investor and an agent without its token; the agent reads its token's entries only", async () => {
      expect((await get(as.anonymous, "")).status).toBe(401);
      expect((await get(as.investor, "")).status).toBe(403);
      expect((await get(as.investor, `?token=${tdf}`)).status).toBe(403);
      expect((await get(as.issuer, "")).status).toBe(403);
      const r = (await (await get(as.issuer, `?token=${tdf}`)).json()) as AuditListResponse;
      expect(r.entries.map((e) => e.action)).toEqual(["freeze", "freeze-partial"]);
      expect((await get(as.officer, "")).status).toBe(200);
    });

    it("filters on the server by actor, action, asset, affected wallet and date range (whole days, UTC); newest first", async () => {
      expect(await reasons("")).toEqual(["Left the fund", "Other asset", '=HYPERLINK("x")', "Margin call", "KYC file 1"]);
      expect(await reasons(`?actor=${devAccount(1).address}`)).toEqual(["Left the fund", "KYC file 1"]);
      expect(await reasons("?action=freeze-partial")).toEqual(["Margin call"]);
      expect(await reasons(`?token=${other}`)).toEqual(["Other asset"]);
      expect(await reasons(`?subject=${addr(5)}&sort=asc`)).toEqual(["KYC file 1", "Left the fund"]);
      expect(await reasons("?since=2026-01-15&until=2026-01-31")).toEqual(['=HYPERLINK("x")', "Margin call"]);
      expect(await reasons(`?since=2026-01-01&until=2026-01-31&actor=${addr(0)}&token=${tdf}&action=freeze`)).toEqual(['=HYPERLINK("x")']);
      const page = (await (await get(as.officer, "?page=2&pageSize=2")).json()) as AuditListResponse;
      expect([page.total, page.entries.map((e) => e.reason)]).toEqual([5, ['=HYPERLINK("x")', "Margin call"]]);
    });

    it("400 on bad filters: a start after the end, a malformed actor, an unknown action shape, a bad date", async () => {
      for (const qs of ["?since=2026-02-01&until=2026-01-01", "?actor=0x12", "?action=DROP TABLE", "?since=yesterday", "?pageSize=501"]) {
        const r = await get(as.officer, qs);
        expect(r.status, qs).toBe(400);
        expect(((await r.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
      }
      expect((await get(as.officer, "?since=2026-02-01&until=2026-01-01&format=csv")).status).toBe(400);
    });

    it("CSV export: the same filtered rows, every column, formulas neutralized", async () => {
      const r = await get(as.officer, `?format=csv&token=${tdf}&sort=asc`);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/text\/csv/);
      expect(r.headers.get("content-disposition")).toBe(`attachment; filename="audit-log-${tdf}.csv"`);
      const lines = (await r.text()).trim().split("\r\n");
      expect(lines[0]).toBe(AUDIT_CSV_HEADER.join(","));
      expect(lines).toHaveLength(3);
      expect(lines[1]).toBe(`2026-01-15T12:00:00.000Z,${addr(0)},token-agent,freeze-partial,${tdf},${addr(2)},1500,0x${"2".padStart(64, "0")},2,Margin call,`);
      expect(lines[2]).toContain(`,"'=HYPERLINK(""x"")",`);
      expect((await get(as.investor, "?format=csv")).status).toBe(403);
    });
  });
}
