import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tesseraVaultAbi, testUsdAbi } from "@tessera/contracts";
import { backends } from "@tessera/db/testing";
import { deployAsset } from "@tessera/sdk";
import { rpc } from "@tessera/sdk/node";
import type { Address } from "viem";
import { GET as vaultGET } from "../app/api/assets/[token]/vault/route";
import { GET as queueGET } from "../app/api/assets/[token]/vault/queue/route";
import { GET as ordersGET } from "../app/api/investors/[wallet]/orders/route";
import { resetServerState } from "../lib/db/prisma";
import type { OrdersResponse, QueueResponse, VaultResponse } from "../lib/vault/types";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import type { Browser } from "./helpers/chain";

/**
 * The vault's server reads (issue 11): an asset's vault (NAV in effect and history, terms, next dealing date, the
 * wallet's vault roles), the queue of Pending requests (who from the index, how much from the chain now) and an
 * investor's orders, with their permissions, limits and a failing node answered 503. The demo vault on this file's own
 * anvil: B subscribed 300 TUSD, fulfilled at the first dealing date's NAV (1.05) and then subscribed 150 TUSD and
 * cancelled; A asked to redeem 50 TDF (due, not fulfilled); C subscribed 1,000 TUSD after the first dealing date (queued
 * for the next). Real indexer, PGlite (and PostgreSQL when DATABASE_URL is set).
 */
let chain: WebChain;
let vault: Address;
let token: string;
let A: Address;
let B: Address;
let C: Address;
let d1: bigint;
let d2: bigint;
let noVaultToken: string;
const TUSD = 10n ** 6n;
const NAV1 = 1_050_000n;
/** 50 TDF: above 2^63 base units, as most 18-decimal amounts are. */
const REDEEM = 50n * 10n ** 18n;

async function write(i: number, address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[]) {
  const { publicClient, wallets } = chain.clients;
  const hash = await wallets[i]!.writeContract({ address, abi, functionName, args } as never);
  const r = await publicClient.waitForTransactionReceipt({ hash });
  if (r.status !== "success") throw new Error(`${functionName} reverted`);
}
const read = <T>(functionName: string, args: readonly unknown[]) =>
  chain.clients.publicClient.readContract({ address: vault, abi: tesseraVaultAbi, functionName, args } as never) as Promise<T>;

beforeAll(async () => {
  chain = await startWebChain();
  vault = chain.demo.vault!;
  token = chain.demo.token.toLowerCase();
  [A, B, C] = chain.demo.investors.map((i) => i.wallet) as [Address, Address, Address];
  const usd = chain.demo.paymentToken;
  await write(3, usd, testUsdAbi, "approve", [vault, 10_000n * TUSD]);
  await write(3, vault, tesseraVaultAbi, "requestDeposit", [300n * TUSD, B, B]);
  await write(2, vault, tesseraVaultAbi, "requestRedeem", [REDEEM, A, A]);
  d1 = await read<bigint>("pendingDepositDealingDate", [B]);
  const now = (await chain.clients.publicClient.getBlock()).timestamp;
  await rpc(chain.anvil.rpcUrl, "evm_increaseTime", [Number(d1 - now)]);
  await rpc(chain.anvil.rpcUrl, "evm_mine", []);
  await write(0, vault, tesseraVaultAbi, "updateNav", [NAV1, d1]); // 5%: within the 10% limit
  await write(0, vault, tesseraVaultAbi, "fulfillDeposits", [d1, [B], [300n * TUSD]]);
  await write(3, vault, tesseraVaultAbi, "requestDeposit", [150n * TUSD, B, B]);
  await write(3, vault, tesseraVaultAbi, "cancelDepositRequest", [0n, B]);
  await write(4, usd, testUsdAbi, "approve", [vault, 1_000n * TUSD]);
  await write(4, vault, tesseraVaultAbi, "requestDeposit", [1_000n * TUSD, C, C]);
  d2 = await read<bigint>("pendingDepositDealingDate", [C]);
  const plain = await deployAsset(chain.clients.wallets[0], chain.clients.publicClient, chain.deployments, {
    name: "No Vault Fund", symbol: "NVF", decimals: 18, assetClass: 0, allowedCountries: [], maxHolders: 0n, maxBalance: 0n,
  });
  noVaultToken = plain.token.toLowerCase();
});
afterAll(async () => {
  await chain?.stop();
});

const ctx = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

