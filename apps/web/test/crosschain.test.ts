import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenAbi } from "@tessera/contracts";
import { createPrisma } from "@tessera/db";
import { backends } from "@tessera/db/testing";
import { GET as assetCrosschainGET } from "../app/api/assets/[token]/crosschain/route";
import { GET as myCrosschainGET } from "../app/api/me/crosschain-transfers/route";
import { POST as draftPOST } from "../app/api/assets/[token]/distributions/route";
import { GET as portfolioGET } from "../app/api/portfolio/route";
import type { DraftResponse } from "../lib/distribution/types";
import type { PortfolioResponse } from "../lib/investor/types";
import { resetServerState } from "../lib/db/prisma";
import type { AssetCrosschainResponse, MyCrosschainTransfersResponse } from "../lib/shared/api-types";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import { type Browser, devAccount } from "./helpers/chain";

// The cross-chain routes over rows as the indexer writes them (apps/indexer/test/crosschain.test.ts writes them from two
// real anvils): the demo token TDF on this file's chain (31337) is linked both ways with an L2 token on 31338; the
// investor (account 2) holds on both chains under one identity, another investor on L1 only; transfers delivered,
// in transit, refused (identity mismatch) and returned, plus one of an unlinked asset.
const L2 = 31338;
const REGISTRY = "0x00000000000000000000000000000000000000b1";
const REGISTRY_L2 = "0x00000000000000000000000000000000000000b2";
const L2_TOKEN = "0x00000000000000000000000000000000000000a2";
const OTHER = "0x00000000000000000000000000000000000000a3"; // an asset with no link
const BRIDGE_L1 = "0x00000000000000000000000000000000000000f1";
const BRIDGE_L2 = "0x00000000000000000000000000000000000000f2";
const X = "0x" + "0a".repeat(20); // the investor's identity
const Y = "0x" + "0b".repeat(20);
const W3 = "0x00000000000000000000000000000000000000e3"; // identity Y, L1 only
const id = (n: number) => "0x" + n.toString(16).padStart(64, "0");
const at = (d: number) => new Date(Date.UTC(2026, 11, d, 12));

