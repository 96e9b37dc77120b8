import type { Page } from "@playwright/test";
import { dvpAbi, tokenAbi } from "@tessera/contracts";
import { deployAsset, mint } from "@tessera/sdk";
import { erc20Abi, type Address, type Hash, type Hex, type TypedDataDefinition } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { createInvestor, expect, mintPaymentToken, signInWithBrowserWallet, test, TUSD, useBrowserWallet, type Investor, type Platform } from "./fixtures";
import { artifact, openSection, row, watchConsole } from "./support";

/**
 * DvP trades between investors (issue 11), in the browser against anvil, the indexer and the database. Setup (SDK):
 * the issuer deploys "DvP Journey Trust" (DJT), allows the platform's DvP to lock it, and mints 100 DJT to a fresh
 * seller; a fresh buyer gets 1,000 TUSD and a fresh unregistered wallet 500 TUSD. Then, in steps: the seller offers
 * 10 DJT to the named buyer for 150 TUSD (the DvP's check answers in words first; the 10 DJT are locked); offers of more than
 * the available tokens or to an unverified named buyer are refused in words; the buyer
 * sees it and takes it with a permit (one transaction: 150 TUSD to the seller, 10 DJT to the buyer); both see the
 * trade as Taken with its transaction, the tokens and the cash moved, and the lock back to 0. The seller offers 5 DJT
 * to any verified buyer; the unregistered wallet trying to take it reads "you are not verified for this asset" and
 * nothing moves; the seller cancels it and its tokens unlock. Each journey owns its asset and investors; the chain's
 * clock is not moved.
 */
const ASSET = { name: "DvP Journey Trust", symbol: "DJT" };
const DJT = 10n ** 18n;
let token: Address;
let seller: Investor;
let buyer: Investor;
let outsider: Investor;
let platformRef: Platform;
let firstOffer: bigint;
let secondOffer: bigint;

test.describe.configure({ mode: "serial" });

const read = <T>(address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[]) =>
  platformRef.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>;
const djtBalance = (w: Address) => read<bigint>(token, erc20Abi, "balanceOf", [w]);
const djtLocked = (w: Address) => read<bigint>(token, tokenAbi, "getLockedTokens", [w]);
const usdBalance = (w: Address) => read<bigint>(platformRef.deployments.paymentToken!, erc20Abi, "balanceOf", [w]);

async function send(hash: Promise<Hash>) {
  const r = await platformRef.publicClient.waitForTransactionReceipt({ hash: await hash });
  expect(r.status).toBe("success");
}

/**
 * Signs an `eth_signTypedData_v4` request (a JSON string, integers as strings) with the key in the test: the ERC-2612
 * permit a buyer signs to pay with one transaction.
 */
function signTypedJson(account: PrivateKeyAccount, json: string): Promise<Hex> {
  const t = JSON.parse(json) as { domain: Record<string, unknown>; types: Record<string, { name: string; type: string }[]>; primaryType: string; message: Record<string, unknown> };
  const { EIP712Domain: _domainTypes, ...types } = t.types;
  const ints = (fields: { name: string; type: string }[] | undefined, o: Record<string, unknown>) => {
    for (const f of fields ?? []) if (/^u?int\d*$/.test(f.type) && o[f.name] !== undefined) o[f.name] = BigInt(o[f.name] as string);
    return o;
  };
  const domain = ints([{ name: "chainId", type: "uint256" }], { ...t.domain });
  const message = ints(types[t.primaryType], { ...t.message });
  return account.signTypedData({ domain, types, primaryType: t.primaryType, message } as unknown as TypedDataDefinition);
}

/**
 * The fixtures' browser wallet for a fresh investor, which also signs typed data (EIP-712) with the investor's key:
 * anvil cannot sign for a wallet it only impersonates.
 */
async function useTradingWallet(page: Page, investor: Investor) {
  await useBrowserWallet(page, investor.account);
  await page.exposeFunction("__walletSignTyped", (json: string) => signTypedJson(investor.account, json));
  await page.addInitScript(() => {
    const w = window as unknown as { ethereum: { request: (a: { method: string; params?: unknown[] }) => Promise<unknown> }; __walletSignTyped: (json: string) => Promise<string> };
    const inner = w.ethereum.request.bind(w.ethereum);
    w.ethereum.request = (a) => (a.method === "eth_signTypedData_v4" ? w.__walletSignTyped(String((a.params ?? [])[1])) : inner(a));
  });
}

/** The row of offer `id` in the table "Offers" or "Trade history" (its first cell is "#id"). */
const offerRow = (page: Page, table: "Offers" | "Trade history", id: bigint) => row(page, table, new RegExp(`^#${id}(?!\\d)`));