for (const backend of backends()) {
  describe(`vault reads on ${backend.name}`, () => {
    let db: WebDatabase;
    let as: Browsers<"issuer" | "officer" | "investorA" | "investorB" | "investorC">;

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain, indexer: true });
      as = await db.signIn({ issuer: 0, officer: 1, investorA: 2, investorB: 3, investorC: 4 });
    });
    afterAll(async () => {
      await db?.stop();
    });

    const getVault = (b: Browser, t: string, qs = "") => vaultGET(b.request(`/api/assets/${t}/vault${qs}`), ctx({ token: t }));
    const getQueue = (b: Browser, qs = "") => queueGET(b.request(`/api/assets/${token}/vault/queue${qs}`), ctx({ token }));
    const getOrders = (b: Browser, w: string, qs = "") => ordersGET(b.request(`/api/investors/${w}/orders${qs}`), ctx({ wallet: w }));

    it("GET vault: the NAV in effect and its history, the terms and the next dealing date from the chain, the wallet's vault roles", async () => {
      expect((await getVault(as.anonymous, token)).status).toBe(401);
      expect((await getVault(as.issuer, "0x1234")).status).toBe(400);
      expect((await getVault(as.issuer, token, "?navLimit=101")).status).toBe(400);
      expect((await getVault(as.issuer, `0x${"ab".repeat(20)}`)).status).toBe(404);
      expect(((await (await getVault(as.issuer, noVaultToken)).json()) as VaultResponse).vault).toBeNull();

      const res = await getVault(as.issuer, token);
      expect(res.status).toBe(200);
      const v = ((await res.json()) as VaultResponse).vault!;
      expect(v.vault).toBe(vault.toLowerCase());
      expect(v.paymentToken).toEqual({ address: chain.demo.paymentToken.toLowerCase(), symbol: "TUSD", decimals: 6 });
      expect(v.share).toEqual({ symbol: "TDF", decimals: 18 });
      expect(v.nav).toEqual({ navPerShare: NAV1.toString(), valuationDate: Number(d1) });
      expect(v.pendingNav).toBeNull();
      expect(v.navMoveLimitBps).toBe(1_000);
      expect(v.terms).toMatchObject({ interval: 86_400, cutoff: 3_600, minDeposit: (100n * TUSD).toString(), minRedeem: (10n ** 18n).toString() });
      expect(v.nextDealingDate).toBe(Number(d2));
      expect(v.nextCutoff).toBe(Number(d2) - 3_600);
      expect(v.lastDealingDate).toBe(Number(d1));
      expect(v.navHistory[0]).toMatchObject({ valuationDate: Number(d1), navPerShare: NAV1.toString(), approver: null });
      expect(v.you).toEqual({ fundAdmin: true, navAgent: true, navApprover: false });
      const officer = ((await (await getVault(as.officer, token)).json()) as VaultResponse).vault!;
      expect(officer.you).toEqual({ fundAdmin: false, navAgent: false, navApprover: true });
    });

    it("GET queue: Pending requests per controller with their dealing dates; fulfilled and cancelled ones are not there", async () => {
      expect((await getQueue(as.anonymous)).status).toBe(401);
      expect((await getQueue(as.investorC)).status).toBe(403);
      for (const bad of ["?pageSize=101", "?pageSize=0", "?page=0", "?kind=swap"]) expect((await getQueue(as.issuer, bad)).status, bad).toBe(400);

      const q = (await (await getQueue(as.issuer)).json()) as QueueResponse;
      expect(q.total).toBe(2);
      expect(q.rows.map((r) => ({ kind: r.kind, controller: r.controller, pending: r.pending, dealingDate: r.dealingDate }))).toEqual([
        { kind: "redeem", controller: A.toLowerCase(), pending: (REDEEM).toString(), dealingDate: Number(d1) },
        { kind: "deposit", controller: C.toLowerCase(), pending: (1_000n * TUSD).toString(), dealingDate: Number(d2) },
      ]);
      const deposits = (await (await getQueue(as.officer, "?kind=deposit")).json()) as QueueResponse;
      expect(deposits.rows.map((r) => r.controller)).toEqual([C.toLowerCase()]);
      const paged = (await (await getQueue(as.issuer, "?pageSize=1&page=2")).json()) as QueueResponse;
      expect(paged).toMatchObject({ total: 2, page: 2, pageSize: 1 });
      expect(paged.rows.map((r) => r.kind)).toEqual(["deposit"]);
    });

    it("GET orders: the wallet's Pending, Claimable and cancelled amounts from the chain, its events from the index; others 403", async () => {
      expect((await getOrders(as.anonymous, B)).status).toBe(401);
      expect((await getOrders(as.investorC, B)).status).toBe(403);
      expect((await getOrders(as.investorB, B, "?pageSize=101")).status).toBe(400);
      expect((await getOrders(as.officer, B)).status).toBe(200);

      const o = (await (await getOrders(as.investorB, B)).json()) as OrdersResponse;
      const p = o.positions.find((x) => x.token === token)!;
      expect(p).toMatchObject({
        vault: vault.toLowerCase(),
        depositPending: "0",
        depositClaimableAssets: (300n * TUSD).toString(),
        depositClaimableShares: ((300n * TUSD * 10n ** 18n) / NAV1).toString(),
        depositCancelClaimable: (150n * TUSD).toString(),
        redeemPending: "0",
      });
      expect(o.history.rows.filter((r) => r.token === token).map((r) => r.label)).toEqual([
        "Subscription cancelled",
        "Subscription requested",
        "Subscription fulfilled",
        "Subscription requested",
      ]);
      expect(o.history.rows.find((r) => r.event === "DepositFulfilled")).toMatchObject({ assets: (300n * TUSD).toString(), dealingDate: Number(d1) });

      const c = (await (await getOrders(as.investorC, C)).json()) as OrdersResponse;
      expect(c.positions.find((x) => x.token === token)).toMatchObject({ depositPending: (1_000n * TUSD).toString(), depositDealingDate: Number(d2) });
      const a = (await (await getOrders(as.investorA, A, "?pageSize=1")).json()) as OrdersResponse;
      expect(a.positions.find((x) => x.token === token)).toMatchObject({ redeemPending: (REDEEM).toString(), redeemDealingDate: Number(d1) });
      expect(a.history).toMatchObject({ total: 1, pageSize: 1 });
    });

    it("a node that cannot answer is a 503, never an empty answer", async () => {
      const saved = process.env.RPC_URL;
      process.env.RPC_URL = "http://127.0.0.1:9"; // nothing listens on the discard port
      await resetServerState();
      try {
        for (const res of [await getVault(as.issuer, token), await getQueue(as.issuer), await getOrders(as.investorB, B)]) {
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