async function seed(url: string, tdf: string, manager: string, compliance: string): Promise<void> {
  const W = devAccount(2).address.toLowerCase();
  const prisma = createPrisma(url);
  try {
    const asset = (chainId: number, token: string, registry: string, supply: string, bridge: string | null, holders: number) => ({
      chainId, token, issuer: devAccount(0).address.toLowerCase(), compliance: "0x00000000000000000000000000000000000000d2", identityRegistry: registry,
      name: "Tessera Demo Fund", symbol: "TDF", decimals: 18, assetClass: 0, totalSupply: supply, holderCount: holders,
      allowedCountries: [], maxHolders: "0", maxBalance: "0", deployedBlock: 1n, deployedTxHash: "0x" + "cd".repeat(32), deployedAt: at(1), bridge,
    });
    await prisma.asset.createMany({
      data: [
        // The home token's real compliance (the portfolio reads its lock-ups from the chain).
        { ...asset(31337, tdf, REGISTRY, "700", BRIDGE_L1, 2), accessManager: manager.toLowerCase(), compliance: compliance.toLowerCase() },
        asset(L2, L2_TOKEN, REGISTRY_L2, "300", BRIDGE_L2, 1),
        asset(L2, OTHER, REGISTRY_L2, "5", null, 1),
      ],
    });
    await prisma.assetAgent.create({ data: { chainId: 31337, token: tdf, agent: devAccount(0).address.toLowerCase(), active: true, updatedBlock: 1n } });
    await prisma.roleMember.create({
      data: { chainId: 31337, accessManager: manager.toLowerCase(), roleId: 0, account: devAccount(0).address.toLowerCase(), token: tdf, active: true, since: 1n, executionDelay: 0n, grantedBlock: 1n, updatedBlock: 1n },
    });
    await prisma.indexerCursor.create({ data: { chainId: 31337, lastBlock: 1_000_000n, lastBlockHash: "0x" + "ee".repeat(32) } });
    const link = (chainId: number, token: string, bridge: string, remoteChainId: number, remoteBridge: string) => ({
      chainId, blockNumber: 2n, logIndex: 0, txHash: "0x" + "11".repeat(32), token, bridge, gateway: "0x00000000000000000000000000000000000000c9", remoteChainId, remoteBridge,
    });
    await prisma.crosschainLink.createMany({ data: [link(31337, tdf, BRIDGE_L1, L2, BRIDGE_L2), link(L2, L2_TOKEN, BRIDGE_L2, 31337, BRIDGE_L1)] });
    const investor = (chainId: number, identityRegistry: string, wallet: string, identity: string) => ({
      chainId, identityRegistry, wallet, identity, country: 840, kycExpiresAt: 2_000_000_000n, registeredBlock: 1n, updatedBlock: 1n,
    });
    await prisma.investor.createMany({ data: [investor(31337, REGISTRY, W, X), investor(L2, REGISTRY_L2, W, X), investor(31337, REGISTRY, W3, Y)] });
    const holding = (chainId: number, token: string, wallet: string, balance: string) => ({ chainId, token, wallet, balance, updatedBlock: 3n });
    await prisma.holding.createMany({
      data: [holding(31337, tdf, W, "600"), holding(31337, tdf, W3, "100"), holding(L2, L2_TOKEN, W, "300"), holding(L2, OTHER, W, "5")],
    });
    // The L1 supply's history as the indexer writes it (the distribution draft reads it): W's 950 minted, 350 burnt
    // for the L2 (300 delivered, 50 in transit; the returned 20 burnt and minted back cancel out); W3's 125, 25 burnt.
    const tx = (n: number) => "0x" + n.toString(16).padStart(64, "0");
    const ZERO = "0x" + "0".repeat(40);
    const move = (block: number, logIndex: number, from: string, to: string, amount: string, kind: "mint" | "burn") =>
      ({ chainId: 31337, blockNumber: BigInt(block), logIndex, txHash: tx(block), token: tdf, from, to, amount, kind, blockTime: at(1) });
    await prisma.transfer.createMany({
      data: [move(3, 0, ZERO, W, "950", "mint"), move(3, 1, ZERO, W3, "125", "mint"), move(10, 0, W, ZERO, "350", "burn"), move(16, 0, W3, ZERO, "25", "burn")],
    });
    const half = (block: number, day: number) => ({ block: BigInt(block), tx: "0x" + block.toString(16).padStart(64, "0"), at: at(day) });
    const transfer = (n: number, status: string, from: string, amount: string, o: { src?: [number, number]; dst?: [number, number]; ret?: [number, number]; code?: number; token?: [string, string] } = {}) => {
      const [st, dt] = o.token ?? [tdf, L2_TOKEN];
      const s = o.src && half(...o.src);
      const d = o.dst && half(...o.dst);
      const r = o.ret && half(...o.ret);
      return {
        messageId: id(n), status, sourceChainId: 31337, sourceToken: s ? st : null, destinationChainId: L2, destinationToken: d ? dt : null,
        from, to: from, identity: s ? (from === W ? X : Y) : null, amount, code: o.code ?? null, returnId: o.code ? id(n + 100) : null,
        sourceBlock: s?.block ?? null, sourceLogIndex: s ? 0 : null, sourceTxHash: s?.tx ?? null, sourceAt: s?.at ?? null,
        destinationBlock: d?.block ?? null, destinationLogIndex: d ? 0 : null, destinationTxHash: d?.tx ?? null, destinationAt: d?.at ?? null,
        returnedBlock: r?.block ?? null, returnedTxHash: r?.tx ?? null, returnedAt: r?.at ?? null,
      };
    };
    await prisma.crosschainTransfer.createMany({
      data: [
        transfer(1, "delivered", W, "300", { src: [10, 2], dst: [11, 2] }),
        transfer(2, "sent", W, "50", { src: [12, 3] }),
        transfer(3, "returned", W, "20", { src: [13, 4], dst: [14, 4], ret: [15, 4], code: 5 }),
        transfer(4, "refused", W3, "25", { src: [16, 5], dst: [17, 5], code: 120 }),
        transfer(5, "delivered", W, "5", { dst: [18, 6], token: [OTHER, OTHER] }), // source half not indexed yet; another asset
      ],
    });
  } finally {
    await prisma.$disconnect();
  }
}