/** The id of the offer the form just created, as its progress says it ("Offer 7 created: …"; other journeys may offer too). */
async function createdOffer(page: Page): Promise<bigint> {
  const text = (await page.getByRole("status", { name: "Offer progress" }).textContent()) ?? "";
  const id = /Offer (\d+) created/.exec(text)?.[1];
  expect(id, text).toBeDefined();
  return BigInt(id!);
}

/** The investor's Trades section, signed in with the investor's browser wallet. */
async function trades(page: Page, investor: Investor) {
  await useTradingWallet(page, investor);
  await page.goto("/investor/trades");
  await signInWithBrowserWallet(page, investor.address);
  await expect(page.getByRole("heading", { name: "Offers", exact: true })).toBeVisible();
}

test.beforeAll(async ({ platform }) => {
  platformRef = platform;
  const { publicClient, issuer, deployments } = platform;
  const d = await deployAsset(issuer, publicClient, deployments, { ...ASSET, decimals: 18, assetClass: 0, allowedCountries: [], maxHolders: 0n, maxBalance: 0n });
  token = d.token;
  await send(issuer.writeContract({ address: token, abi: tokenAbi, functionName: "setLocker", args: [deployments.dvp!, true] }));
  [seller, buyer, outsider] = await Promise.all([createInvestor(platform, { country: 840 }), createInvestor(platform, { country: 840 }), createInvestor(platform, null)]);
  await mint(issuer, publicClient, { token, to: seller.address, amount: 100n * DJT });
  await mintPaymentToken(platform, buyer.address, 1_000n * TUSD);
  await mintPaymentToken(platform, outsider.address, 500n * TUSD);
});

test("the seller offers 10 DJT to the named buyer for 150 TUSD; the buyer takes it; tokens and cash move on both sides", async ({ page, newPage }) => {
  const errors = watchConsole(page);
  await trades(page, seller);
  await page.getByLabel("Asset").selectOption(token.toLowerCase());
  await expect(page.getByRole("status", { name: "Available to offer" })).toContainText("Available to offer: 100 DJT of 100 DJT.");
  await page.getByLabel("Amount (DJT)").fill("10");
  await page.getByLabel("Price for the whole amount (TUSD)").fill("150");
  await page.getByLabel("A named wallet").check();
  await page.getByLabel("Buyer wallet").fill(buyer.address);
  await page.getByLabel("Expires in").selectOption({ label: "1 day" });
  await page.getByRole("button", { name: "Offer tokens" }).click();
  await expect(page.getByRole("status", { name: "Offer check" })).toContainText("Checked: the offer is allowed");
  await expect(page.getByRole("status", { name: "Offer progress" })).toContainText(`created: 10 DJT for 150 TUSD to ${buyer.address.toLowerCase()}`);
  await expect(page.getByRole("status", { name: "Offer progress" })).toContainText("indexed");
  firstOffer = await createdOffer(page);
  const offered = offerRow(page, "Offers", firstOffer);
  await expect(offered).toContainText(`${ASSET.name} (DJT)10 DJT150 TUSD15 TUSD per DJTyou`);
  await expect(offered).toContainText("Open");
  await expect(row(page, "Tradable holdings", ASSET.name)).toContainText("100 DJT10 DJT90 DJT");
  expect(await djtLocked(seller.address)).toBe(10n * DJT);

  const b = await newPage();
  const buyerErrors = watchConsole(b);
  await trades(b, buyer);
  await expect(b.getByRole("status", { name: "Payment token balance" })).toContainText("Your TUSD balance: 1,000 TUSD");
  const mine = offerRow(b, "Offers", firstOffer);
  await expect(mine).toContainText("10 DJT150 TUSD15 TUSD per DJT");
  await expect(mine).toContainText("you");
  await mine.getByRole("button", { name: `Take offer #${firstOffer}` }).click();
  await expect(b.getByRole("status", { name: "Trade progress" })).toContainText(
    `Offer ${firstOffer} taken: 10 DJT delivered to you against 150 TUSD paid to the seller, in one transaction.`,
  );
  await expect(b.getByRole("status", { name: "Trade progress" })).toContainText("indexed");
  const [taken] = await platformRef.publicClient.getContractEvents({ address: platformRef.deployments.dvp!, abi: dvpAbi, eventName: "OfferTaken", args: { id: firstOffer }, fromBlock: 0n });
  const tx = taken!.transactionHash;
  await expect(offerRow(b, "Trade history", firstOffer)).toContainText("Taken");
  await expect(offerRow(b, "Trade history", firstOffer)).toContainText(tx);
  await expect(b.getByRole("status", { name: "Payment token balance" })).toContainText("Your TUSD balance: 850 TUSD");
  await expect(row(b, "Tradable holdings", ASSET.name)).toContainText("10 DJT0 DJT10 DJT");
  await b.screenshot({ path: artifact("investor-trades-buyer.png"), fullPage: true });

  // The seller's side: the same trade, Taken with its transaction; 90 DJT, none locked; 150 TUSD received.
  await expect(offerRow(page, "Trade history", firstOffer)).toContainText("Taken");
  await expect(offerRow(page, "Trade history", firstOffer)).toContainText(tx);
  await expect(offerRow(page, "Offers", firstOffer)).toHaveCount(0);
  await expect(row(page, "Tradable holdings", ASSET.name)).toContainText("90 DJT0 DJT90 DJT");
  await expect(page.getByRole("status", { name: "Payment token balance" })).toContainText("Your TUSD balance: 150 TUSD");
  await openSection(page, "Investor sections", "Portfolio");
  await expect(row(page, "Holdings", ASSET.name)).toContainText("90");
  expect([await djtBalance(seller.address), await djtLocked(seller.address), await djtBalance(buyer.address)]).toEqual([90n * DJT, 0n, 10n * DJT]);
  expect([await usdBalance(seller.address), await usdBalance(buyer.address)]).toEqual([150n * TUSD, 850n * TUSD]);
  expect(errors).toEqual([]);
  expect(buyerErrors).toEqual([]);
});

