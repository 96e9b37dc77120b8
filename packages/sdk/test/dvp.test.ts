// The SDK's DvP actions (actions/dvp.ts) on a chain of this file's own with the demo seeded (the DvP is a locker of
// the demo asset): offers taken with a permit and with an approval (both legs in one transaction), cancellation and
// release after expiry, and every refusal read before any transaction (zero amount, past expiry, more than available,
// an unverified buyer in words, max holders in words, an expired offer, another buyer's offer). Also keeps the SDK's
// DvP code texts equal to contracts/src/dvp/DvPCodes.sol.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { testUsdAbi, tokenAbi } from "@tessera/contracts";
import { DVP_CODE_TEXT, cancelOffer, checkTake, createOffer, deployAsset, getOffer, mint, releaseExpired, takeOffer } from "@tessera/sdk";
import { rpc, seedDemo, type DemoSeed } from "@tessera/sdk/node";
import { expectRefusedWithoutWrites, startTestChain, type TestChain } from "./helpers";

let chain: TestChain;
let demo: DemoSeed;
let dvp: Address;

beforeAll(async () => {
  chain = await startTestChain("DVP_TEST_ANVIL_PORT");
  demo = await seedDemo({ rpcUrl: chain.anvil.rpcUrl, deployments: chain.deployments });
  dvp = chain.deployments.dvp!;
});

afterAll(async () => {
  await chain?.anvil.stop();
});

const w = (i: number) => chain.clients.wallets[i]!;
const pc = () => chain.clients.publicClient;
const addr = (i: number) => w(i).account.address;
const usd = (a: Address) => pc().readContract({ address: demo.paymentToken, abi: testUsdAbi, functionName: "balanceOf", args: [a] });
const bal = (t: Address, a: Address) => pc().readContract({ address: t, abi: tokenAbi, functionName: "balanceOf", args: [a] });
const locked = (t: Address, a: Address) => pc().readContract({ address: t, abi: tokenAbi, functionName: "getLockedTokens", args: [a] });
const now = async () => (await pc().getBlock()).timestamp;
const TUSD = 10n ** 6n;
const TDF = 10n ** 18n;

async function warp(seconds: number) {
  await rpc(chain.anvil.rpcUrl, "evm_increaseTime", [seconds]);
  await rpc(chain.anvil.rpcUrl, "evm_mine", []);
}

describe("DvP codes", () => {
  it("has the contract's text for every DvP code of DvPCodes.sol", () => {
    const sol = readFileSync(fileURLToPath(new URL("../../../contracts/src/dvp/DvPCodes.sol", import.meta.url)), "utf8");
    const codes = new Map<string, number>();
    for (const m of sol.matchAll(/uint8\s+internal\s+constant\s+([A-Z_]+)\s*=\s*(\d+)\s*;/g)) codes.set(m[1]!, Number(m[2]));
    const fn = sol.slice(sol.indexOf("function message("), sol.indexOf("function buyerMessage("));
    const texts = new Map<string, string>();
    for (const m of fn.matchAll(/if\s*\(code\s*==\s*([A-Z_]+)\)\s*\{?\s*return\s+"((?:[^"\\]|\\.)*)"/g)) texts.set(m[1]!, m[2]!);
    expect(codes.size).toBe(13);
    for (const [name, code] of codes) expect(DVP_CODE_TEXT[code], name).toBe(texts.get(name));
    expect(Object.keys(DVP_CODE_TEXT).map(Number).sort()).toEqual([...codes.values()].sort());
  });
});

describe("offers taken", () => {
  it("settles an offer to any verified buyer with a permit: one transaction, both legs", async () => {
    const [seller, buyer] = [addr(2), addr(4)];
    const amount = 100n * TDF;
    const price = 150n * TUSD;
    const o = await createOffer(w(2), pc(), { dvp, token: demo.token, amount, paymentToken: demo.paymentToken, price, expiry: (await now()) + 86_400n });
    expect(o.id).toBe(1n);
    expect(await locked(demo.token, seller)).toBe(amount);
    const offer = await getOffer(pc(), { dvp, id: o.id });
    expect(offer).toMatchObject({ status: "Open", seller, buyer: null, amount, price });
    expect((await checkTake(pc(), { dvp, id: o.id, buyer })).code).toBe(112); // allowance short: the action fixes it

    const [sellerUsd, buyerUsd, sellerTdf] = [await usd(seller), await usd(buyer), await bal(demo.token, seller)];
    const blockBefore = await pc().getBlockNumber();
    const t = await takeOffer(w(4), pc(), { dvp, id: o.id });
    expect(t.permit).toBe(true);
    expect(t.approval).toBeNull();
    expect(await pc().getBlockNumber()).toBe(blockBefore + 1n); // the settlement only
    expect(await usd(seller)).toBe(sellerUsd + price);
    expect(await usd(buyer)).toBe(buyerUsd - price);
    expect(await bal(demo.token, seller)).toBe(sellerTdf - amount);
    expect(await bal(demo.token, buyer)).toBe(amount);
    expect(await locked(demo.token, seller)).toBe(0n);
    expect((await getOffer(pc(), { dvp, id: o.id })).status).toBe("Taken");
    await expectRefusedWithoutWrites(pc(), () => takeOffer(w(3), pc(), { dvp, id: o.id }), "OfferNotOpen");
  });

  it("settles an offer to a named buyer after an ERC-20 approval, and refuses it to anyone else", async () => {
    const o = await createOffer(w(3), pc(), { dvp, token: demo.token, amount: 10n * TDF, paymentToken: demo.paymentToken, price: 12n * TUSD, buyer: addr(4), expiry: (await now()) + 3_600n });
    const other = await expectRefusedWithoutWrites(pc(), () => takeOffer(w(2), pc(), { dvp, id: o.id }), "NotOfferBuyer");
    expect(other.message).toBe("the offer is for another buyer");
    const t = await takeOffer(w(4), pc(), { dvp, id: o.id, approval: "approve" });
    expect(t.permit).toBe(false);
    expect(t.approval?.receipt.status).toBe("success");
    expect(t.receipt.status).toBe("success");
  });
});

