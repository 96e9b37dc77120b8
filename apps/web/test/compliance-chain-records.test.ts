import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { identityRegistryAbi } from "@tessera/contracts";
import { syncInvestor } from "@tessera/sdk";
import { type AnvilHandle, devClients, ensureTwoChains, relayDispatched, RELAYER_DEV_ACCOUNT_INDEX, startAnvil } from "@tessera/sdk/node";
import type { Deployments } from "@tessera/contracts";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { GET as chainsGET } from "../app/api/investors/[wallet]/chains/route";
import { GET as pageGET } from "../app/api/investors/chains/route";
import { deleteIdentity, updateCountry } from "../lib/compliance/chain-actions";
import { classifyChainRecord, getInvestorChains, INVESTOR_CHAINS_MAX_WALLETS } from "../lib/compliance/identity-sync-status";
import { readOtherChains } from "../lib/compliance/other-chains";
import { resetServerState } from "../lib/db/prisma";
import type { InvestorChainsResponse, InvestorsChainsResponse } from "../lib/shared/api-types";
import { startWebDatabase, type Browsers, type WebDatabase } from "./helpers/backend";
import type { Browser } from "./helpers/chain";

// The compliance console's "other chains" status of an investor's record over two real anvils (npm start's
// ensureTwoChains): current after the seed, out of date after a home registry change, pending once synced and not
// delivered ("pending on L2"), current again once delivered; a removal carried the same way; an L2 node down is
// reported per chain as unavailable. The routes: one wallet (the detail view), a page of wallets in one request (the
// investors table), with their limits.
let l1: AnvilHandle;
let l2: AnvilHandle;
let home: Deployments;
let remote: Deployments;
const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "tessera-web-chain-records-")), "deployments");
const saved = { ...process.env };

beforeAll(async () => {
  [l1, l2] = await Promise.all([startAnvil({ chainId: 31337 }), startAnvil({ chainId: 31338 })]);
  const r = await ensureTwoChains({ home: { rpcUrl: l1.rpcUrl, chainId: 31337 }, remote: { rpcUrl: l2.rpcUrl, chainId: 31338 }, deploymentsDir: dir });
  home = r.home.deployments;
  remote = r.remote.deployments;
  Object.assign(process.env, { RPC_URL: l1.rpcUrl, CHAIN_ID: "31337", DEPLOYMENTS_DIR: dir, TESSERA_CHAINS: `31338=${l2.rpcUrl}`, TESSERA_CHAIN_NAMES: "" });
  await resetServerState();
}, 120_000);

afterAll(async () => {
  process.env = saved;
  await resetServerState();
  await Promise.all([l1?.stop(), l2?.stop()]);
});

describe("classifyChainRecord", () => {
  it("classifies: a sent sequence above the applied one is pending; else equal records are current", () => {
    const r = { identity: "0x00000000000000000000000000000000000000aa", country: 840, kycExpiresAt: "100" };
    expect(classifyChainRecord(r, r, 2n, 1n)).toBe("pending");
    expect(classifyChainRecord(r, r, 1n, 1n)).toBe("current");
    expect(classifyChainRecord(r, { ...r, country: 250 }, 1n, 1n)).toBe("out-of-date");
    expect(classifyChainRecord({ ...r, identity: null }, { ...r, identity: null, country: 0 }, 0n, 0n)).toBe("current");
    expect(classifyChainRecord(r, { ...r, identity: null }, 0n, 0n)).toBe("out-of-date");
  });
});

