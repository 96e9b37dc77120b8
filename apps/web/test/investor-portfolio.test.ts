import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "@tessera/db/testing";
import { mint } from "@tessera/sdk";
import { deployAssetWithModules, moduleSetups } from "@tessera/sdk/suite";
import { GET as navGET, POST as navPOST } from "../app/api/assets/[token]/nav/route";
import { GET as auditGET } from "../app/api/audit/route";
import { GET as portfolioGET } from "../app/api/portfolio/route";
import type { NavHistoryResponse, NavResponse, PortfolioResponse } from "../lib/investor/types";
import { positionValue } from "../lib/nav/asset-nav";
import type { AuditListResponse } from "../lib/shared/api-types";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import { type Browser, devAccount } from "./helpers/chain";

/**
 * Portfolio across assets (issue 5, investor part 1): NAV statements by the token's issuer/agents (history, audit
 * log), and the signed-in investor's positions with balance, frozen amount, value at the current NAV, lock-up end
 * dates read from the LockUpModule, and totals per currency. Real anvil, real indexer, PGlite (and PostgreSQL).
 */
let chain: WebChain;
let lockFund: { token: `0x${string}`; compliance: `0x${string}`; mintedAt: bigint };
const LOCK_SECONDS = 30n * 86_400n;

beforeAll(async () => {
  chain = await startWebChain();
  // A second asset with a 30-day lock-up per issuance: 250.00 LGF (2 decimals) to Investor A (account 2).
  const { wallets, publicClient } = chain.clients;
  const lockUp = moduleSetups.lockUp(chain.deployments.modules as never, LOCK_SECONDS);
  const d = await deployAssetWithModules(wallets[0], publicClient, chain.deployments, {
    name: "Lock-up Growth Fund", symbol: "LGF", decimals: 2, assetClass: 0, allowedCountries: [], maxHolders: 0n, maxBalance: 0n,
  }, [lockUp]);
  const m = await mint(wallets[0], publicClient, { token: d.token, to: devAccount(2).address, amount: 25_000n });
  const block = await publicClient.getBlock({ blockNumber: m.receipt.blockNumber });
  lockFund = { token: d.token, compliance: d.compliance, mintedAt: block.timestamp };
});
afterAll(async () => {
  await chain?.stop();
});

const ctx = (token: string) => ({ params: Promise.resolve({ token }) });
const today = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe("positionValue: balance × NAV per whole token, exact, half-up to cents", () => {
  it("scales by decimals and rounds half up", () => {
    expect(positionValue(10_000n * 10n ** 18n, 18, "1.2345")).toBe("12345.00");
    expect(positionValue(25_000n, 2, "10.5")).toBe("2625.00");
    expect(positionValue(1n, 0, "0.005")).toBe("0.01");
    expect(positionValue(1n, 0, "0.004999999999999999")).toBe("0.00");
    expect(positionValue(3n, 1, "99999999999999999999.999999999999999999")).toBe("30000000000000000000.00");
  });
});