describe("refusals before any transaction", () => {
  it("refuses a zero amount, a zero price, a past expiry and more than the seller's available tokens", async () => {
    const t0 = await now();
    const base = { dvp, token: demo.token, paymentToken: demo.paymentToken, expiry: t0 + 3_600n };
    await expectRefusedWithoutWrites(pc(), () => createOffer(w(2), pc(), { ...base, amount: 0n, price: TUSD }), "InvalidAmount");
    await expectRefusedWithoutWrites(pc(), () => createOffer(w(2), pc(), { ...base, amount: TDF, price: 0n }), "InvalidPrice");
    await expectRefusedWithoutWrites(pc(), () => createOffer(w(2), pc(), { ...base, amount: TDF, price: TUSD, expiry: t0 - 1n }), "InvalidExpiry");
    const short = await expectRefusedWithoutWrites(pc(), () => createOffer(w(2), pc(), { ...base, amount: 1_000_000n * TDF, price: TUSD }), "OfferRestricted");
    expect(short.code).toBe(109);
    expect(short.message).toMatch(/available balance/);
  });

  it("refuses an offer to a named unverified buyer, and an unverified buyer's take, in words", async () => {
    const expiry = (await now()) + 3_600n;
    const named = await expectRefusedWithoutWrites(
      pc(),
      () => createOffer(w(2), pc(), { dvp, token: demo.token, amount: TDF, paymentToken: demo.paymentToken, price: TUSD, buyer: demo.unregistered, expiry }),
      "OfferRestricted",
    );
    expect(named.code).toBe(5);
    const o = await createOffer(w(2), pc(), { dvp, token: demo.token, amount: TDF, paymentToken: demo.paymentToken, price: TUSD, expiry });
    const err = await expectRefusedWithoutWrites(pc(), () => takeOffer(w(5), pc(), { dvp, id: o.id }), "OfferRestricted");
    expect(err.message).toBe("you are not verified for this asset");
    expect(err.code).toBe(5);
    await cancelOffer(w(2), pc(), { dvp, id: o.id });
    expect(await locked(demo.token, addr(2))).toBe(0n);
    await expectRefusedWithoutWrites(pc(), () => cancelOffer(w(2), pc(), { dvp, id: o.id }), "OfferNotOpen");
  });

  it("refuses a take that would exceed the asset's maximum number of holders, in words", async () => {
    const a = await deployAsset(w(0), pc(), chain.deployments, { name: "One Holder Co", symbol: "OHC", decimals: 0, assetClass: 2, maxHolders: 1n });
    await mint(w(0), pc(), { token: a.token, to: addr(2), amount: 10n });
    const hash = await w(0).writeContract({ address: a.token, abi: tokenAbi, functionName: "setLocker", args: [dvp, true] });
    await pc().waitForTransactionReceipt({ hash });
    const o = await createOffer(w(2), pc(), { dvp, token: a.token, amount: 5n, paymentToken: demo.paymentToken, price: TUSD, expiry: (await now()) + 3_600n });
    const err = await expectRefusedWithoutWrites(pc(), () => takeOffer(w(3), pc(), { dvp, id: o.id }), "OfferRestricted");
    expect(err.message).toBe("this would exceed the asset's maximum number of holders");
    expect(err.code).toBe(7);
  });

  it("refuses an expired offer to the buyer, refuses a release before expiry, and releases it after", async () => {
    const o = await createOffer(w(3), pc(), { dvp, token: demo.token, amount: TDF, paymentToken: demo.paymentToken, price: TUSD, expiry: (await now()) + 60n });
    await expectRefusedWithoutWrites(pc(), () => releaseExpired(w(4), pc(), { dvp, id: o.id }), "OfferNotExpired");
    await warp(120);
    const err = await expectRefusedWithoutWrites(pc(), () => takeOffer(w(4), pc(), { dvp, id: o.id }), "OfferExpired");
    expect(err.message).toBe("the offer has expired");
    const lockedBefore = await locked(demo.token, addr(3));
    await releaseExpired(w(4), pc(), { dvp, id: o.id });
    expect((await getOffer(pc(), { dvp, id: o.id })).status).toBe("Released");
    expect(await locked(demo.token, addr(3))).toBe(lockedBefore - TDF);
    await expectRefusedWithoutWrites(pc(), () => getOffer(pc(), { dvp, id: "x" as unknown as bigint }), "InvalidInput");
  });
});
