import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { testUsdAbi, tokenAbi } from "@tessera/contracts";
import { deployAsset, mint } from "@tessera/sdk";
import { grantRole } from "@tessera/sdk/suite";
import type { Address } from "viem";
import { createInvestor, expect, mintPaymentToken, signInWithBrowserWallet, test, TUSD, useBrowserWallet, type Investor, type Platform } from "./fixtures";
import { artifact, DEV, row, signInDevAccount, watchConsole } from "./support";

/**
 * Record-date distributions (issue 11), in the browser against anvil, the indexer and the database. Setup (SDK): the
 * issuer deploys "Distribution Journey Equity" (DJE), takes CORPORATE_ACTIONS on it, and mints 600 DJE to a fresh US
 * investor and 400 DJE to a fresh UK investor; the issuer holds 1,000 TUSD. Then, in steps: the issuer opens the
 * distribution wizard in Corporate actions; a record date in the future is refused in words; a dividend of 1,000 TUSD
 * pro rata at the block after the mints, with 15% withholding for the UK, previews as 2 investors, gross 1,000,
 * withholding 60, net 940 TUSD, and is funded and posted; the US investor claims 600 TUSD in the investor app and sees
 * "Claimed"; the issuer pushes the UK investor's 340 TUSD, sees the distribution paid, and downloads the payment
 * report with both rows and their transactions. Then the same dividend at a later record block (nothing moved: the same
 * entitlements, so the same Merkle root) is drafted and posted as a second distribution beside the paid first one, and
 * the US investor claims it while the first stays claimed. Each journey owns its asset and investors.
 */
const ASSET = { name: "Distribution Journey Equity", symbol: "DJE" };
const WHOLE = 10n ** 18n;
let token: Address;
let us: Investor;
let uk: Investor;
let recordBlock: bigint;
let secondRecordBlock: bigint;
let platformRef: Platform;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ platform }) => {
  platformRef = platform;
  const { publicClient, issuer, deployments } = platform;
  const d = await deployAsset(issuer, publicClient, deployments, {
    ...ASSET, decimals: 18, assetClass: 2, allowedCountries: [], maxHolders: 0n, maxBalance: 0n,
  });
  token = d.token;
  const accessManager = await publicClient.readContract({ address: token, abi: tokenAbi, functionName: "authority" });
  await grantRole(issuer, publicClient, { accessManager, role: "CORPORATE_ACTIONS", account: issuer.account.address });
  [us, uk] = await Promise.all([createInvestor(platform, { country: 840 }), createInvestor(platform, { country: 826 })]);
  await mint(issuer, publicClient, { token, to: us.address, amount: 600n * WHOLE });
  const last = await mint(issuer, publicClient, { token, to: uk.address, amount: 400n * WHOLE });
  recordBlock = last.receipt.blockNumber;
  await mintPaymentToken(platform, issuer.account.address, 1_000n * TUSD);
});

/** The issuer's Corporate actions section of the asset, signed in. */
async function corporateActions(page: Page, search = "") {
  await page.goto(`/issuer/assets/${token}/corporate-actions${search}`);
  await signInDevAccount(page, DEV.issuer.label);
  await expect(page.getByRole("heading", { name: "Distributions and coupons" })).toBeVisible();
}

test("the issuer previews a dividend with withholding per country, funds and posts it; a future record date is refused in words", async ({ page }) => {
  const errors = watchConsole(page);
  await corporateActions(page);
  await page.getByRole("button", { name: "New distribution" }).click();
  const wizard = page.getByRole("form", { name: "Distribution terms" });

  const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await wizard.getByLabel("Record date (UTC)").fill(inTwoDays);
  await wizard.getByLabel("Total amount (TUSD)").fill("1000");
  await wizard.getByRole("button", { name: "Preview entitlements" }).click();
  await expect(page.getByRole("alert", { name: "Preview refusal" })).toContainText(`Not allowed: the record date (${inTwoDays}T23:59:59.999Z) is in the future`);

  await wizard.getByLabel("A block").check();
  await wizard.getByLabel("Record block").fill(recordBlock.toString());
  await wizard.getByRole("button", { name: "Add withholding country" }).click();
  await wizard.getByLabel("Withholding country 1").selectOption("826");
  await wizard.getByLabel("Withholding rate 1 (%)").fill("15");
  await wizard.getByRole("button", { name: "Preview entitlements" }).click();
  await expect(page.getByRole("status", { name: "Distribution preview" })).toContainText(
    `2 investors at the record date block ${recordBlock}: gross 1,000 TUSD, withholding 60 TUSD, net 940 TUSD to fund.`,
  );
  await expect(page.getByRole("table", { name: "Entitlements preview" }).getByRole("row")).toHaveCount(3);
  await expect(row(page, "Entitlements preview", "826 United Kingdom")).toContainText("400400 TUSD60 TUSD340 TUSD");
  await expect(row(page, "Entitlements preview", "840 United States")).toContainText("600600 TUSD0 TUSD600 TUSD");

  await page.getByRole("button", { name: "Fund and post (940 TUSD)" }).click();
  await expect(page.getByRole("status", { name: "Posting progress" })).toContainText(/Posted distribution \d+: 940 TUSD funded for 2 investors\./);
  await expect(page.getByRole("status", { name: "Posting progress" })).toContainText("indexed");
  await expect(row(page, "Distributions", "Open")).toContainText(`Dividendblock ${recordBlock}940 TUSD0 TUSD940 TUSD`);
  await page.screenshot({ path: artifact("issuer-distributions.png"), fullPage: true });
  // The one failed request is the refused preview (400), answered in words above.
  expect(errors).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
});

