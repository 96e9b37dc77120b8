import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testUsdAbi, tokenAbi } from "@tessera/contracts";
import { backends } from "@tessera/db/testing";
import {
  cancelDepositRequest,
  claim,
  claimCancelDepositRequest,
  claimDeposit,
  claimRedeem,
  createDistribution,
  createOffer,
  deployAsset,
  fulfillDeposits,
  fulfillRedeems,
  fundRedemption,
  mint,
  pushBatch,
  redeemAtMaturity,
  requestDeposit,
  registerInvestor,
  requestRedeem,
  setBondTerms,
  setUpBond,
  takeOffer,
  updateNav,
} from "@tessera/sdk";
import { allocateEntitlements, buildDistribution } from "@tessera/sdk/distribution";
import { DEMO_VAULT, rpc } from "@tessera/sdk/node";
import type { Address } from "viem";
import { resetServerState } from "../lib/db/prisma";
import { GET as capTableGET } from "../app/api/assets/[token]/cap-table/route";
import { GET as transactionsGET } from "../app/api/assets/[token]/transactions/route";
import { GET as cashGET } from "../app/api/me/cash/route";
import type { CashKind } from "../lib/cash/cash-legs";
import type { CashHistoryResponse } from "../lib/cash/types";
import type { CapTableResponse } from "../lib/shared/api-types";
import { csvStreamResponse } from "../lib/shared/csv";
import { restoreEnv, startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import type { Browser } from "./helpers/chain";

/**
 * The investor's cash history (issue 11: "the investor's history shows every cash movement"), the cap table's Pending
 * subscriptions and redemptions, and the CSV downloads, on this file's own anvil with real contract calls through the
 * SDK, indexed by the real indexer, read through the routes (PGlite, and PostgreSQL when DATABASE_URL is set).
 * Story (demo accounts: 0 issuer, 2 A, 3 B, 4 C):
 * 1. B subscribes 300 TUSD (paid into escrow), A asks to redeem 10 TDF; both fulfilled at NAV 1.00; B claims its
 *    shares (no cash), A claims 10 TUSD of proceeds.
 * 2. C subscribes 200 TUSD, cancels, and claims the 200 back.
 * 3. A offers 5 TDF for 7 TUSD; C takes it (C pays, A receives).
 * 4. A distribution of 1,000 TUSD to TDF holders: A claims its entitlement, B's is pushed.
 * 5. A bond (T27, face value 1,000 TUSD) matures; A redeems 2 units at face value.
 * 6. Left Pending for the cap table: C subscribes 500 TUSD (C holds 5 TDF), A asks to redeem 2 TDF (locked), and D
 *    (account 7, a new investor holding nothing) subscribes 150 TUSD.
 * 7. A2 (account 6), a second wallet registered to A's identity, receives 3 TUSD from a DvP trade with B: A's history
 *    has it (an investor is an identity), B's has its own side only.
 */
let chain: WebChain;
let vault: Address;
let token: string;
let A: Address;
let B: Address;
let C: Address;
let bondToken: string;
let A2: Address;
let D: Address;
const TUSD = 10n ** 6n;
const TDF = 10n ** 18n;
const FACE = 1_000n * TUSD;
/** Expected cash rows per wallet, oldest first: [kind, signed base units]. */
const expected: Record<string, Array<[CashKind, bigint]>> = {};
function add(wallet: Address, kind: CashKind, amount: bigint) {
  const key = wallet.toLowerCase();
  expected[key] = [...(expected[key] ?? []), [kind, amount]];
}

const w = (i: number) => chain.clients.wallets[i]!;
const pc = () => chain.clients.publicClient;

async function warpTo(timestamp: bigint) {
  const now = (await pc().getBlock()).timestamp;
  if (timestamp > now) await rpc(chain.anvil.rpcUrl, "evm_increaseTime", [Number(timestamp - now)]);
  await rpc(chain.anvil.rpcUrl, "evm_mine", []);
}

beforeAll(async () => {
  chain = await startWebChain();
  vault = chain.demo.vault!;
  token = chain.demo.token.toLowerCase();
  [A, B, C] = chain.demo.investors.map((i) => i.wallet) as [Address, Address, Address];
  const usd = chain.demo.paymentToken;
  const nav = DEMO_VAULT.initialNav;

  // 1. A subscription and a redemption, fulfilled and claimed.
  const dep = await requestDeposit(w(3), pc(), { vault, assets: 300n * TUSD });
  add(B, "subscription-paid", -300n * TUSD);
  await requestRedeem(w(2), pc(), { vault, shares: 10n * TDF });
  await warpTo(dep.dealingDate);
  await updateNav(w(0), pc(), { vault, navPerShare: nav, valuationDate: dep.dealingDate });
  await fulfillDeposits(w(0), pc(), { vault, dealingDate: dep.dealingDate, requests: [{ controller: B }] });
  await fulfillRedeems(w(0), pc(), { vault, dealingDate: dep.dealingDate, requests: [{ controller: A }] });
  await claimDeposit(w(3), pc(), { vault }); // shares minted: no cash moves
  const proceeds = await claimRedeem(w(2), pc(), { vault });
  expect(proceeds.assets).toBe(10n * TUSD);
  add(A, "redemption-proceeds", proceeds.assets);

  // 2. A subscription cancelled and refunded.
  await requestDeposit(w(4), pc(), { vault, assets: 200n * TUSD });
  add(C, "subscription-paid", -200n * TUSD);
  await cancelDepositRequest(w(4), pc(), { vault });
  const back = await claimCancelDepositRequest(w(4), pc(), { vault });
  add(C, "subscription-refunded", back.assets);

  // 3. A DvP trade.
  const now = (await pc().getBlock()).timestamp;
  const offer = await createOffer(w(2), pc(), { dvp: chain.deployments.dvp!, token: chain.demo.token, amount: 5n * TDF, paymentToken: usd, price: 7n * TUSD, expiry: now + 86_400n });
  await takeOffer(w(4), pc(), { dvp: chain.deployments.dvp!, id: offer.id });
  add(C, "dvp-paid", -7n * TUSD);
  add(A, "dvp-received", 7n * TUSD);

  // 4. A distribution: A claims, B's entitlement is pushed.
  const minted = await w(0).writeContract({ address: usd, abi: testUsdAbi, functionName: "mint", args: [chain.demo.issuer, 100_000n * TUSD] });
  await pc().waitForTransactionReceipt({ hash: minted });
  const recordDate = await pc().getBlockNumber();
  const holdings = await Promise.all(
    chain.demo.investors.map(async (i) => ({
      wallet: i.wallet,
      identity: i.identity,
      country: i.country,
      balance: await pc().readContract({ address: chain.demo.token, abi: tokenAbi, functionName: "balanceOf", args: [i.wallet], blockNumber: recordDate }),
    })),
  );
  const entitlements = allocateEntitlements(holdings, { totalAmount: 1_000n * TUSD, withholdingBps: {} }, 18);
  const dist = await buildDistribution(entitlements);
  const distributor = chain.deployments.distributor!;
  await rpc(chain.anvil.rpcUrl, "evm_mine", []);
  const posted = await createDistribution(w(0), pc(), {
    distributor,
    token: chain.demo.token,
    paymentToken: usd,
    root: dist.root,
    total: dist.totals.net,
    recordDate,
    claimDeadline: (await pc().getBlock()).timestamp + 30n * 86_400n,
  });
  const leaf = (wallet: Address) => {
    const i = chain.demo.investors.find((x) => x.wallet === wallet)!;
    const e = entitlements.find((x) => x.identity === i.identity.toLowerCase())!;
    return { index: e.index, identity: e.identity as Address, amount: e.net, proof: dist.tree.proof(e.index) };
  };
  const claimed = await claim(w(2), pc(), { distributor, id: posted.id, ...leaf(A) });
  add(A, "distribution-claimed", claimed.amount);
  const pushed = await pushBatch(w(0), pc(), { distributor, id: posted.id, payments: [{ ...leaf(B), wallet: B }] });
  add(B, "distribution-pushed", pushed.paid);

  // 5. A bond redeemed at face value.
  const bond = chain.deployments.bond!;
  const b = await deployAsset(w(0), pc(), chain.deployments, { name: "Tessera 5% 2027", symbol: "T27", decimals: 0, assetClass: 1 });
  bondToken = b.token.toLowerCase();
  await mint(w(0), pc(), { token: b.token, to: A, amount: 2n });
  await setUpBond(w(0), pc(), { bond, token: b.token, corporateActions: chain.demo.issuer });
  const t0 = (await pc().getBlock()).timestamp;
  await setBondTerms(w(0), pc(), {
    bond,
    token: b.token,
    terms: { paymentToken: usd, issueDate: t0, maturityDate: t0 + 30n * 86_400n, couponFrequency: 0, dayCount: 1, couponRate: 0, faceValue: FACE },
  });
  await warpTo(t0 + 31n * 86_400n);
  await fundRedemption(w(0), pc(), { bond, token: b.token });
  const redeemed = await redeemAtMaturity(w(2), pc(), { bond, token: b.token, amount: 2n });
  expect(redeemed.payment).toBe(2n * FACE);
  add(A, "bond-redemption", redeemed.payment);

  // 6. Left Pending for the cap table.
  await requestDeposit(w(4), pc(), { vault, assets: 500n * TUSD });
  add(C, "subscription-paid", -500n * TUSD);
  await requestRedeem(w(2), pc(), { vault, shares: 2n * TDF });
  D = w(7).account!.address;
  const t1 = (await pc().getBlock()).timestamp;
  await registerInvestor(w(1), pc(), chain.deployments, { wallet: D, country: 840, kycExpiresAt: t1 + 365n * 86_400n });
  const fund = await w(0).writeContract({ address: usd, abi: testUsdAbi, functionName: "mint", args: [D, 1_000n * TUSD] });
  await pc().waitForTransactionReceipt({ hash: fund });
  await requestDeposit(w(7), pc(), { vault, assets: 150n * TUSD });
  add(D, "subscription-paid", -150n * TUSD);

  // 7. A second wallet of A's identity sells to B.
  A2 = w(6).account!.address;
  await registerInvestor(w(1), pc(), chain.deployments, { wallet: A2, country: 840, kycExpiresAt: t1 + 365n * 86_400n, identity: chain.demo.investors[0]!.identity });
  await mint(w(0), pc(), { token: chain.demo.token, to: A2, amount: 4n * TDF });
  const o2 = await createOffer(w(6), pc(), { dvp: chain.deployments.dvp!, token: chain.demo.token, amount: TDF, paymentToken: usd, price: 3n * TUSD, expiry: t1 + 86_400n });
  await takeOffer(w(3), pc(), { dvp: chain.deployments.dvp!, id: o2.id });
  add(A2, "dvp-received", 3n * TUSD);
  add(B, "dvp-paid", -3n * TUSD);
});
afterAll(async () => {
  await chain?.stop();
});

const ctx = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

describe("csvStreamResponse", () => {
  it("streams the header and every batch by cursor, stops at the row limit, and reports a failing first batch before the response", async () => {
    const asked: Array<number | undefined> = [];
    const r = await csvStreamResponse<number>(
      "x.csv",
      ["n", "text"],
      async (cursor) => {
        asked.push(cursor);
        const start = cursor ?? 0;
        return { rows: [0, 1].map((i) => [start + i, i ? "a,b" : "=cmd"]), next: start + 2 };
      },
      5,
    );
    expect(await r.text()).toBe('n,text\r\n0,\'=cmd\r\n1,"a,b"\r\n2,\'=cmd\r\n3,"a,b"\r\n4,\'=cmd\r\n');
    expect(asked).toEqual([undefined, 2, 4]);
    await expect(csvStreamResponse("x.csv", ["n"], async () => Promise.reject(new Error("db down")), 5)).rejects.toThrow("db down");
  });
});

for (const backend of backends()) {
  describe(`cash history and money-leg CSVs on ${backend.name}`, () => {
    let db: WebDatabase;
    let as: Browsers<"issuer" | "investorA" | "investorB" | "investorC" | "investorD" | "investorA2" | "outsider">;

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain, indexer: true });
      as = await db.signIn({ issuer: 0, investorA: 2, investorB: 3, investorC: 4, investorD: 7, investorA2: 6, outsider: 5 });
    });
    afterAll(async () => {
      await db?.stop();
    });

    const cash = (b: Browser, qs = "") => cashGET(b.request(`/api/me/cash${qs}`));
    const cashJson = async (b: Browser, qs = "") => {
      const r = await cash(b, qs);
      expect(r.status).toBe(200);
      return (await r.json()) as CashHistoryResponse;
    };

    it("maps every cash-moving event to a row of the right kind, sign and amount, newest first, for each investor", async () => {
      for (const [name, wallets] of [["investorA", [A, A2]], ["investorB", [B]], ["investorC", [C]], ["investorD", [D]]] as const) {
        const h = await cashJson(as[name], "?pageSize=100");
        // Oldest first per wallet, then newest first overall: A2's one movement is the newest of A's.
        const want = [...wallets.flatMap((x) => expected[x.toLowerCase()]!)].reverse();
        expect(h.wallets).toEqual(wallets.map((x) => x.toLowerCase()).sort());
        expect(h.total).toBe(want.length);
        expect(h.movements.map((m) => [m.kind, BigInt(m.amount)])).toEqual(want);
        for (const m of h.movements) {
          expect(wallets.map((x) => x.toLowerCase())).toContain(m.wallet);
          expect(m.paymentToken).toEqual({ address: chain.demo.paymentToken.toLowerCase(), symbol: "TUSD", decimals: 6 });
          expect(m.txHash).toMatch(/^0x[0-9a-f]{64}$/);
          expect(m.label.length).toBeGreaterThan(5);
        }
        const blocks = h.movements.map((m) => BigInt(m.blockNumber));
        expect([...blocks].sort((x, y) => (x > y ? -1 : x < y ? 1 : 0))).toEqual(blocks);
      }
      const a = await cashJson(as.investorA, "?pageSize=100");
      expect(a.movements.find((m) => m.kind === "bond-redemption")).toMatchObject({ token: bondToken, symbol: "T27", source: "bond", event: "RedeemedAtMaturity" });
      expect(a.movements.find((m) => m.kind === "dvp-received")).toMatchObject({ token, symbol: "TDF", source: "dvp", event: "OfferTaken" });
    });

    it("reads each movement's transaction sender from the index: right with the node unreachable; a row without one asks the node", async () => {
      // Every money-leg row carries its transaction's sender (the indexer fetched it with the block).
      const claims = await db.pool.query<{ wallet: string; txFrom: string | null }>(
        `SELECT "args"->>'wallet' AS wallet, "txFrom" FROM "MoneyLegEvent" WHERE event = 'Claimed' ORDER BY "blockNumber"`,
      );
      expect(claims.rows.map((r) => [r.wallet, r.txFrom])).toEqual([
        [A.toLowerCase(), A.toLowerCase()], // A claimed its own entitlement
        [B.toLowerCase(), w(0).account.address.toLowerCase()], // B's was pushed by the issuer
      ]);
      expect((await db.pool.query(`SELECT 1 FROM "MoneyLegEvent" WHERE "txFrom" IS NULL`)).rowCount).toBe(0);
      const want = {
        investorA: [...[A, A2].flatMap((x) => expected[x.toLowerCase()]!)].reverse(),
        investorB: [...expected[B.toLowerCase()]!].reverse(),
      };
      await cashJson(as.investorA); // the payment token's symbol and decimals read once (cached, immutable)
      const saved = { ...process.env };
      process.env.RPC_URL = "http://127.0.0.1:9"; // nothing listens on the discard port
      await resetServerState();
      try {
        for (const name of ["investorA", "investorB"] as const) {
          const h = await cashJson(as[name], "?pageSize=100");
          expect(h.movements.map((m) => [m.kind, BigInt(m.amount)])).toEqual(want[name]);
        }
      } finally {
        restoreEnv(saved);
        await resetServerState();
      }
      // A row indexed before senders were recorded (txFrom null): its sender comes from the node, the kind is the same.
      const pushedTx = await db.pool.query<{ txHash: string }>(`UPDATE "MoneyLegEvent" SET "txFrom" = NULL WHERE event = 'Claimed' AND "args"->>'wallet' = $1 RETURNING "txHash"`, [B.toLowerCase()]);
      expect(pushedTx.rowCount).toBe(1);
      try {
        expect((await cashJson(as.investorB, "?pageSize=100")).movements.map((m) => [m.kind, BigInt(m.amount)])).toEqual(want.investorB);
      } finally {
        await db.pool.query(`UPDATE "MoneyLegEvent" SET "txFrom" = $1 WHERE "txHash" = $2`, [w(0).account.address.toLowerCase(), pushedTx.rows[0]!.txHash]);
      }
    });

    it("never returns another investor's wallet: no input names a wallet, and an outsider sees nothing", async () => {
      expect((await cash(as.anonymous)).status).toBe(401);
      expect((await cash(as.investorA, `?wallet=${B}`)).status).toBe(400);
      const outsider = await cashJson(as.outsider);
      expect(outsider.total).toBe(0);
      expect(outsider.movements).toEqual([]);
      const b = await cashJson(as.investorB, "?pageSize=100");
      expect(b.wallets).toEqual([B.toLowerCase()]);
      expect(b.movements.every((m) => m.wallet === B.toLowerCase())).toBe(true);
      // The signed-in second wallet of A's identity sees A's history too (one investor), never B's side of their trade.
      const a2 = await cashJson(as.investorA2, "?pageSize=100");
      expect(a2.wallets).toEqual([A, A2].map((x) => x.toLowerCase()).sort());
      expect(a2.movements.some((m) => m.wallet === B.toLowerCase())).toBe(false);
      const csv = await (await cash(as.investorB, "?format=csv")).text();
      expect(csv).not.toContain(A.toLowerCase());
      expect(csv).not.toContain(C.toLowerCase());
    });

    it("pages on the server with a page-size limit (400 beyond it)", async () => {
      for (const bad of ["?pageSize=101", "?pageSize=0", "?page=0", "?page=abc", "?format=xml"]) expect((await cash(as.investorA, bad)).status, bad).toBe(400);
      const all = await cashJson(as.investorA, "?pageSize=100");
      const p2 = await cashJson(as.investorA, "?pageSize=2&page=2");
      expect(p2).toMatchObject({ total: all.total, page: 2, pageSize: 2 });
      expect(p2.movements.map((m) => m.txHash)).toEqual(all.movements.slice(2, 4).map((m) => m.txHash));
      expect((await cashJson(as.investorA)).pageSize).toBe(25);
    });

    it("streams the whole history as CSV with its documented header, amounts signed in base units and whole TUSD", async () => {
      const r = await cash(as.investorC, "?format=csv&pageSize=1");
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(r.headers.get("content-disposition")).toBe(`attachment; filename="cash-${C.toLowerCase()}.csv"`);
      const lines = (await r.text()).trim().split("\r\n");
      expect(lines[0]).toBe("date,block,log_index,transaction,asset,token,kind,event,wallet,amount_base_units,amount,payment_token,payment_token_address");
      const want = [...expected[C.toLowerCase()]!].reverse();
      expect(lines).toHaveLength(want.length + 1);
      const cells = lines.slice(1).map((l) => l.split(","));
      expect(cells.map((c) => [c[7], c[9], c[10], c[11]])).toEqual([
        ["vault:DepositRequest", "-500000000", "-500", "TUSD"],
        ["dvp:OfferTaken", "-7000000", "-7", "TUSD"],
        ["vault:CancelDepositClaim", "200000000", "200", "TUSD"],
        ["vault:DepositRequest", "-200000000", "-200", "TUSD"],
      ]);
      expect(cells[0]![4]).toBe("TDF");
      expect(cells[0]![6]).toBe("Subscription paid into escrow");
    });

    it("shows Pending subscriptions and redemptions and locked tokens per wallet and in total, on the live cap table only", async () => {
      const get = async (qs = "") => {
        const r = await capTableGET(as.issuer.request(`/api/assets/${token}/cap-table${qs}`), ctx({ token }));
        expect(r.status).toBe(200);
        return (await r.json()) as CapTableResponse;
      };
      const live = await get();
      const row = (wl: Address) => live.holders.find((h) => h.wallet === wl.toLowerCase())!;
      expect(row(C)).toMatchObject({ pendingSubscription: (500n * TUSD).toString(), pendingRedemption: "0", lockedAmount: "0" });
      expect(row(A)).toMatchObject({ pendingSubscription: "0", pendingRedemption: (2n * TDF).toString(), lockedAmount: (2n * TDF).toString() });
      expect(row(B)).toMatchObject({ pendingSubscription: "0", pendingRedemption: "0" });
      expect(live.pending).toEqual({
        vault: vault.toLowerCase(),
        paymentToken: { address: chain.demo.paymentToken.toLowerCase(), symbol: "TUSD", decimals: 6 },
        subscriptionTotal: (650n * TUSD).toString(),
        redemptionTotal: (2n * TDF).toString(),
        lockedTotal: (2n * TDF).toString(),
      });
      const past = await get(`?asOfBlock=${(await pc().getBlockNumber()).toString()}`);
      expect(past.pending).toBeNull();
      expect(past.holders.every((h) => h.pendingSubscription === null && h.pendingRedemption === null && h.lockedAmount === null)).toBe(true);

      const csv = await capTableGET(as.issuer.request(`/api/assets/${token}/cap-table?format=csv&sort=wallet`), ctx({ token }));
      const lines = (await csv.text()).trim().split("\r\n");
      expect(lines[0]!.endsWith(",locked_base_units,pending_subscription_base_units,pending_redemption_base_units")).toBe(true);
      expect(lines.find((l) => l.startsWith(C.toLowerCase()))!.endsWith(`,0,${500n * TUSD},0`)).toBe(true);
      expect(lines.find((l) => l.startsWith(A.toLowerCase()))!.endsWith(`,${2n * TDF},0,${2n * TDF}`)).toBe(true);
    });

    it("lists a wallet with only a Pending subscription on the live cap table (balance 0), not at a record date", async () => {
      const get = async (qs: string) => (await (await capTableGET(as.issuer.request(`/api/assets/${token}/cap-table${qs}`), ctx({ token }))).json()) as CapTableResponse;
      const live = await get(`?q=${D.slice(2).toLowerCase()}`);
      expect(live.holders).toHaveLength(1);
      expect(live.holders[0]).toMatchObject({ wallet: D.toLowerCase(), balance: "0", pendingSubscription: (150n * TUSD).toString(), firstAcquiredBlock: null });
      const past = await get(`?q=${D.slice(2).toLowerCase()}&asOfBlock=${(await pc().getBlockNumber()).toString()}`);
      expect(past.holders).toEqual([]);
    });

    it("answers 503 when the database cannot answer, for the page and the CSV, never an empty history", async () => {
      const saved = process.env.DATABASE_URL;
      process.env.DATABASE_URL = "postgres://tessera:tessera@127.0.0.1:9/none"; // nothing listens on the discard port
      await resetServerState();
      try {
        for (const qs of ["", "?format=csv"]) {
          const r = await cash(as.investorA, qs);
          expect(r.status, qs).toBe(503);
          expect(((await r.json()) as { error: { code: string } }).error.code).toBe("DATABASE_UNAVAILABLE");
        }
      } finally {
        process.env.DATABASE_URL = saved;
        await resetServerState();
      }
    });

    it("streams the asset's transactions as CSV (token movements and money-leg events in chain order) to its readers only", async () => {
      const get = (b: Browser, qs = "?format=csv") => transactionsGET(b.request(`/api/assets/${token}/transactions${qs}`), ctx({ token }));
      expect((await get(as.anonymous)).status).toBe(401);
      expect((await get(as.investorA)).status).toBe(403);
      expect((await get(as.issuer, "")).status).toBe(400);
      const r = await get(as.issuer);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-disposition")).toBe('attachment; filename="transactions-TDF.csv"');
      const lines = (await r.text()).trim().split("\r\n");
      expect(lines[0]).toBe("date,block,log_index,transaction,source,type,from,to,wallets,amount_base_units,amount,details");
      const rows = lines.slice(1).map((l) => l.split(","));
      expect(rows.some((c) => c[4] === "token" && c[5] === "issuance")).toBe(true);
      expect(rows.some((c) => c[4] === "vault" && c[5] === "DepositRequest")).toBe(true);
      expect(rows.some((c) => c[4] === "dvp" && c[5] === "OfferTaken")).toBe(true);
      expect(rows.some((c) => c[4] === "distributor" && c[5] === "Claimed")).toBe(true);
      const order = rows.map((c) => [BigInt(c[1]!), Number(c[2])] as const);
      for (let i = 1; i < order.length; i++) {
        const [b0, l0] = order[i - 1]!;
        const [b1, l1] = order[i]!;
        expect(b1 > b0 || (b1 === b0 && l1 > l0)).toBe(true);
      }
    });
  });
}