let chain: WebChain;
let manager: `0x${string}`;
beforeAll(async () => {
  chain = await startWebChain();
  manager = await chain.clients.publicClient.readContract({ address: chain.demo.token, abi: tokenAbi, functionName: "authority" });
});
afterAll(async () => {
  await chain?.stop();
});

for (const backend of backends()) {
  describe(`cross-chain routes on ${backend.name}`, () => {
    let db: WebDatabase;
    let tdf: `0x${string}`;
    let as: Browsers<"issuer" | "officer" | "investor">;
    beforeAll(async () => {
      tdf = chain.demo.token.toLowerCase() as `0x${string}`;
      db = await startWebDatabase(backend, { chain, seed: (url) => seed(url, tdf, manager, chain.demo.compliance) });
      as = await db.signIn({ issuer: 0, officer: 1, investor: 2 });
    });
    afterAll(async () => {
      await db?.stop();
    });

    const asset = (b: Browser, token: string, qs = "") =>
      assetCrosschainGET(b.request(`/api/assets/${token}/crosschain${qs}`), { params: Promise.resolve({ token }) });
    const mine = (b: Browser, qs = "") => myCrosschainGET(b.request(`/api/me/crosschain-transfers${qs}`));

    it("GET /api/assets/[token]/crosschain: the cap table's readers only (401, 403 an investor); 400 on bad input, 404 for an unknown asset", async () => {
      expect((await asset(as.anonymous, tdf)).status).toBe(401);
      const refused = await asset(as.investor, tdf);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
      for (const who of [as.issuer, as.officer]) expect((await asset(who, tdf)).status).toBe(200);
      for (const qs of ["?pageSize=201", "?page=0", "?pageSize=x"]) {
        const r = await asset(as.issuer, tdf, qs);
        expect(r.status, qs).toBe(400);
        expect(((await r.json()) as { error: { message: string } }).error.message, qs).toMatch(/pageSize|page/);
      }
      expect((await asset(as.issuer, "0x1234")).status).toBe(400);
      expect((await asset(as.officer, "0x00000000000000000000000000000000000000aa")).status).toBe(404);
    });

    it("answers supply per chain, tokens in transit and holders by identity across chains; supply plus in transit is what was issued", async () => {
      const r = (await (await asset(as.issuer, tdf)).json()) as AssetCrosschainResponse;
      expect(r.chains.map((c) => [c.chainId, c.token, c.totalSupply, c.bridge])).toEqual([
        [31337, tdf, "700", BRIDGE_L1],
        [L2, L2_TOKEN, "300", BRIDGE_L2],
      ]);
      expect(r.supply).toBe("1000");
      // In transit: the sent one (50) and the refused one on its way back (25); not the returned nor the other asset's.
      expect(r.inTransit.amount).toBe("75");
      expect(r.inTransit.count).toBe(2);
      expect(r.inTransit.transfers.map((t) => [t.messageId, t.status, t.reason])).toEqual([
        [id(4), "refused", "the receiver is not a wallet of the sender's identity on that chain"],
        [id(2), "sent", null],
      ]);
      expect(r.total).toBe("1075");
      const W = devAccount(2).address.toLowerCase();
      expect(r.holderCount).toBe(2);
      expect(r.holders).toEqual([
        {
          identity: X, total: "900", sharePercent: "90.0000",
          chains: [{ chainId: 31337, token: tdf, balance: "600", wallets: [W] }, { chainId: L2, token: L2_TOKEN, balance: "300", wallets: [W] }],
        },
        { identity: Y, total: "100", sharePercent: "10.0000", chains: [{ chainId: 31337, token: tdf, balance: "100", wallets: [W3] }] },
      ]);
      const page2 = (await (await asset(as.officer, tdf, "?page=2&pageSize=1")).json()) as AssetCrosschainResponse;
      expect([page2.holderCount, page2.holders.map((h) => h.identity), page2.page, page2.pageSize]).toEqual([2, [Y], 2, 1]);
    });

    it("GET /api/me/crosschain-transfers: the signed-in investor's own transfers with status, newest first, paged; one asset with token", async () => {
      expect((await mine(as.anonymous)).status).toBe(401);
      const r = (await (await mine(as.investor)).json()) as MyCrosschainTransfersResponse;
      expect(r.wallet).toBe(devAccount(2).address.toLowerCase());
      expect(r.total).toBe(4);
      expect(r.transfers.map((t) => [t.messageId, t.status])).toEqual([[id(5), "delivered"], [id(3), "returned"], [id(2), "sent"], [id(1), "delivered"]]);
      const returned = r.transfers[1]!;
      expect(returned).toMatchObject({ code: 5, reason: "the recipient is not verified", returnId: id(103), amount: "20" });
      expect(returned.returned).toEqual({ block: "15", txHash: "0x" + (15).toString(16).padStart(64, "0"), at: at(4).toISOString() });
      expect(r.transfers[0]!.sent).toBeNull(); // its source half is not indexed yet
      const one = (await (await mine(as.investor, `?token=${tdf}&pageSize=2&page=2`)).json()) as MyCrosschainTransfersResponse;
      expect([one.total, one.transfers.map((t) => t.messageId)]).toEqual([3, [id(1)]]);
      // Another investor sees only theirs: the issuer has none.
      expect(((await (await mine(as.issuer)).json()) as MyCrosschainTransfersResponse).total).toBe(0);
      for (const qs of ["?pageSize=101", "?token=0x12", "?page=-1"]) expect((await mine(as.investor, qs)).status, qs).toBe(400);
    });

    it("GET /api/portfolio: a position counts the wallet's balance on the other chains and its tokens in transit; an unlinked L2 token is not listed", async () => {
      const r = (await (await portfolioGET(as.investor.request("/api/portfolio"))).json()) as PortfolioResponse;
      expect(r.positions.map((p) => [p.token, p.symbol, p.balance, p.otherChains, p.inTransit])).toEqual([
        // 600 on L1, 300 on the L2 (the delivered move), 50 sent and not delivered; the returned 20 are back in the 600.
        [tdf, "TDF", "600", [{ chainId: L2, token: L2_TOKEN, balance: "300" }], "50"],
      ]);
      // The officer's wallet (account 1) holds nothing anywhere.
      expect(((await (await portfolioGET(as.officer.request("/api/portfolio"))).json()) as PortfolioResponse).positions).toEqual([]);
    });

    it("a distribution draft of the asset says how many tokens are on other chains or in transit: their holders are not counted", async () => {
      const deadline = Math.floor(Date.now() / 1000) + 30 * 86_400;
      const res = await draftPOST(
        as.issuer.request(`/api/assets/${tdf}/distributions`, {
          method: "POST",
          body: { paymentToken: chain.demo.paymentToken, recordBlock: "20", totalAmount: "700", claimDeadline: deadline },
        }),
        { params: Promise.resolve({ token: tdf }) },
      );
      expect(res.status).toBe(200);
      const d = (await res.json()) as DraftResponse;
      expect(d.distribution.totals.units).toBe("700"); // L1 holdings at the record date only
      expect(d.offHomeChain).toEqual({ amount: "375", chains: [{ chainId: L2, supply: "300" }], inTransit: "75" });
    });

    it("answers 503 when the database cannot answer, never an empty view", async () => {
      const saved = process.env.DATABASE_URL;
      process.env.DATABASE_URL = "postgres://tessera:tessera@127.0.0.1:9/none"; // nothing listens on the discard port
      await resetServerState();
      try {
        for (const r of [await mine(as.investor), await asset(as.officer, tdf)]) {
          expect(r.status).toBe(503);
          expect(((await r.json()) as { error: { code: string } }).error.code).toBe("DATABASE_UNAVAILABLE");
        }
      } finally {
        process.env.DATABASE_URL = saved;
        await resetServerState();
      }
    });
  });
}
