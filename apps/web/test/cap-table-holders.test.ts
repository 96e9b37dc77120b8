import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma, holderCountHistory } from "@tessera/db";
import { getCapTable, getOwnership } from "../lib/assets/get-cap-table";
import { startWebChain, startWebDatabase, type WebChain, type WebDatabase } from "./helpers/backend";

// The cap table's holder count at a record date counts holders (identities), not its rows (holding wallets), and
// gives the same figures as holderCountHistory; ownership by country counts identities too.
const TOKEN = "0x00000000000000000000000000000000000000a2";
const REGISTRY = "0x00000000000000000000000000000000000000b2";
const ZERO = "0x0000000000000000000000000000000000000000";
const W1 = "0x00000000000000000000000000000000000000e1"; // identity X, US
const W2 = "0x00000000000000000000000000000000000000e2"; // identity X, US (the same investor's second wallet)
const W3 = "0x00000000000000000000000000000000000000e3"; // identity Y, UK
const X = "0x" + "0a".repeat(20);
const Y = "0x" + "0b".repeat(20);

/** Block 10 mint W1 10, 11 mint W2 10, 12 W1→W3 10 (W1 empty), 13 burn W2 10 (X holds nothing). */
async function seed(url: string): Promise<void> {
  const prisma = createPrisma(url);
  try {
    await prisma.asset.create({
      data: {
        chainId: 31337, token: TOKEN, issuer: W1, compliance: "0x00000000000000000000000000000000000000d3", identityRegistry: REGISTRY,
        name: "Two Wallet Fund", symbol: "TWF", decimals: 0, assetClass: 0, totalSupply: "10", holderCount: 1,
        allowedCountries: [], maxHolders: "0", maxBalance: "0", deployedBlock: 5n, deployedTxHash: "0x" + "ab".repeat(32), deployedAt: new Date("2026-01-01T00:00:00Z"),
      },
    });
    const investor = (wallet: string, identity: string, country: number) => ({
      chainId: 31337, identityRegistry: REGISTRY, wallet, identity, country, kycExpiresAt: 2_000_000_000n, registeredBlock: 3n, updatedBlock: 3n,
    });
    await prisma.investor.createMany({ data: [investor(W1, X, 840), investor(W2, X, 840), investor(W3, Y, 826)] });
    const t = (block: bigint, from: string, to: string, kind: "mint" | "burn" | "transfer") => ({
      chainId: 31337, blockNumber: block, logIndex: 0, txHash: "0x" + block.toString(16).padStart(64, "0"), token: TOKEN, from, to, amount: "10", kind,
      blockTime: new Date(`2026-01-0${Number(block) - 9}T12:00:00Z`),
    });
    await prisma.transfer.createMany({ data: [t(10n, ZERO, W1, "mint"), t(11n, ZERO, W2, "mint"), t(12n, W1, W3, "transfer"), t(13n, W2, ZERO, "burn")] });
    await prisma.holding.createMany({
      data: [
        { chainId: 31337, token: TOKEN, wallet: W1, balance: "0", firstAcquiredBlock: 10n, updatedBlock: 12n },
        { chainId: 31337, token: TOKEN, wallet: W2, balance: "0", firstAcquiredBlock: 11n, updatedBlock: 13n },
        { chainId: 31337, token: TOKEN, wallet: W3, balance: "10", firstAcquiredBlock: 12n, updatedBlock: 12n },
      ],
    });
  } finally {
    await prisma.$disconnect();
  }
}

let chain: WebChain;
let db: WebDatabase;
beforeAll(async () => {
  chain = await startWebChain();
  db = await startWebDatabase("pglite", { chain, seed });
});
afterAll(async () => {
  await db?.stop();
  await chain?.stop();
});

describe("cap table holders are identities", () => {
  it("counts an investor's two wallets once at every record date, as holderCountHistory does", async () => {
    const expected = [
      { block: 10n, wallets: [W1], holders: 1 },
      { block: 11n, wallets: [W1, W2], holders: 1 },
      { block: 12n, wallets: [W2, W3], holders: 2 },
      { block: 13n, wallets: [W3], holders: 1 },
    ];
    const prisma = createPrisma(db.url);
    try {
      const series = await holderCountHistory(prisma, { chainId: 31337, token: TOKEN, bucket: "block" });
      expect(series.map((p) => [p.block, p.holders])).toEqual(expected.map((e) => [e.block, e.holders]));
    } finally {
      await prisma.$disconnect();
    }
    for (const e of expected) {
      const r = await getCapTable(TOKEN, { page: 1, pageSize: 50, sort: "wallet", asOfBlock: e.block } as never);
      expect({ block: e.block, wallets: r.holders.map((h) => h.wallet), holders: r.holderCount }).toEqual(e);
    }
    // A record date by day resolves to its last block.
    expect((await getCapTable(TOKEN, { page: 1, pageSize: 50, asOfDate: "2026-01-02" } as never)).holderCount).toBe(1);
    expect((await getCapTable(TOKEN, { page: 1, pageSize: 50 })).holderCount).toBe(1); // live: Asset.holderCount
  });

  it("counts identities per country in ownership", async () => {
    const at11 = await getOwnership(TOKEN, { asOfBlock: 11n });
    expect(at11.byCountry).toEqual([{ country: 840, balance: "20", sharePercent: "100.0000", holders: 1 }]);
    const at12 = await getOwnership(TOKEN, { asOfBlock: 12n });
    expect(at12.byCountry.map((c) => [c.country, c.holders])).toEqual([[826, 1], [840, 1]]); // equal balances: by country
  });
});
