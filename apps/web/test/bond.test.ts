import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testUsdAbi } from "@tessera/contracts";
import { backends } from "@tessera/db/testing";
import { createDistribution, deployAsset, fundRedemption, mint, redeemAtMaturity, setBondTerms, setUpBond } from "@tessera/sdk";
import { couponSchedule } from "@tessera/sdk/bond";
import { rpc } from "@tessera/sdk/node";
import { keccak256, toHex, type Address } from "viem";
import { GET as assetGET } from "../app/api/assets/[token]/route";
import { GET as bondGET } from "../app/api/assets/[token]/bond/route";
import { GET as holdersGET } from "../app/api/assets/[token]/bond/holders/route";
import { GET as investorBondsGET } from "../app/api/investors/[wallet]/bonds/route";
import { listAssets } from "../lib/assets/list-assets";
import type { BondHoldersResponse, BondResponse, InvestorBondsResponse } from "../lib/bond/types";
import { resetServerState } from "../lib/db/prisma";
import type { AssetResponse } from "../lib/shared/api-types";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import type { Browser } from "./helpers/chain";

/**
 * The bond API (issue 11, "Bonds"): a bond asset's terms, coupon calendar with each coupon's status and its maturity,
 * the holders for redemption in batches, an investor's bonds, and the "Matured" mark of the asset. On this file's own
 * anvil: "Calendar Bond" (CB: face 1,000 TUSD, 5% semi-annual ACT/365, issued 400 days before the chain's time,
 * maturing in two years; 10 CB to investor A; a distribution posted at coupon 1's record block) and "Maturing Bond"
 * (MB: face 100 TUSD, 4% annual, maturing an hour after the terms; 5 MB to A and 3 to B; the clock moved past
 * maturity, the redemption funded, B redeemed). Real indexer, PGlite (and PostgreSQL when DATABASE_URL is set).
 */
let chain: WebChain;
let A: Address;
let B: Address;
let calendar: Address;
let maturing: Address;
let notBond: string;
let mintBlock: bigint;
let issueDate: bigint;
const TUSD = 10n ** 6n;
const UNIT = 10n ** 18n;

beforeAll(async () => {
  chain = await startWebChain();
  const { publicClient, wallets } = chain.clients;
  const [issuer] = wallets;
  const d = chain.deployments;
  [A, B] = chain.demo.investors.map((i) => i.wallet) as [Address, Address];
  notBond = chain.demo.token.toLowerCase();
  const deploy = async (name: string, symbol: string) =>
    (await deployAsset(issuer, publicClient, d, { name, symbol, decimals: 18, assetClass: 1, allowedCountries: [], maxHolders: 0n, maxBalance: 0n })).token;
  calendar = await deploy("Calendar Bond", "CB");
  maturing = await deploy("Maturing Bond", "MB");
  const now = (await publicClient.getBlock()).timestamp;
  issueDate = now - 400n * 86_400n;
  for (const token of [calendar, maturing]) await setUpBond(issuer, publicClient, { bond: d.bond!, token, corporateActions: issuer.account.address });
  await setBondTerms(issuer, publicClient, {
    bond: d.bond!,
    token: calendar,
    terms: { paymentToken: chain.demo.paymentToken, faceValue: 1_000n * TUSD, couponRate: 5_000_000, couponFrequency: 2, dayCount: 1, issueDate, maturityDate: now + 730n * 86_400n },
  });
  await setBondTerms(issuer, publicClient, {
    bond: d.bond!,
    token: maturing,
    terms: { paymentToken: chain.demo.paymentToken, faceValue: 100n * TUSD, couponRate: 4_000_000, couponFrequency: 1, dayCount: 0, issueDate: now - 30n * 86_400n, maturityDate: now + 3_600n },
  });
  mintBlock = (await mint(issuer, publicClient, { token: calendar, to: A, amount: 10n * UNIT })).receipt.blockNumber;
  await mint(issuer, publicClient, { token: maturing, to: A, amount: 5n * UNIT });
  await mint(issuer, publicClient, { token: maturing, to: B, amount: 3n * UNIT });
  // Coupon 1 of CB paid: a distribution posted at its record block (the block the job queue records, seeded below).
  const usd = await issuer.writeContract({ address: chain.demo.paymentToken, abi: testUsdAbi, functionName: "mint", args: [issuer.account.address, 10_000n * TUSD] });
  await publicClient.waitForTransactionReceipt({ hash: usd });
  await createDistribution(issuer, publicClient, {
    distributor: d.distributor!, token: calendar, paymentToken: chain.demo.paymentToken, root: keccak256(toHex("coupon 1")), total: 250n * TUSD,
    recordDate: mintBlock, claimDeadline: now + 90n * 86_400n,
  });
  // MB past maturity: funded (800 TUSD for 8 MB), B redeems its 3.
  await rpc(chain.anvil.rpcUrl, "evm_increaseTime", [7_200]);
  await rpc(chain.anvil.rpcUrl, "evm_mine", []);
  await fundRedemption(issuer, publicClient, { bond: d.bond!, token: maturing });
  await redeemAtMaturity(wallets[3]!, publicClient, { bond: d.bond!, token: maturing });
});
afterAll(async () => {
  await chain?.stop();
});

