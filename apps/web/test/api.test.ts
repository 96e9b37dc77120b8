import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createPrisma } from "@tessera/db";
import { backends } from "@tessera/db/testing";
import { ApiError, ErrorCode, errorResponse } from "../lib/api/errors";
import { getAsset } from "../lib/assets/get-asset";
import { getCapTable } from "../lib/assets/get-cap-table";
import { listAssets } from "../lib/assets/list-assets";
import { listHoldings } from "../lib/holdings/list-holdings";
import { listInvestors } from "../lib/compliance/list-investors";
import { getStatus } from "../lib/status/get-status";
import { startWebDatabase, type WebDatabase } from "./helpers/backend";

const TOKEN = "0x00000000000000000000000000000000000000a1";
const REGISTRY = "0x00000000000000000000000000000000000000b1";
const ALICE = "0x00000000000000000000000000000000000000c1";
const BOB = "0x00000000000000000000000000000000000000c2";
const CAROL = "0x00000000000000000000000000000000000000c3";
const E18 = 10n ** 18n;
// Larger than 2^53 and than Decimal.js's toString() threshold: must leave the API as exact digits.
const BIG = 123_456_789_012_345_678_901_234_567n;

async function seed(url: string): Promise<void> {
  const prisma = createPrisma(url);
  try {
    await prisma.asset.create({
      data: {
        chainId: 31337,
        token: TOKEN,
        issuer: ALICE,
        compliance: "0x00000000000000000000000000000000000000d1",
        identityRegistry: REGISTRY,
        name: "Harbor Fund",
        symbol: "HF",
        decimals: 18,
        assetClass: 3,
        totalSupply: (BIG + 100n * E18 + 50n * E18).toString(),
        holderCount: 3,
        allowedCountries: [840, 826],
        maxHolders: "10",
        maxBalance: (1000n * E18).toString(),
        deployedBlock: 5n,
        deployedTxHash: "0x" + "ab".repeat(32),
        deployedAt: new Date("2026-01-01T00:00:00Z"),
      },
    });
    // Another chain's asset must never show up.
    await prisma.asset.create({
      data: {
        chainId: 1,
        token: TOKEN,
        issuer: ALICE,
        compliance: "0x00000000000000000000000000000000000000d1",
        identityRegistry: REGISTRY,
        name: "Other chain",
        symbol: "OC",
        decimals: 18,
        assetClass: 0,
        totalSupply: "0",
        allowedCountries: [],
        maxHolders: "0",
        maxBalance: "0",
        deployedBlock: 1n,
        deployedTxHash: "0x" + "cd".repeat(32),
        deployedAt: new Date(),
      },
    });
    const future = BigInt(Math.floor(Date.now() / 1000) + 3600);
    await prisma.investor.createMany({
      data: [
        { chainId: 31337, identityRegistry: REGISTRY, wallet: ALICE, identity: "0x" + "01".repeat(20), country: 840, kycExpiresAt: future, registeredBlock: 3n, updatedBlock: 3n },
        { chainId: 31337, identityRegistry: REGISTRY, wallet: BOB, identity: "0x" + "02".repeat(20), country: 826, kycExpiresAt: 1000n, registeredBlock: 4n, updatedBlock: 4n },
      ],
    });
    await prisma.holding.createMany({
      data: [
        { chainId: 31337, token: TOKEN, wallet: ALICE, balance: (50n * E18).toString(), updatedBlock: 6n },
        { chainId: 31337, token: TOKEN, wallet: BOB, balance: BIG.toString(), frozen: true, updatedBlock: 6n },
        { chainId: 31337, token: TOKEN, wallet: CAROL, balance: (100n * E18).toString(), frozenAmount: (10n * E18).toString(), updatedBlock: 6n },
        // A former holder: not in the cap table.
        { chainId: 31337, token: TOKEN, wallet: "0x00000000000000000000000000000000000000c4", balance: "0", updatedBlock: 6n },
      ],
    });
    await prisma.indexerCursor.create({ data: { chainId: 31337, lastBlock: 42n, lastBlockHash: "0x" + "ee".repeat(32) } });
  } finally {
    await prisma.$disconnect();
  }
}

for (const backend of backends()) {
  describe(`web API functions on ${backend.name}`, () => {
    let db: WebDatabase;

    beforeAll(async () => {
      db = await startWebDatabase(backend, { seed, env: { CHAIN_ID: "31337" } });
    });

    afterAll(async () => {
      await db?.stop();
    });

    it("lists the configured chain's assets with rules, amounts as exact decimal strings", async () => {
      const { assets } = await listAssets();
      expect(assets).toHaveLength(1);
      expect(assets[0]).toMatchObject({
        token: TOKEN,
        symbol: "HF",
        assetClassName: "Real estate",
        totalSupply: (BIG + 150n * E18).toString(),
        rules: { allowedCountries: [826, 840], maxHolders: "10", maxBalance: (1000n * E18).toString() },
      });
    });

    it("returns one asset, and NOT_FOUND for an unknown one", async () => {
      expect((await getAsset(TOKEN)).asset.name).toBe("Harbor Fund");
      await expect(getAsset("0x00000000000000000000000000000000000000ff")).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    });

    it("builds the cap table: holders by balance desc, share of supply, country, frozen; paginated", async () => {
      const page1 = await getCapTable(TOKEN, { page: 1, pageSize: 2 });
      expect(page1.total).toBe(3);
      expect(page1.holders.map((h) => h.wallet)).toEqual([BOB, CAROL]);
      expect(page1.holders[0]).toMatchObject({ balance: BIG.toString(), country: 826, frozen: true });
      expect(page1.holders[1]).toMatchObject({ country: null, frozenAmount: (10n * E18).toString() });
      const page2 = await getCapTable(TOKEN, { page: 2, pageSize: 2 });
      expect(page2.holders.map((h) => h.wallet)).toEqual([ALICE]);
      expect(page2.holders[0].country).toBe(840);
      const shares = [...page1.holders, ...page2.holders].reduce((s, h) => s + Number(h.sharePercent), 0);
      expect(shares).toBeCloseTo(100, 2);
    });

    it("lists investors with verification by KYC expiry", async () => {
      const { investors } = await listInvestors();
      expect(investors.map((i) => [i.wallet, i.verified])).toEqual([
        [BOB, false],
        [ALICE, true],
      ]);
    });

    it("lists a wallet's holdings", async () => {
      const { holdings } = await listHoldings(CAROL);
      expect(holdings).toEqual([
        expect.objectContaining({ token: TOKEN, symbol: "HF", balance: (100n * E18).toString(), frozen: false }),
      ]);
      expect((await listHoldings("0x00000000000000000000000000000000000000c4")).holdings).toEqual([]);
    });

    it("reports the indexer cursor", async () => {
      expect(await getStatus()).toMatchObject({ chainId: 31337, lastBlock: "42", haltedReason: null });
    });
  });
}

describe("errorResponse", () => {
  it("maps codes to HTTP statuses", async () => {
    const r = errorResponse(new ApiError(ErrorCode.NOT_FOUND, "No asset"));
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ error: { code: "NOT_FOUND", message: "No asset" } });
    const bad = errorResponse(z.object({ page: z.number() }).safeParse({ page: "x" }).error);
    expect(bad.status).toBe(400);
  });
  it("never leaks an unknown error's message", async () => {
    const original = console.error;
    console.error = () => {};
    try {
      const r = errorResponse(new Error("password=hunter2 at db.internal"));
      expect(r.status).toBe(500);
      expect(JSON.stringify(await r.json())).not.toContain("hunter2");
    } finally {
      console.error = original;
    }
  });
});