test("the US investor claims 600 TUSD in the investor app and sees it claimed", async ({ page }) => {
  const errors = watchConsole(page);
  await useBrowserWallet(page, us.account);
  await page.goto("/investor/distributions");
  await signInWithBrowserWallet(page, us.address);
  const mine = row(page, "My distributions", ASSET.symbol);
  await expect(mine).toContainText(`${ASSET.name} (${ASSET.symbol})Dividendblock ${recordBlock}600 TUSD0 TUSD600 TUSD`);
  await expect(mine).toContainText("Claimable");
  await page.getByRole("button", { name: `Claim dividend on ${ASSET.symbol}` }).click();
  await expect(page.getByRole("status", { name: "Claim progress" })).toContainText(`Claimed 600 TUSD (dividend on ${ASSET.symbol}).`);
  await expect(page.getByRole("status", { name: "Claim progress" })).toContainText("indexed");
  await expect(mine).toContainText("Claimed 0x");
  await expect(page.getByRole("button", { name: `Claim dividend on ${ASSET.symbol}` })).toHaveCount(0);
  const balance = await platformRef.publicClient.readContract({ address: platformRef.deployments.paymentToken!, abi: testUsdAbi, functionName: "balanceOf", args: [us.address] });
  expect(balance).toBe(600n * TUSD);
  await page.screenshot({ path: artifact("investor-distributions.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("the issuer pushes the remaining payment and the payment report has both rows with their transactions", async ({ page }) => {
  const errors = watchConsole(page);
  await corporateActions(page);
  const posted = row(page, "Distributions", "Open");
  await expect(posted).toContainText("600 TUSD340 TUSD");
  await posted.getByRole("button", { name: /Details of distribution \d+/ }).click();
  await expect(page.getByRole("status", { name: "Distribution state" })).toContainText("claimed 600 TUSD (1 of 2), remaining 340 TUSD");
  await page.getByRole("button", { name: "Push payments (1 unpaid)" }).click();
  await expect(page.getByRole("status", { name: "Push progress" })).toContainText("Pushed 340 TUSD to the investors.");
  await expect(page.getByRole("status", { name: "Push progress" })).toContainText("indexed");
  await expect(row(page, "Distributions", "Paid")).toContainText("940 TUSD940 TUSD0 TUSD");
  await expect(page.getByRole("status", { name: "Distribution state" })).toContainText("Paid");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download payment report (CSV)" }).click()]);
  const csv = readFileSync(await download.path(), "utf8").trim().split("\r\n");
  expect(csv[0]).toContain("claimed_base_units");
  expect(csv).toHaveLength(3);
  const usRow = csv.find((l) => l.includes(us.identity!.toLowerCase()));
  const ukRow = csv.find((l) => l.includes(uk.identity!.toLowerCase()));
  expect(usRow).toContain(`,840,600000000,600,0,0,600000000,600,600000000,600,${us.address.toLowerCase()},0x`);
  expect(ukRow).toContain(`,826,400000000,400,60000000,60,340000000,340,340000000,340,${uk.address.toLowerCase()},0x`);
  const balance = await platformRef.publicClient.readContract({ address: platformRef.deployments.paymentToken!, abi: testUsdAbi, functionName: "balanceOf", args: [uk.address] });
  expect(balance).toBe(340n * TUSD);
  expect(errors).toEqual([]);
});

test("the same dividend at a later record block (equal entitlements, one root) is a second distribution, drafted and posted beside the first; the desk pauses and resumes its claims", async ({ page }) => {
  const errors = watchConsole(page);
  const { issuer, publicClient, deployments } = platformRef;
  // Funds for the second dividend; its block is the later record date (no DJE moved since the mints: same entitlements).
  const hash = await issuer.writeContract({ address: deployments.paymentToken!, abi: testUsdAbi, functionName: "mint", args: [issuer.account.address, 940n * TUSD] });
  secondRecordBlock = (await publicClient.waitForTransactionReceipt({ hash })).blockNumber;
  await corporateActions(page);
  await page.getByRole("button", { name: "New distribution" }).click();
  const wizard = page.getByRole("form", { name: "Distribution terms" });
  await wizard.getByLabel("A block").check();
  await wizard.getByLabel("Record block").fill(secondRecordBlock.toString());
  await wizard.getByLabel("Total amount (TUSD)").fill("1000");
  await wizard.getByRole("button", { name: "Add withholding country" }).click();
  await wizard.getByLabel("Withholding country 1").selectOption("826");
  await wizard.getByLabel("Withholding rate 1 (%)").fill("15");
  await wizard.getByRole("button", { name: "Preview entitlements" }).click();
  await expect(page.getByRole("status", { name: "Distribution preview" })).toContainText(
    `2 investors at the record date block ${secondRecordBlock}: gross 1,000 TUSD, withholding 60 TUSD, net 940 TUSD to fund.`,
  );
  await page.getByRole("button", { name: "Fund and post (940 TUSD)" }).click();
  await expect(page.getByRole("status", { name: "Posting progress" })).toContainText(/Posted distribution \d+: 940 TUSD funded for 2 investors\./);
  await expect(page.getByRole("status", { name: "Posting progress" })).toContainText("indexed");
  await expect(row(page, "Distributions", "Open")).toContainText(`Dividendblock ${secondRecordBlock}940 TUSD0 TUSD940 TUSD`);
  await expect(row(page, "Distributions", "Paid")).toContainText(`Dividendblock ${recordBlock}940 TUSD940 TUSD0 TUSD`);

  // The desk pauses its claims (e.g. while an entitlement is looked into), then resumes them.
  await row(page, "Distributions", "Open").getByRole("button", { name: /Details of distribution \d+/ }).click();
  await page.getByRole("button", { name: "Pause claims" }).click();
  await expect(page.getByRole("status", { name: "Pause progress" })).toContainText("Claims and pushes are paused until you resume them.");
  await expect(page.getByRole("status", { name: "Pause progress" })).toContainText("indexed");
  await expect(row(page, "Distributions", "Paused (claims suspended)")).toContainText(`block ${secondRecordBlock}`);
  await page.getByRole("button", { name: "Resume claims" }).click();
  await expect(page.getByRole("status", { name: "Pause progress" })).toContainText("Claims are open again.");
  await expect(row(page, "Distributions", "Open")).toContainText(`block ${secondRecordBlock}`);
  expect(errors).toEqual([]);
});

test("the US investor sees the second dividend claimable beside the first, claimed, and claims it", async ({ page }) => {
  const errors = watchConsole(page);
  await useBrowserWallet(page, us.account);
  await page.goto("/investor/distributions");
  await signInWithBrowserWallet(page, us.address);
  // One row per distribution: the record date's cell tells them apart (the same asset, kind and amounts).
  const at = (block: bigint) =>
    page.getByRole("table", { name: "My distributions" }).getByRole("row").filter({ has: page.getByRole("cell", { name: `block ${block}`, exact: true }) });
  await expect(at(recordBlock)).toContainText("Claimed 0x");
  const second = at(secondRecordBlock);
  await expect(second).toContainText("600 TUSD0 TUSD600 TUSD");
  await expect(second).toContainText("Claimable");
  await page.getByRole("button", { name: `Claim dividend on ${ASSET.symbol}` }).click();
  await expect(page.getByRole("status", { name: "Claim progress" })).toContainText(`Claimed 600 TUSD (dividend on ${ASSET.symbol}).`);
  await expect(page.getByRole("status", { name: "Claim progress" })).toContainText("indexed");
  await expect(second).toContainText("Claimed 0x");
  await expect(page.getByRole("button", { name: `Claim dividend on ${ASSET.symbol}` })).toHaveCount(0);
  const balance = await platformRef.publicClient.readContract({ address: platformRef.deployments.paymentToken!, abi: testUsdAbi, functionName: "balanceOf", args: [us.address] });
  expect(balance).toBe(1_200n * TUSD);
  expect(errors).toEqual([]);
});

test("the bond panel's link opens the wizard prefilled for a coupon", async ({ page }) => {
  const errors = watchConsole(page);
  await corporateActions(page, `?distribution=new&kind=coupon&coupon=2&recordBlock=${recordBlock}&ratePerUnit=1500000`);
  const wizard = page.getByRole("form", { name: "Distribution terms" });
  await expect(wizard.getByLabel("Kind")).toHaveValue("coupon");
  await expect(wizard.getByLabel("Coupon number")).toHaveValue("2");
  await expect(wizard.getByLabel("Record block")).toHaveValue(recordBlock.toString());
  await expect(wizard.getByLabel(`Rate per ${ASSET.symbol} (TUSD)`)).toHaveValue("1.5");
  expect(errors).toEqual([]);
});
