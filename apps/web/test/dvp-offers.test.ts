import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "@tessera/db/testing";
import { cancelOffer, createOffer, releaseExpired, takeOffer } from "@tessera/sdk";
import { rpc, writeDeployments } from "@tessera/sdk/node";
import type { Address, Hash, PublicClient, WalletClient } from "viem";
import { GET as holdingsGET } from "../app/api/dvp/holdings/route";
import { GET as offersGET } from "../app/api/dvp/offers/route";
import { resetServerState } from "../lib/db/prisma";
import type { OfferDto, OffersResponse, TradeHoldingsResponse } from "../lib/dvp/types";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import type { Browser } from "./helpers/chain";

/**
 * The DvP's server reads (issue 11): which offers a signed-in investor sees (its own, those naming it, those to any
 * verified buyer), their status after a take, a cancel and a release, the trade history, the wallet's locked and
 * available amounts, bad input (400) and a failing node (503). On this file's own anvil with the demo TDF (the DvP is
 * its locker): A (account 2) offers 10 TDF to B for 100 TUSD (B takes it, with a permit), 5 TDF to any verified buyer
 * for 40 TUSD (open), and 2 TDF to anyone (cancelled); B offers 3 TDF to A for 30 TUSD (open) and 1 TDF to anyone for
 * 9 TUSD until an expiry that passes (released by C), and 2 TDF to anyone for 10 TUSD (C takes it, with an approval);
 * A's 1 TDF to anyone for 8 TUSD lapses too (open, expired). Real indexer, PGlite (and PostgreSQL when DATABASE_URL is set).
 */
let chain: WebChain;
let dvp: Address;
let tdf: Address;
let usd: Address;
let A: Address;
let B: Address;
let C: Address;
const TDF = 10n ** 18n;
const TUSD = 10n ** 6n;
const ids: Record<"toB" | "open" | "cancelled" | "toA" | "expired" | "lapsed" | "takenByC", string> = {
  toB: "", open: "", cancelled: "", toA: "", expired: "", lapsed: "", takenByC: "",
};
let takeTx: Hash;

beforeAll(async () => {
  chain = await startWebChain();
  dvp = chain.deployments.dvp!;
  usd = chain.demo.paymentToken;
  // The deployments file names the payment token, as `npm start` writes it (the web shows offers in it only).
  writeDeployments(chain.deploymentsDir, { ...chain.deployments, paymentToken: usd });
  tdf = chain.demo.token;
  [A, B, C] = chain.demo.investors.map((i) => i.wallet) as [Address, Address, Address];
  const pc = chain.clients.publicClient as PublicClient;
  const w = (i: number) => chain.clients.wallets[i] as unknown as WalletClient;
  const now = (await pc.getBlock()).timestamp;
  const offer = async (i: number, amount: bigint, price: bigint, buyer: Address | undefined, expiry = now + 86_400n) =>
    (await createOffer(w(i), pc, { dvp, token: tdf, amount, paymentToken: usd, price, buyer, expiry })).id.toString();
  ids.toB = await offer(2, 10n * TDF, 100n * TUSD, B);
  ids.open = await offer(2, 5n * TDF, 40n * TUSD, undefined);
  ids.cancelled = await offer(2, 2n * TDF, 20n * TUSD, undefined);
  ids.toA = await offer(3, 3n * TDF, 30n * TUSD, A);
  ids.expired = await offer(3, 1n * TDF, 9n * TUSD, undefined, now + 600n);
  ids.lapsed = await offer(2, 1n * TDF, 8n * TUSD, undefined, now + 600n);
  ids.takenByC = await offer(3, 2n * TDF, 10n * TUSD, undefined);
  await takeOffer(w(4), pc, { dvp, id: BigInt(ids.takenByC), approval: "approve" });
  const taken = await takeOffer(w(3), pc, { dvp, id: BigInt(ids.toB) });
  expect(taken.permit).toBe(true);
  takeTx = taken.hash;
  await cancelOffer(w(2), pc, { dvp, id: BigInt(ids.cancelled) });
  await rpc(chain.anvil.rpcUrl, "evm_increaseTime", [700]);
  await rpc(chain.anvil.rpcUrl, "evm_mine", []);
  await releaseExpired(w(4), pc, { dvp, id: BigInt(ids.expired) });
});
afterAll(async () => {
  await chain?.stop();
});

