import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@tessera/db";
import { backends } from "@tessera/db/testing";
import { GET as capTableGET } from "../app/api/assets/[token]/cap-table/route";
import { GET as ownershipGET } from "../app/api/assets/[token]/ownership/route";
import { GET as investorsGET } from "../app/api/investors/route";
import { GET as holdingsGET } from "../app/api/holdings/route";
import { grantRole } from "@tessera/sdk/suite";
import { getCapTable, getOwnership } from "../lib/assets/get-cap-table";
import { listInvestors } from "../lib/compliance/list-investors";
import type { CapTableResponse, HoldingsResponse, InvestorListResponse, OwnershipResponse } from "../lib/shared/api-types";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import { type Browser, devAccount } from "./helpers/chain";

const TOKEN = "0x00000000000000000000000000000000000000a1";
const REGISTRY = "0x00000000000000000000000000000000000000b1";
const ZERO = "0x0000000000000000000000000000000000000000";
const A = "0x00000000000000000000000000000000000000c1"; // US, KYC far
const B = "0x00000000000000000000000000000000000000c2"; // UK, KYC earlier
const C = "0x00000000000000000000000000000000000000c3"; // not registered
const D = "0x00000000000000000000000000000000000000c4"; // France, KYC ends within 30 days, no holding
const E = "0x00000000000000000000000000000000000000c5"; // Germany, KYC expired, no holding
const day = (d: string) => new Date(`${d}T12:00:00Z`);

/**
 * Transfers: block 10 mint A 100 (Jan 1), 11 mint B 50 (Jan 1), 20 A→C 30 (Jan 2), 30 burn B 50 (Jan 3), 31 mint B 5 (Jan 3).
 * Now: A 70, C 30 (10 frozen), B 5; supply 105.
 */