test("offers the DvP refuses are refused in words; an unregistered wallet trying to take an offer to any verified buyer is refused in words, and nothing moves", async ({ page, newPage }) => {
  const errors = watchConsole(page);
  await trades(page, seller);
  await page.getByLabel("Asset").selectOption(token.toLowerCase());
  // The DvP's check refuses in words before anything is signed: more than the available 90 DJT, an unverified buyer.
  await page.getByLabel("Amount (DJT)").fill("91");
  await page.getByLabel("Price for the whole amount (TUSD)").fill("50");
  await page.getByLabel("Buyer wallet").fill(outsider.address);
  await page.getByRole("button", { name: "Offer tokens" }).click();
  await expect(page.getByRole("alert", { name: "Offer progress" })).toContainText("Not allowed: the amount exceeds the seller's available balance (not frozen, not locked)");
  await page.getByLabel("Amount (DJT)").fill("5");
  await page.getByRole("button", { name: "Offer tokens" }).click();
  await expect(page.getByRole("alert", { name: "Offer progress" })).toContainText("Not allowed: the recipient is not verified");
  await expect(page.getByRole("status", { name: "Offer check" })).toContainText("Not allowed: the recipient is not verified");
  expect(await djtLocked(seller.address)).toBe(0n);
  await page.getByLabel("Price for the whole amount (TUSD)").fill("50");
  await page.getByLabel("Any verified buyer").check();
  await page.getByRole("button", { name: "Offer tokens" }).click();
  await expect(page.getByRole("status", { name: "Offer progress" })).toContainText("created: 5 DJT for 50 TUSD to any verified buyer");
  await expect(page.getByRole("status", { name: "Offer progress" })).toContainText("indexed");
  secondOffer = await createdOffer(page);
  await expect(offerRow(page, "Offers", secondOffer)).toContainText("5 DJT50 TUSD10 TUSD per DJTyouany verified buyer");

  const o = await newPage();
  const outsiderErrors = watchConsole(o);
  await trades(o, outsider);
  const open = offerRow(o, "Offers", secondOffer);
  await expect(open).toContainText("any verified buyer");
  await open.getByRole("button", { name: `Take offer #${secondOffer}` }).click();
  await expect(o.getByRole("alert", { name: "Trade progress" })).toContainText("Not allowed: you are not verified for this asset");
  expect([await djtBalance(outsider.address), await usdBalance(outsider.address), await djtLocked(seller.address)]).toEqual([0n, 500n * TUSD, 5n * DJT]);
  await expect(open).toContainText("Open");
  expect(errors).toEqual([]);
  expect(outsiderErrors).toEqual([]);
});

test("the seller cancels the second offer and its tokens unlock", async ({ page }) => {
  const errors = watchConsole(page);
  await trades(page, seller);
  await expect(row(page, "Tradable holdings", ASSET.name)).toContainText("90 DJT5 DJT85 DJT");
  await page.getByRole("button", { name: `Cancel offer #${secondOffer}` }).click();
  await expect(page.getByRole("status", { name: "Trade progress" })).toContainText(`Offer ${secondOffer} cancelled: 5 DJT unlocked in your wallet.`);
  await expect(page.getByRole("status", { name: "Trade progress" })).toContainText("indexed");
  await expect(offerRow(page, "Trade history", secondOffer)).toContainText("Cancelled");
  await expect(offerRow(page, "Offers", secondOffer)).toHaveCount(0);
  await expect(row(page, "Tradable holdings", ASSET.name)).toContainText("90 DJT0 DJT90 DJT");
  expect([await djtBalance(seller.address), await djtLocked(seller.address)]).toEqual([90n * DJT, 0n]);
  await page.screenshot({ path: artifact("investor-trades-seller.png"), fullPage: true });
  expect(errors).toEqual([]);
});