for (const backend of backends()) {
  describe(`DvP reads on ${backend.name}`, () => {
    let db: WebDatabase;
    let as: Browsers<"investorA" | "investorB" | "investorC" | "unregistered">;

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain, indexer: true });
      as = await db.signIn({ investorA: 2, investorB: 3, investorC: 4, unregistered: 5 });
    });
    afterAll(async () => {
      await db?.stop();
    });

    const getOffers = (b: Browser, qs = "") => offersGET(b.request(`/api/dvp/offers${qs}`));
    const offers = async (b: Browser, qs = "") => {
      const res = await getOffers(b, qs);
      expect(res.status).toBe(200);
      return (await res.json()) as OffersResponse;
    };
    const byId = (r: OffersResponse) => Object.fromEntries(r.offers.map((o) => [o.id, o])) as Record<string, OfferDto>;

    it("open offers: the wallet's own (with expired ones), those naming it, and those to any verified buyer; no one else's named offers", async () => {
      const a = await offers(as.investorA);
      expect(a.dvp).toBe(dvp.toLowerCase());
      expect(a.offers.map((o) => [o.id, o.role, o.status])).toEqual([
        [ids.lapsed, "seller", "Expired"],
        [ids.toA, "buyer", "Open"],
        [ids.open, "seller", "Open"],
      ]);
      expect(byId(a)[ids.open]).toMatchObject({
        token: tdf.toLowerCase(),
        symbol: "TDF",
        decimals: 18,
        amount: (5n * TDF).toString(),
        price: (40n * TUSD).toString(),
        pricePerToken: (8n * TUSD).toString(),
        paymentToken: { address: usd.toLowerCase(), symbol: "TUSD", decimals: 6 },
        seller: A.toLowerCase(),
        buyer: null,
        closed: null,
      });
      expect(byId(a)[ids.toA]).toMatchObject({ seller: B.toLowerCase(), buyer: A.toLowerCase(), pricePerToken: (10n * TUSD).toString() });

      // C is named in nothing and sold nothing open: it sees the offer to any verified buyer only (not B's expired one).
      expect((await offers(as.investorC)).offers.map((o) => [o.id, o.role])).toEqual([[ids.open, "open"]]);
      // An unregistered wallet sees the open offer too: taking it is what its pre-check refuses, in words.
      expect((await offers(as.unregistered)).offers.map((o) => o.id)).toEqual([ids.open]);
      // B: the offer to A (its own) and A's open offer.
      expect((await offers(as.investorB)).offers.map((o) => [o.id, o.role])).toEqual([
        [ids.toA, "seller"],
        [ids.open, "open"],
      ]);
      expect((await offers(as.investorB, `?token=${tdf}&pageSize=1&page=2`))).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    });

    it("history: a taken offer for both sides (the taker of an open offer too) with its transaction, a cancelled and a released one for their seller", async () => {
      const a = byId(await offers(as.investorA, "?view=history"));
      expect(Object.keys(a).sort()).toEqual([ids.toB, ids.cancelled].sort());
      expect(a[ids.toB]).toMatchObject({ status: "Taken", role: "seller", closed: { event: "OfferTaken", by: B.toLowerCase(), txHash: takeTx } });
      expect(a[ids.cancelled]).toMatchObject({ status: "Cancelled", closed: { event: "OfferCancelled", by: A.toLowerCase() } });
      const b = byId(await offers(as.investorB, "?view=history"));
      expect(Object.keys(b).sort()).toEqual([ids.toB, ids.expired, ids.takenByC].sort());
      expect(b[ids.takenByC]).toMatchObject({ status: "Taken", role: "seller", buyer: null, closed: { event: "OfferTaken", by: C.toLowerCase() } });
      expect(b[ids.toB]).toMatchObject({ status: "Taken", role: "buyer", amount: (10n * TDF).toString(), price: (100n * TUSD).toString() });
      expect(b[ids.expired]).toMatchObject({ status: "Released", closed: { event: "OfferReleased", by: C.toLowerCase() } });
      // C took an offer to any verified buyer: it is C's trade too (as its buyer); nothing else of B's or A's is.
      expect((await offers(as.investorC, "?view=history")).offers.map((o) => [o.id, o.role, o.status])).toEqual([[ids.takenByC, "buyer", "Taken"]]);
      expect((await offers(as.unregistered, "?view=history")).offers).toEqual([]);
    });

    it("holdings: the locked amount of the open offers (an expired one stays locked until released) and what is still available; the payment-token balance after the trade", async () => {
      const res = await holdingsGET(as.investorA.request("/api/dvp/holdings"));
      expect(res.status).toBe(200);
      const h = (await res.json()) as TradeHoldingsResponse;
      expect(h.paymentToken).toMatchObject({ symbol: "TUSD", balance: (1_000_000n * TUSD + 100n * TUSD).toString() });
      expect(h.holdings.find((x) => x.token === tdf.toLowerCase())).toMatchObject({
        balance: (9_990n * TDF).toString(),
        lockedAmount: (6n * TDF).toString(),
        available: (9_984n * TDF).toString(),
      });
      const b = (await (await holdingsGET(as.investorB.request("/api/dvp/holdings"))).json()) as TradeHoldingsResponse;
      expect(b.paymentToken?.balance).toBe((1_000_000n * TUSD - 100n * TUSD + 10n * TUSD).toString());
      expect(b.holdings.find((x) => x.token === tdf.toLowerCase())).toMatchObject({ balance: (5_008n * TDF).toString(), lockedAmount: (3n * TDF).toString() });
    });

    it("bad input is a 400, no session a 401", async () => {
      expect((await getOffers(as.anonymous)).status).toBe(401);
      expect((await holdingsGET(as.anonymous.request("/api/dvp/holdings"))).status).toBe(401);
      for (const bad of ["?view=swap", "?pageSize=101", "?pageSize=0", "?page=0", "?page=x", "?token=0x1234"]) {
        const res = await getOffers(as.investorA, bad);
        expect(res.status, bad).toBe(400);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
      }
    });

    it("a node that cannot answer is a 503, never an empty answer", async () => {
      const saved = process.env.RPC_URL;
      process.env.RPC_URL = "http://127.0.0.1:9"; // nothing listens on the discard port
      await resetServerState();
      try {
        for (const res of [await getOffers(as.investorA), await holdingsGET(as.investorA.request("/api/dvp/holdings"))]) {
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