async function seed(url: string): Promise<void> {
  const prisma = createPrisma(url);
  try {
    await prisma.asset.create({
      data: {
        chainId: 31337, token: TOKEN, issuer: A, compliance: "0x00000000000000000000000000000000000000d1", identityRegistry: REGISTRY,
        name: "Record Date Fund", symbol: "RDF", decimals: 0, assetClass: 0, totalSupply: "105", holderCount: 3,
        allowedCountries: [], maxHolders: "0", maxBalance: "0", deployedBlock: 5n, deployedTxHash: "0x" + "ab".repeat(32), deployedAt: day("2026-01-01"),
      },
    });
    await prisma.investor.createMany({
      data: [
        { chainId: 31337, identityRegistry: REGISTRY, wallet: A, identity: "0x" + "01".repeat(20), country: 840, kycExpiresAt: 2_000_000_000n, registeredBlock: 3n, updatedBlock: 3n },
        { chainId: 31337, identityRegistry: REGISTRY, wallet: B, identity: "0x" + "02".repeat(20), country: 826, kycExpiresAt: 1_900_000_000n, registeredBlock: 4n, updatedBlock: 4n },
        // No holdings: KYC ends in 10 days (a warning), and one whose KYC has lapsed.
        { chainId: 31337, identityRegistry: REGISTRY, wallet: D, identity: "0x" + "04".repeat(20), country: 250, kycExpiresAt: BigInt(Math.floor(Date.now() / 1000) + 10 * 86_400), registeredBlock: 6n, updatedBlock: 6n },
        { chainId: 31337, identityRegistry: REGISTRY, wallet: E, identity: "0x" + "05".repeat(20), country: 276, kycExpiresAt: 1_000n, registeredBlock: 7n, updatedBlock: 7n },
      ],
    });
    const t = (blockNumber: bigint, from: string, to: string, amount: string, kind: "mint" | "burn" | "transfer", d: string) => ({
      chainId: 31337, blockNumber, logIndex: 0, txHash: "0x" + blockNumber.toString(16).padStart(64, "0"), token: TOKEN, from, to, amount, kind, blockTime: day(d),
    });
    await prisma.transfer.createMany({
      data: [
        t(10n, ZERO, A, "100", "mint", "2026-01-01"),
        t(11n, ZERO, B, "50", "mint", "2026-01-01"),
        t(20n, A, C, "30", "transfer", "2026-01-02"),
        t(30n, B, ZERO, "50", "burn", "2026-01-03"),
        t(31n, ZERO, B, "5", "mint", "2026-01-03"),
      ],
    });
    await prisma.holding.createMany({
      data: [
        { chainId: 31337, token: TOKEN, wallet: A, balance: "70", firstAcquiredBlock: 10n, updatedBlock: 20n },
        { chainId: 31337, token: TOKEN, wallet: B, balance: "5", firstAcquiredBlock: 31n, updatedBlock: 31n },
        { chainId: 31337, token: TOKEN, wallet: C, balance: "30", frozenAmount: "10", firstAcquiredBlock: 20n, updatedBlock: 20n },
      ],
    });
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * The demo token TDF of the test chain, indexed here with no holders, and its roles as the chain holds them (the
 * routes read roles from the index): account 0 its agent and ADMIN, account 6 a FREEZER of its AccessManager
 * `manager`; the index's cursor past the chain head (the routes wait until the index has reached the head).
 */
async function seedDemoAsset(url: string, token: string, manager: string): Promise<void> {
  const prisma = createPrisma(url);
  try {
    await prisma.asset.create({
      data: {
        chainId: 31337, token, issuer: devAccount(0).address.toLowerCase(), compliance: "0x00000000000000000000000000000000000000d2", identityRegistry: REGISTRY,
        name: "Tessera Demo Fund", symbol: "TDF", decimals: 18, assetClass: 0, totalSupply: "0", holderCount: 0,
        allowedCountries: [], maxHolders: "0", maxBalance: "0", deployedBlock: 1n, deployedTxHash: "0x" + "cd".repeat(32), deployedAt: day("2026-01-01"),
        accessManager: manager.toLowerCase(),
      },
    });
    await prisma.assetAgent.create({ data: { chainId: 31337, token, agent: devAccount(0).address.toLowerCase(), active: true, updatedBlock: 1n } });
    const member = (roleId: number, account: string) => ({
      chainId: 31337, accessManager: manager.toLowerCase(), roleId, account: account.toLowerCase(), token, active: true, since: 1n, executionDelay: 0n, grantedBlock: 1n, updatedBlock: 1n,
    });
    await prisma.roleMember.createMany({ data: [member(0, devAccount(0).address), member(2, devAccount(6).address)] });
    await prisma.indexerCursor.create({ data: { chainId: 31337, lastBlock: 1_000_000n, lastBlockHash: "0x" + "ee".repeat(32) } });
  } finally {
    await prisma.$disconnect();
  }
}

let chain: WebChain;
let manager: `0x${string}`;

/**
 * Roles come from a real chain (and are seeded into the index as they are there): account 0 is the agent and owner of the demo token TDF, account 1 a compliance
 * officer, account 2 an investor, account 6 holds only an AccessManager role (FREEZER) of TDF. The fake asset RDF
 * (no contract at its address) has no agent, so only the officer reads it.
 */
beforeAll(async () => {
  chain = await startWebChain();
  const { publicClient, wallets } = chain.clients;
  manager = (await publicClient.readContract({
    address: chain.demo.token,
    abi: [{ type: "function", name: "authority", inputs: [], outputs: [{ type: "address" }], stateMutability: "view" }],
    functionName: "authority",
  })) as `0x${string}`;
  await grantRole(wallets[0], publicClient, { accessManager: manager, role: "FREEZER", account: devAccount(6).address });
});
afterAll(async () => {
  await chain?.stop();
});

const wallets = (r: CapTableResponse) => r.holders.map((h) => h.wallet);
const get = (qs: Record<string, unknown>) => getCapTable(TOKEN, { page: 1, pageSize: 50, ...qs } as never);

for (const backend of backends()) {
  describe(`cap table on ${backend.name}: server-side sort, filter, record date, CSV, ownership`, () => {
    let db: WebDatabase;
    let tdf: `0x${string}`;
    let as: Browsers<"issuer" | "officer" | "investor" | "freezer">;
    beforeAll(async () => {
      tdf = chain.demo.token.toLowerCase() as `0x${string}`;
      db = await startWebDatabase(backend, {
        chain,
        seed: async (url) => {
          await seed(url);
          await seedDemoAsset(url, tdf, manager);
        },
      });
      as = await db.signIn({ issuer: 0, officer: 1, investor: 2, freezer: 6 });
    });
    afterAll(async () => {
      await db?.stop();
    });

    const capTable = (b: Browser, token: string, qs = "") =>
      capTableGET(b.request(`/api/assets/${token}/cap-table${qs}`), { params: Promise.resolve({ token: token }) });
    const ownership = (b: Browser, token: string, qs = "") =>
      ownershipGET(b.request(`/api/assets/${token}/ownership${qs}`), { params: Promise.resolve({ token: token }) });

    it("GET cap-table (JSON and CSV): 401 anonymous, 403 investor; the agent/owner, an AccessManager role holder and the officer read it", async () => {
      for (const qs of ["", "?format=csv"]) {
        expect((await capTable(as.anonymous, tdf, qs)).status).toBe(401);
        expect((await capTable(as.investor, tdf, qs)).status).toBe(403);
        expect((await capTable(as.issuer, TOKEN, qs)).status).toBe(403); // not a role holder of RDF
        expect((await capTable(as.freezer, TOKEN, qs)).status).toBe(403);
        for (const who of [as.issuer, as.freezer, as.officer]) expect((await capTable(who, tdf, qs)).status).toBe(200);
        expect((await capTable(as.officer, TOKEN, qs)).status).toBe(200);
      }
      const body = (await (await capTable(as.anonymous, tdf)).json()) as { error: { code: string } };
      expect(body.error.code).toBe("UNAUTHENTICATED");
      expect(((await (await capTable(as.investor, tdf)).json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
      expect(((await (await capTable(as.issuer, tdf)).json()) as CapTableResponse).holders).toEqual([]);
    });

    it("GET ownership: 401 anonymous, 403 investor; the agent/owner, an AccessManager role holder and the officer read it", async () => {
      expect((await ownership(as.anonymous, tdf)).status).toBe(401);
      expect((await ownership(as.investor, tdf)).status).toBe(403);
      expect((await ownership(as.issuer, TOKEN)).status).toBe(403);
      for (const who of [as.issuer, as.freezer, as.officer]) expect((await ownership(who, tdf)).status).toBe(200);
      expect((await ownership(as.officer, TOKEN)).status).toBe(200);
    });

    it("GET /api/investors (JSON and CSV): 401 anonymous, 403 issuer and investor, 200 the compliance officer", async () => {
      for (const qs of ["", "?format=csv"]) {
        expect((await investorsGET(as.anonymous.request(`/api/investors${qs}`))).status).toBe(401);
        expect((await investorsGET(as.issuer.request(`/api/investors${qs}`))).status).toBe(403);
        expect((await investorsGET(as.investor.request(`/api/investors${qs}`))).status).toBe(403);
        expect((await investorsGET(as.freezer.request(`/api/investors${qs}`))).status).toBe(403);
        expect((await investorsGET(as.officer.request(`/api/investors${qs}`))).status).toBe(200);
      }
      expect(((await (await investorsGET(as.officer.request("/api/investors"))).json()) as InvestorListResponse).total).toBe(4);
    });

    it("GET /api/holdings: 401 anonymous, 403 another wallet's, 200 one's own; the officer reads anyone's", async () => {
      const holdings = (b: Browser, wallet: string) => holdingsGET(b.request(`/api/holdings?wallet=${wallet}`));
      const investor = devAccount(2).address;
      expect((await holdings(as.anonymous, investor)).status).toBe(401);
      expect((await holdings(as.issuer, investor)).status).toBe(403);
      expect((await holdings(as.investor, devAccount(3).address)).status).toBe(403);
      expect((await holdings(as.investor, A)).status).toBe(403);
      const own = await holdings(as.investor, investor);
      expect(own.status).toBe(200);
      expect(((await own.json()) as HoldingsResponse).holdings).toEqual([]);
      const officer = await holdings(as.officer, A);
      expect(officer.status).toBe(200);
      expect(((await officer.json()) as HoldingsResponse).holdings.map((h) => [h.symbol, h.balance])).toEqual([["RDF", "70"]]);
      expect((await holdings(as.officer, "0x12")).status).toBe(400);
    });

    it("sorts on the server by balance, wallet, country (unregistered last), KYC expiry and first acquisition", async () => {
      expect(wallets(await get({}))).toEqual([A, C, B]);
      expect(wallets(await get({ dir: "asc" }))).toEqual([B, C, A]);
      expect(wallets(await get({ sort: "wallet" }))).toEqual([A, B, C]);
      expect(wallets(await get({ sort: "country" }))).toEqual([B, A, C]);
      expect(wallets(await get({ sort: "country", dir: "desc" }))).toEqual([A, B, C]); // nulls last either way
      expect(wallets(await get({ sort: "kycExpiresAt" }))).toEqual([B, A, C]);
      expect(wallets(await get({ sort: "firstAcquiredBlock", dir: "desc" }))).toEqual([B, C, A]);
      const page2 = await get({ sort: "wallet", page: 2, pageSize: 2 });
      expect(wallets(page2)).toEqual([C]);
      expect(page2.total).toBe(3);
    });

    it("filters by part of a wallet, by country (0 = not registered) and by freeze state; % stays of the whole supply", async () => {
      expect(wallets(await get({ q: "c3" }))).toEqual([C]);
      const us = await get({ country: 840 });
      expect(wallets(us)).toEqual([A]);
      expect(us.holders[0]).toMatchObject({ sharePercent: "66.6667", kycExpiresAt: "2000000000", firstAcquiredBlock: "10", frozen: false });
      expect(wallets(await get({ country: 0 }))).toEqual([C]);
      expect(wallets(await get({ frozen: "partly" }))).toEqual([C]);
      expect(wallets(await get({ frozen: "none" }))).toEqual([A, B]);
      expect(wallets(await get({ frozen: "frozen" }))).toEqual([]);
    });

    it("rebuilds the cap table as of a past block from the transfers", async () => {
      const b11 = await get({ asOfBlock: 11n });
      expect(b11.asOf).toEqual({ block: "11", date: null });
      expect(b11.totalSupply).toBe("150");
      expect(b11.holders.map((h) => [h.wallet, h.balance, h.sharePercent, h.frozen])).toEqual([
        [A, "100", "66.6667", null],
        [B, "50", "33.3333", null],
      ]);
      const b20 = await get({ asOfBlock: 20n });
      expect(b20.holders.map((h) => [h.wallet, h.balance])).toEqual([[A, "70"], [B, "50"], [C, "30"]]);
      expect(b20.holderCount).toBe(3);
      const b30 = await get({ asOfBlock: 30n });
      expect(b30.holders.map((h) => [h.wallet, h.balance])).toEqual([[A, "70"], [C, "30"]]); // B burned everything
      expect(b30.totalSupply).toBe("100");
      expect((await get({ asOfBlock: 99n })).holders.map((h) => h.balance)).toEqual(["70", "30", "5"]); // = now
      expect((await get({ asOfBlock: 11n, country: 826 })).holders.map((h) => h.wallet)).toEqual([B]);
    });

    it("takes a record date as the end of that day (UTC)", async () => {
      const jan2 = await get({ asOfDate: "2026-01-02" });
      expect(jan2.asOf).toEqual({ block: "20", date: "2026-01-02" });
      expect(wallets(jan2)).toEqual([A, B, C]);
      const before = await get({ asOfDate: "2025-12-31" });
      expect(before.asOf).toEqual({ block: null, date: "2025-12-31" });
      expect(before.holders).toEqual([]);
    });

    it("exports every matching holder as CSV through the route, live and at a record date", async () => {
      const res = await capTable(as.officer, TOKEN, "?format=csv&sort=wallet");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="cap-table-RDF.csv"');
      const lines = (await res.text()).trim().split("\r\n");
      expect(lines).toEqual([
        "wallet,balance_base_units,balance,share_percent,country,kyc_expires_at,first_acquired_block,frozen,frozen_base_units,locked_base_units,pending_subscription_base_units,pending_redemption_base_units",
        `${A},70,70,66.6667,840,2033-05-18T03:33:20.000Z,10,no,0,0,0,0`,
        `${B},5,5,4.7619,826,2030-03-17T17:46:40.000Z,31,no,0,0,0,0`,
        `${C},30,30,28.5714,,,20,partly,10,0,0,0`,
      ]);
      const past = await capTable(as.officer, TOKEN, "?format=csv&asOfBlock=11");
      expect(past.headers.get("content-disposition")).toBe('attachment; filename="cap-table-RDF-block-11.csv"');
      expect((await past.text()).trim().split("\r\n")).toHaveLength(3);
      const bad = await capTable(as.officer, TOKEN, "?sort=nonsense");
      expect(bad.status).toBe(400);
    });

    it("summarizes ownership by holder and by country, now and at a record date", async () => {
      const now = await getOwnership(TOKEN, {});
      expect(now.byHolder.map((h) => [h.wallet, h.balance])).toEqual([[A, "70"], [C, "30"], [B, "5"]]);
      expect(now.byCountry).toEqual([
        { country: 840, balance: "70", sharePercent: "66.6667", holders: 1 },
        { country: null, balance: "30", sharePercent: "28.5714", holders: 1 },
        { country: 826, balance: "5", sharePercent: "4.7619", holders: 1 },
      ]);
      const res = await ownership(as.officer, TOKEN, "?asOfBlock=11");
      const past = (await res.json()) as OwnershipResponse;
      expect(past.totalSupply).toBe("150");
      expect(past.byCountry.map((c) => [c.country, c.sharePercent])).toEqual([[840, "66.6667"], [826, "33.3333"]]);
    });

    it("lists investors sorted, filtered by KYC status (with a 30-day warning) and country, paged, and as CSV", async () => {
      const inv = (r: Awaited<ReturnType<typeof listInvestors>>) => r.investors.map((i) => i.wallet);
      expect(inv(await listInvestors())).toEqual([E, D, B, A]); // most recently registered first
      expect(inv(await listInvestors({ sort: "country" }))).toEqual([D, E, B, A]);
      expect(inv(await listInvestors({ sort: "kycExpiresAt", dir: "desc" }))).toEqual([A, B, D, E]);
      expect(inv(await listInvestors({ status: "verified" }))).toEqual([D, B, A]);
      const expiring = await listInvestors({ status: "expiring" });
      expect(inv(expiring)).toEqual([D]);
      expect(expiring.investors[0]).toMatchObject({ verified: true, expiresSoon: true });
      expect(inv(await listInvestors({ status: "unverified" }))).toEqual([E]);
      expect(inv(await listInvestors({ country: 826 }))).toEqual([B]);
      expect(inv(await listInvestors({ q: "c1" }))).toEqual([A]);
      const page = await listInvestors({ sort: "wallet", page: 2, pageSize: 3 });
      expect([inv(page), page.total]).toEqual([[E], 4]);
      const res = await investorsGET(as.officer.request("/api/investors?format=csv&status=verified&sort=wallet"));
      expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
      const lines = (await res.text()).trim().split("\r\n");
      expect(lines[0]).toBe("wallet,identity,country,kyc_expires_at,verified,expires_soon,identity_registry,registered_block");
      expect(lines.slice(1).map((l) => l.split(",").slice(0, 1).concat(l.split(",").slice(4, 6)).join(","))).toEqual([
        `${A},yes,no`,
        `${B},yes,no`,
        `${D},yes,yes`,
      ]);
    });
  });
}