const ctx = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

for (const backend of backends()) {
  describe(`bond API on ${backend.name}`, () => {
    let db: WebDatabase;
    let as: Browsers<"issuer" | "officer" | "investorA" | "investorB">;

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain, indexer: true });
      as = await db.signIn({ issuer: 0, officer: 1, investorA: 2, investorB: 3 });
    });
    afterAll(async () => {
      await db?.stop();
    });

    const getBond = (b: Browser, t: string) => bondGET(b.request(`/api/assets/${t}/bond`), ctx({ token: t }));
    const getHolders = (b: Browser, t: string, qs = "") => holdersGET(b.request(`/api/assets/${t}/bond/holders${qs}`), ctx({ token: t }));
    const getInvestorBonds = (b: Browser, w: string) => investorBondsGET(b.request(`/api/investors/${w}/bonds`), ctx({ wallet: w }));

    it("GET bond: 401 signed out, 400 a bad token, 403 a wallet without a role on it, 404 an asset that is not a bond", async () => {
      expect((await getBond(as.anonymous, calendar)).status).toBe(401);
      expect((await getBond(as.issuer, "0x1234")).status).toBe(400);
      expect((await getBond(as.investorA, calendar)).status).toBe(403);
      const res = await getBond(as.issuer, notBond);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain("is not a bond");
    });

    it("GET bond: the terms, the coupon calendar with statuses (paid, record date passed, upcoming) and the maturity before the date", async () => {
      const res = await getBond(as.issuer, calendar);
      expect(res.status).toBe(200);
      const b = (await res.json()) as BondResponse;
      expect(b.terms).toMatchObject({ faceValue: (1_000n * TUSD).toString(), couponRate: 5_000_000, couponFrequency: 2, dayCountName: "ACT/365", issueDate: Number(issueDate) });
      expect(b.terms!.paymentToken).toEqual({ address: chain.demo.paymentToken.toLowerCase(), symbol: "TUSD", decimals: 6 });
      expect(b.you).toEqual({ admin: true, corporateActions: true });
      expect(b.totalSupply).toBe((10n * UNIT).toString());
      const schedule = couponSchedule({
        paymentToken: chain.demo.paymentToken, faceValue: 1_000n * TUSD, couponRate: 5_000_000, couponFrequency: 2, dayCount: 1,
        issueDate, maturityDate: BigInt(b.terms!.maturityDate),
      });
      expect(b.coupons.map((c) => c.number)).toEqual(schedule.map((c) => c.number));
      expect(b.coupons[0]).toMatchObject({ amountPerUnit: schedule[0]!.amountPerUnit.toString(), totalForSupply: (schedule[0]!.amountPerUnit * 10n).toString(), recordDay: schedule[0]!.recordDay });
      // Before the job queue records them: coupons 1 and 2 (about 217 and 35 days ago) passed by the chain's time, no block yet.
      expect(b.coupons[0]).toMatchObject({ status: "record-date-passed", recordBlock: null });
      expect(b.coupons[1]).toMatchObject({ status: "record-date-passed", recordBlock: null });
      expect(b.coupons.slice(2).map((c) => c.status)).toEqual(schedule.slice(2).map(() => "upcoming"));
      expect(b.coupons.at(-1)!.paymentDate).toBe(b.terms!.maturityDate);
      expect(b.maturity).toMatchObject({ state: "before-maturity", required: (10_000n * TUSD).toString(), funded: "0", matured: false });

      // The job queue's CouponRecord for coupon 1 at the block a distribution was posted at: paid.
      await db.pool.query(
        `INSERT INTO "CouponRecord" ("chainId", "token", "number", "paymentDate", "recordDate", "recordBlock", "amountPerUnit")
         VALUES (31337, $1, 1, to_timestamp($2), to_timestamp($3), $4, $5::numeric)`,
        [calendar.toLowerCase(), schedule[0]!.paymentDate, schedule[0]!.recordDate, mintBlock.toString(), schedule[0]!.amountPerUnit.toString()],
      );
      const paid = (await (await getBond(as.issuer, calendar)).json()) as BondResponse;
      expect(paid.coupons[0]).toMatchObject({ status: "paid", recordBlock: mintBlock.toString() });
      // Coupon 2 drafted in the distribution wizard (kind coupon, couponNumber 2) with a root the Distributor posted: paid.
      await db.pool.query(
        `INSERT INTO "Distribution" ("chainId", "token", "root", "kind", "couponNumber", "recordBlock", "paymentToken", "ratePerUnit",
           "withholdingBps", "excluded", "includeFrozen", "claimDeadline", "holders", "units", "gross", "withholding", "net", "createdBy", "updatedAt")
         VALUES (31337, $1, $2, 'coupon', 2, $3, $4, $5::numeric, '{}'::jsonb, '{}', true, 0, 1, 0, 0, 0, 0, $6, now())`,
        [calendar.toLowerCase(), keccak256(toHex("coupon 1")), mintBlock.toString(), chain.demo.paymentToken.toLowerCase(), schedule[1]!.amountPerUnit.toString(), A.toLowerCase()],
      );
      const second = (await (await getBond(as.issuer, calendar)).json()) as BondResponse;
      expect(second.coupons.slice(0, 3).map((c) => c.status)).toEqual(["paid", "paid", "upcoming"]);
      // Coupon 3 drafted with the same root (equal entitlements) at another record block: a distribution of its own,
      // not posted, so not paid (a draft is posted by its root AND record date).
      await db.pool.query(
        `INSERT INTO "Distribution" ("chainId", "token", "root", "kind", "couponNumber", "recordBlock", "paymentToken", "ratePerUnit",
           "withholdingBps", "excluded", "includeFrozen", "claimDeadline", "holders", "units", "gross", "withholding", "net", "createdBy", "updatedAt")
         VALUES (31337, $1, $2, 'coupon', 3, $3, $4, $5::numeric, '{}'::jsonb, '{}', true, 0, 1, 0, 0, 0, 0, $6, now())`,
        [calendar.toLowerCase(), keccak256(toHex("coupon 1")), (mintBlock + 1n).toString(), chain.demo.paymentToken.toLowerCase(), schedule[2]!.amountPerUnit.toString(), A.toLowerCase()],
      );
      const third = (await (await getBond(as.issuer, calendar)).json()) as BondResponse;
      expect(third.coupons.slice(0, 3).map((c) => c.status)).toEqual(["paid", "paid", "upcoming"]);
      const officer = (await (await getBond(as.officer, calendar)).json()) as BondResponse;
      expect(officer.you).toEqual({ admin: false, corporateActions: false });
    });

    it("after maturity: funded and partly redeemed, the asset is marked matured; holders for batches; an investor's bonds", async () => {
      const m = (await (await getBond(as.issuer, maturing)).json()) as BondResponse;
      expect(m.maturity).toMatchObject({
        state: "redeeming", matured: true, funded: (800n * TUSD).toString(), paid: (300n * TUSD).toString(),
        available: (500n * TUSD).toString(), required: (500n * TUSD).toString(), shortfall: "0", excess: "0",
      });
      expect(((await (await assetGET(as.anonymous.request(`/api/assets/${maturing.toLowerCase()}`), ctx({ token: maturing.toLowerCase() }))).json()) as AssetResponse).asset.matured).toBe(true);
      const list = await listAssets();
      expect(list.assets.find((a) => a.token === maturing.toLowerCase())?.matured).toBe(true);
      expect(list.assets.find((a) => a.token === calendar.toLowerCase())?.matured).toBeUndefined();

      const h = (await (await getHolders(as.issuer, maturing)).json()) as BondHoldersResponse;
      expect(h).toMatchObject({ holders: [A.toLowerCase()], total: 1 });
      expect((await getHolders(as.issuer, maturing, "?pageSize=501")).status).toBe(400);
      expect((await getHolders(as.investorA, maturing)).status).toBe(403);
      expect((await getHolders(as.issuer, notBond)).status).toBe(404);

      expect((await getInvestorBonds(as.investorB, A)).status).toBe(403);
      const mine = (await (await getInvestorBonds(as.investorA, A)).json()) as InvestorBondsResponse;
      expect(mine.bonds.map((x) => x.symbol).sort()).toEqual(["CB", "MB"]);
      expect(mine.bonds.find((x) => x.symbol === "MB")).toMatchObject({
        open: true, state: "redeeming", balance: (5n * UNIT).toString(), redeemable: (5n * UNIT).toString(), payment: (500n * TUSD).toString(),
      });
      expect(mine.bonds.find((x) => x.symbol === "CB")).toMatchObject({ open: false, state: "before-maturity", payment: (10_000n * TUSD).toString() });
      const b = (await (await getInvestorBonds(as.investorB, B)).json()) as InvestorBondsResponse;
      expect(b.bonds.map((x) => x.symbol)).toEqual([]); // B redeemed all its MB
    });

    it("a node that cannot answer is a 503, never an empty answer", async () => {
      const saved = process.env.RPC_URL;
      process.env.RPC_URL = "http://127.0.0.1:9";
      await resetServerState();
      try {
        for (const res of [await getBond(as.issuer, calendar), await getInvestorBonds(as.investorA, A)]) {
          expect(res.status).toBe(503);
          expect(((await res.json()) as { error: { code: string } }).error.code).toBe("CHAIN_UNAVAILABLE");
        }
      } finally {
        process.env.RPC_URL = saved;
        await resetServerState();
      }
    });
  });
}