describe("getInvestorChains over two anvils", () => {
  it("follows a country change and a removal from the home chain to the L2", async () => {
    const c1 = await devClients(l1.rpcUrl, 5);
    const c2 = await devClients(l2.rpcUrl, RELAYER_DEV_ACCOUNT_INDEX + 1);
    const wallet = c1.wallets[2]!.account.address as Address;
    const relay = (receipt: Parameters<typeof relayDispatched>[0]) =>
      relayDispatched(receipt, { publicClient: c2.publicClient, walletClient: c2.wallets[RELAYER_DEV_ACCOUNT_INDEX]!, mailbox: remote.messaging!.mailbox });
    const others = await readOtherChains();
    expect(others.map((c) => [c.chainId, c.name, c.deployments?.identitySync])).toEqual([[31338, "L2", remote.identitySync]]);

    let s = await getInvestorChains(wallet);
    expect(s.identitySync).toBe(home.identitySync);
    expect(s.chains).toMatchObject([{ chainId: 31338, name: "L2", status: "current", sentSequence: "1", appliedSequence: "1" }]);
    expect(s.chains[0]!.record).toEqual(s.home.record);

    await updateCountry(c1.wallets[1]!, c1.publicClient, { registry: home.identityRegistry, wallet, country: 250 });
    s = await getInvestorChains(wallet);
    expect(s.home.record.country).toBe(250);
    expect(s.chains[0]).toMatchObject({ status: "out-of-date", record: { country: 840 } });

    const sent = await syncInvestor(c1.wallets[1]!, c1.publicClient, { identitySync: home.identitySync!, wallet });
    expect(sent.records.map((r) => [r.chainId, r.country])).toEqual([[31338, 250]]);
    s = await getInvestorChains(wallet);
    expect(s.chains[0]).toMatchObject({ status: "pending", sentSequence: "2", appliedSequence: "1" });
    expect(await relay(sent.receipt)).toHaveLength(1);
    s = await getInvestorChains(wallet);
    expect(s.chains[0]).toMatchObject({ status: "current", appliedSequence: "2", record: { country: 250 } });

    await deleteIdentity(c1.wallets[1]!, c1.publicClient, { registry: home.identityRegistry, wallet });
    expect((await getInvestorChains(wallet)).chains[0]!.status).toBe("out-of-date");
    await relay((await syncInvestor(c1.wallets[1]!, c1.publicClient, { identitySync: home.identitySync!, wallet })).receipt);
    s = await getInvestorChains(wallet);
    expect(s.home.record.identity).toBeNull();
    expect(s.chains[0]).toMatchObject({ status: "current", record: { identity: null } });
    expect(await c2.publicClient.readContract({ address: remote.identityRegistry, abi: identityRegistryAbi, functionName: "isVerified", args: [wallet] })).toBe(false);
  }, 120_000);

  it("reports an L2 whose node is down as unavailable, in words", async () => {
    const [l2c] = await readOtherChains();
    const s = await getInvestorChains(home.identityRegistry, { otherChains: [{ ...l2c!, rpcUrl: "http://127.0.0.1:1" }] });
    expect(s.chains[0]).toMatchObject({ status: "unavailable", problem: "The L2 node is unavailable." });
  });
});

describe("GET /api/investors/chains (a page of wallets) and GET /api/investors/[wallet]/chains", () => {
  let db: WebDatabase;
  let as: Browsers<"officer" | "investor">;
  const fresh = (): Address => privateKeyToAccount(generatePrivateKey()).address;
  const page = (b: Browser, wallets: string) => pageGET(b.request(`/api/investors/chains?wallets=${wallets}`));
  const one = (b: Browser, wallet: string) => chainsGET(b.request(`/api/investors/${wallet}/chains`), { params: Promise.resolve({ wallet }) });

  beforeAll(async () => {
    db = await startWebDatabase("pglite");
    as = await db.signIn({ officer: 1, investor: 2 });
  }, 60_000);
  afterAll(async () => {
    await db?.stop();
  });

  it("answers each wallet of a page as the one-wallet route does, in the order asked, repeats once", async () => {
    const c1 = await devClients(l1.rpcUrl, 5);
    const synced = c1.wallets[3]!.account.address as Address; // Investor B: registered on L1, carried to the L2 by the seed
    const changed = c1.wallets[4]!.account.address as Address; // Investor C (France), moved to Germany on L1, not synced
    await updateCountry(c1.wallets[1]!, c1.publicClient, { registry: home.identityRegistry, wallet: changed, country: 276 });
    const nobody = fresh();
    const res = await page(as.officer, [synced, changed.toLowerCase(), nobody, synced].join(","));
    expect(res.status).toBe(200);
    const body = (await res.json()) as InvestorsChainsResponse;
    expect(body.identitySync).toBe(home.identitySync);
    expect(body.investors.map((i) => [i.wallet, i.chains.map((c) => c.status)])).toEqual([
      [synced, ["current"]],
      [changed, ["out-of-date"]],
      [nobody, ["current"]],
    ]);
    for (const entry of body.investors) {
      const single = await one(as.officer, entry.wallet);
      expect(single.status).toBe(200);
      expect((await single.json()) as InvestorChainsResponse).toEqual(entry);
    }
  }, 60_000);

  it("refuses: 401 signed out, 403 not an officer, 400 no wallets, a bad address or more than 100 wallets", async () => {
    const w = fresh();
    expect((await page(as.anonymous, w)).status).toBe(401);
    expect((await page(as.investor, w)).status).toBe(403);
    expect((await one(as.investor, w)).status).toBe(403);
    const bad = async (wallets: string | null, message: string) => {
      const res = await pageGET(as.officer.request(wallets === null ? "/api/investors/chains" : `/api/investors/chains?wallets=${wallets}`));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(message);
    };
    await bad(null, "wallets: give comma-separated wallet addresses");
    await bad(`${w},0x1234`, "wallets.1: must be a 0x-prefixed 20-byte hex address");
    await bad(`${w},`, "wallets.1: must be a 0x-prefixed 20-byte hex address");
    const many = Array.from({ length: INVESTOR_CHAINS_MAX_WALLETS + 1 }, fresh);
    await bad(many.join(","), `at most ${INVESTOR_CHAINS_MAX_WALLETS} wallets at once`);
    // The limit itself is answered, every wallet once.
    const full = await page(as.officer, many.slice(1).join(","));
    expect(full.status).toBe(200);
    expect(((await full.json()) as InvestorsChainsResponse).investors).toHaveLength(INVESTOR_CHAINS_MAX_WALLETS);
  }, 60_000);
});