for (const backend of backends()) {
  describe(`NAV and portfolio on ${backend.name}`, () => {
    let db: WebDatabase;
    let as: Browsers<"issuer" | "investorA" | "investorB">;
    let tdf: `0x${string}`;

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain, indexer: true });
      tdf = chain.demo.token.toLowerCase() as `0x${string}`;
      as = await db.signIn({ issuer: 0, investorA: 2, investorB: 3 });
    });
    afterAll(async () => {
      await db?.stop();
    });

    const post = (b: Browser, token: string, body: unknown, origin?: string) =>
      navPOST(b.request(`/api/assets/${token}/nav`, { method: "POST", body, origin }), ctx(token));
    const history = async (b: Browser, token: string, qs = "") => navGET(b.request(`/api/assets/${token}/nav${qs}`), ctx(token));

    it("POST nav: anonymous 401, investor 403, another site 403, bad input 400 with nothing written", async () => {
      const body = { navPerUnit: "1.2345", currency: "usd", valuationDate: today };
      expect((await post(as.anonymous, tdf, body)).status).toBe(401);
      expect((await post(as.investorA, tdf, body)).status).toBe(403);
      expect((await post(as.issuer, tdf, body, "http://evil.test")).status).toBe(403);
      for (const bad of [
        { ...body, navPerUnit: "-1" },
        { ...body, navPerUnit: "0" },
        { ...body, navPerUnit: "1.1234567890123456789" },
        { ...body, currency: "US" },
        { ...body, valuationDate: "2026-02-30" },
        { ...body, valuationDate: "2999-01-01" },
        {},
      ]) {
        const r = await post(as.issuer, tdf, bad);
        expect(r.status, JSON.stringify(bad)).toBe(400);
        expect(((await r.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
      }
      // An address the platform's factory never deployed grants no role and is no asset: 404.
      expect((await post(as.issuer, "0x00000000000000000000000000000000000000aa", body)).status).toBe(404);
      expect((await post(as.issuer, "not-an-address", body)).status).toBe(400);
      const h = (await (await history(as.issuer, tdf)).json()) as NavHistoryResponse;
      expect(h).toMatchObject({ total: 0, current: null, history: [] });
    });

    it("POST nav: the issuer states NAVs (history kept, newest valuation date is current) and each is in the audit log", async () => {
      const r1 = await post(as.issuer, tdf, { navPerUnit: "1.2345", currency: "usd", valuationDate: today, note: "Q4 valuation" });
      expect(r1.status).toBe(200);
      expect(((await r1.json()) as NavResponse).nav).toMatchObject({ navPerUnit: "1.2345", currency: "USD", valuationDate: today, setBy: devAccount(0).address.toLowerCase() });
      // Entered later but valued earlier: history, not the current NAV.
      expect((await post(as.issuer, tdf, { navPerUnit: "1.10", currency: "USD", valuationDate: daysAgo(90) })).status).toBe(200);
      expect((await post(as.issuer, lockFund.token, { navPerUnit: "10.5", currency: "EUR", valuationDate: daysAgo(1) })).status).toBe(200);

      expect((await history(as.anonymous, tdf)).status).toBe(401);
      expect((await history(as.investorA, tdf, "?pageSize=0")).status).toBe(400);
      expect((await history(as.investorA, "0x00000000000000000000000000000000000000aa")).status).toBe(404);
      const h = (await (await history(as.investorA, tdf)).json()) as NavHistoryResponse;
      expect(h.total).toBe(2);
      expect(h.current).toMatchObject({ navPerUnit: "1.2345", valuationDate: today, note: "Q4 valuation" });
      expect(h.history.map((n) => [n.navPerUnit, n.valuationDate])).toEqual([["1.2345", today], ["1.1", daysAgo(90)]]);
      const page2 = (await (await history(as.investorA, tdf, "?page=2&pageSize=1")).json()) as NavHistoryResponse;
      expect(page2.history.map((n) => n.navPerUnit)).toEqual(["1.1"]);
      expect(page2.current?.navPerUnit).toBe("1.2345");

      const audit = (await (await auditGET(as.issuer.request(`/api/audit?token=${tdf}&action=set-nav&sort=asc`))).json()) as AuditListResponse;
      expect(audit.entries.map((e) => [e.action, e.actor, e.reason])).toEqual([
        ["set-nav", devAccount(0).address.toLowerCase(), "Q4 valuation"],
        ["set-nav", devAccount(0).address.toLowerCase(), `NAV 1.10 USD per TDF as of ${daysAgo(90)}`],
      ]);
    });

    it("GET portfolio: 401 without a session; each investor sees their own positions, values, lock-ups and totals", async () => {
      expect((await portfolioGET(as.anonymous.request("/api/portfolio"))).status).toBe(401);
      const a = (await (await portfolioGET(as.investorA.request("/api/portfolio"))).json()) as PortfolioResponse;
      expect(a.wallet).toBe(devAccount(2).address.toLowerCase());
      const bySymbol = Object.fromEntries(a.positions.map((p) => [p.symbol, p]));
      expect(bySymbol.TDF).toMatchObject({
        balance: (10_000n * 10n ** 18n).toString(), frozen: false, frozenAmount: "0",
        nav: { navPerUnit: "1.2345", currency: "USD", valuationDate: today }, value: "12345.00", lockUp: null,
      });
      // Locked until the UTC midnight after mint time + 30 days.
      const unlocksAt = ((lockFund.mintedAt + LOCK_SECONDS + 86_399n) / 86_400n) * 86_400n;
      expect(bySymbol.LGF).toMatchObject({
        balance: "25000", nav: { navPerUnit: "10.5", currency: "EUR" }, value: "2625.00",
        lockUp: { locked: "25000", lots: [{ amount: "25000", unlocksAt: unlocksAt.toString() }] },
      });
      expect(a.totals).toEqual([{ currency: "USD", value: "12345.00" }, { currency: "EUR", value: "2625.00" }]);
      expect(a.unvalued).toBe(0);

      const b = (await (await portfolioGET(as.investorB.request("/api/portfolio"))).json()) as PortfolioResponse;
      expect(b.positions.map((p) => [p.symbol, p.value])).toEqual([["TDF", "6172.50"]]);
      expect(b.totals).toEqual([{ currency: "USD", value: "6172.50" }]);
    });
  });
}
