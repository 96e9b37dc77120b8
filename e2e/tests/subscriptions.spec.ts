import type { Page } from "@playwright/test";
import { tesseraVaultAbi } from "@tessera/contracts";
import type { Address } from "viem";
import {
  createInvestor,
  deployFundWithVault,
  expect,
  mintPaymentToken,
  signInWithBrowserWallet,
  test,
  TUSD,
  useBrowserWallet,
  warpTo as warp,
  type Investor,
  type Platform,
} from "./fixtures";
import { artifact, DEV, openSection, row, signInDevAccount, utcMinute, watchConsole } from "./support";

/**
 * Subscriptions and redemptions at NAV (issue 11), in the browser against anvil, the indexer and the database. Setup
 * (SDK): the issuer deploys "Subscription Journey Fund" (SJF) with its own ERC-7540 vault in TestUSD (NAV 1.00 TUSD,
 * hourly dealing with a 10-minute cut-off, minimums 100 TUSD / 1 SJF, 10% NAV move limit; FUND_ADMIN and NAV_AGENT
 * the issuer, NAV_APPROVER the compliance officer), and a fresh US investor with 5,000 TUSD. Then, in steps:
 * the investor subscribes 1,000 TUSD (a 50 TUSD order is refused in words first); the chain's clock is moved to the
 * order's dealing date (anvil evm_increaseTime + evm_mine: a chain-time move, not a wait); the issuer values the fund
 * at 1.25 TUSD, a 25% move that waits for the NAV approver, who approves it; the issuer fulfils the subscription at
 * that NAV; the investor claims 800 SJF and sees them in the portfolio; a redemption of 300 SJF locks them, is
 * fulfilled at the next dealing date's NAV and its 375 TUSD are claimed; a 200 TUSD subscription is cancelled before
 * the cut-off and refunded; an unregistered wallet is refused ("you are not verified for this asset"). Each journey owns its asset, vault and
 * investor; the clock moves at most about 70 minutes per step.
 */
const FUND = { name: "Subscription Journey Fund", symbol: "SJF" };
let token: Address;
let vault: Address;
let investor: Investor;
let platformRef: Platform;

test.describe.configure({ mode: "serial" });

/** Moves the chain's clock to `timestamp` and mines a block (fixtures.warpTo). */
const warpTo = (timestamp: bigint) => warp(platformRef, timestamp);

const vaultRead = (functionName: string, args: readonly unknown[]) =>
  platformRef.publicClient.readContract({ address: vault, abi: tesseraVaultAbi, functionName, args } as never) as Promise<bigint>;

test.beforeAll(async ({ platform }) => {
  platformRef = platform;
  ({ token, vault } = await deployFundWithVault(platform, FUND));
  investor = await createInvestor(platform, { country: 840 });
  await mintPaymentToken(platform, investor.address, 5_000n * TUSD);
});

/** The investor's Orders section, signed in with the investor's browser wallet, the journey's fund chosen. */
async function investorOrders(page: Page) {
  await useBrowserWallet(page, investor.account);
  await page.goto("/investor/orders");
  await signInWithBrowserWallet(page, investor.address);
  await page.getByLabel("Fund").selectOption({ label: `${FUND.name} (${FUND.symbol})` });
  await expect(page.getByRole("status", { name: "Order terms" })).toContainText("Minimum subscription 100 TUSD; minimum redemption 1 SJF");
}

/** The issuer's Subscriptions section of the fund, signed in. */
async function issuerSubscriptions(page: Page) {
  await page.goto(`/issuer/assets/${token}/subscriptions`);
  await signInDevAccount(page, DEV.issuer.label);
  await expect(page.getByRole("status", { name: "Vault NAV" })).toContainText("per SJF");
}

/** Values the fund at `nav` for the dealing date reached (the valuation date the form prefills). */
async function updateNav(page: Page, dealing: bigint, nav: string) {
  await expect(page.getByLabel("Valuation date (UTC)", { exact: true })).toHaveValue(new Date(Number(dealing) * 1000).toISOString().slice(0, 16));
  await page.getByLabel("NAV per share (TUSD)").fill(nav);
  await page.getByRole("button", { name: "Update NAV" }).click();
}

test("the investor subscribes 1,000 TUSD at the next dealing date; below the minimum is refused in words", async ({ page }) => {
  const errors = watchConsole(page);
  await investorOrders(page);
  await page.getByLabel("Amount (TUSD)").fill("50");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("alert", { name: "Subscription progress" })).toContainText("Not allowed: below the minimum subscription of 100 TUSD");

  await page.getByLabel("Amount (TUSD)").fill("1000");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("status", { name: "Subscription progress" })).toContainText("Subscription of 1,000 TUSD requested for the dealing date");
  const dealing = await vaultRead("pendingDepositDealingDate", [investor.address]);
  await expect(page.getByRole("status", { name: "Subscription progress" })).toContainText(
    `Subscription of 1,000 TUSD requested for the dealing date ${utcMinute(dealing)}.`,
  );
  await expect(page.getByRole("status", { name: "Subscription progress" })).toContainText("indexed");
  await expect(row(page, "My orders", "Subscription")).toContainText(["SJF", "Subscription", "Pending", "1,000 TUSD", utcMinute(dealing)].join(""));
  expect(await vaultRead("pendingDepositRequest", [0n, investor.address])).toBe(1_000n * TUSD);
  expect(errors).toEqual([]);
});

test("at the dealing date the issuer values the fund (a 25% move the NAV approver approves) and fulfils the subscription", async ({ page, newPage }) => {
  const errors = watchConsole(page);
  const dealing = await vaultRead("pendingDepositDealingDate", [investor.address]);
  await issuerSubscriptions(page);
  const queued = row(page, "Vault queue", "Subscription");
  await expect(queued).toContainText(`1,000 TUSD${utcMinute(dealing)}Waits for ${utcMinute(dealing)}`);

  await warpTo(dealing);
  await expect(queued).toContainText(`1,000 TUSD${utcMinute(dealing)}Due`);
  await updateNav(page, dealing, "1.25");
  await expect(page.getByRole("status", { name: "NAV update progress" })).toContainText(
    `The move is beyond the 10% limit: waiting for the NAV approver's approval of 1.25 TUSD valued ${utcMinute(dealing)}.`,
  );
  await expect(page.getByRole("status", { name: "Pending NAV" })).toContainText(`Waiting for the NAV approver's approval: 1.25 TUSD per SJF valued ${utcMinute(dealing)}`);
  await expect(page.getByRole("button", { name: "Approve NAV" })).toHaveCount(0); // the proposer cannot approve

  const approver = await newPage();
  await approver.goto(`/issuer/assets/${token}/subscriptions`);
  await signInDevAccount(approver, DEV.officer.label);
  await approver.getByRole("button", { name: "Approve NAV" }).click();
  await expect(approver.getByRole("status", { name: "NAV approval progress" })).toContainText(`Approved: NAV 1.25 TUSD per SJF valued ${utcMinute(dealing)} in effect.`);
  await expect(page.getByRole("status", { name: "Vault NAV" })).toContainText(`NAV per share: 1.25 TUSD per SJF, valued ${utcMinute(dealing)}`);
  await expect(page.getByRole("list", { name: "Vault NAV history" })).toContainText(`${utcMinute(dealing)}: 1.25 TUSD per SJF (approved by`);

  await page.getByRole("checkbox", { name: `Select subscription of ${investor.address.toLowerCase()}` }).check();
  await page.getByRole("button", { name: `Fulfil selected at NAV of ${utcMinute(dealing)}` }).click();
  await expect(page.getByRole("status", { name: "Fulfilment progress" })).toContainText(`Fulfilled 1 subscription at the NAV of ${utcMinute(dealing)}.`);
  await expect(page.getByRole("status", { name: "Fulfilment progress" })).toContainText("indexed");
  await expect(page.getByRole("status", { name: "Queue status" })).toContainText("No subscription or redemption requests.");
  await page.screenshot({ path: artifact("issuer-subscriptions.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("the investor claims 800 SJF and sees them in the portfolio", async ({ page }) => {
  const errors = watchConsole(page);
  await investorOrders(page);
  await expect(row(page, "My orders", "Claimable")).toContainText("800 SJF for 1,000 TUSD");
  await page.getByRole("button", { name: "Claim SJF shares" }).click();
  await expect(page.getByRole("status", { name: "Order progress" })).toContainText("Claimed 800 SJF: they are in your portfolio.");
  await expect(page.getByRole("status", { name: "Order progress" })).toContainText("indexed");
  await expect(row(page, "Order history", "Shares claimed")).toContainText("1,000 TUSD · 800 SJF");
  await openSection(page, "Investor sections", "Portfolio");
  await expect(row(page, "Holdings", FUND.name)).toContainText("800");
  expect(errors).toEqual([]);
});

test("a redemption of 300 SJF locks them, is fulfilled at the next dealing date's NAV and its 375 TUSD are claimed", async ({ page, newPage }) => {
  const errors = watchConsole(page);
  await investorOrders(page);
  await page.getByLabel("Shares (SJF)").fill("0.5");
  await page.getByRole("button", { name: "Redeem" }).click();
  await expect(page.getByRole("alert", { name: "Redemption progress" })).toContainText("Not allowed: below the minimum redemption of 1 SJF");
  await page.getByLabel("Shares (SJF)").fill("300");
  await page.getByRole("button", { name: "Redeem" }).click();
  await expect(page.getByRole("status", { name: "Redemption progress" })).toContainText("the shares are locked in your wallet until then.");
  await expect(page.getByRole("status", { name: "Redemption progress" })).toContainText("indexed");
  const dealing = await vaultRead("pendingRedeemDealingDate", [investor.address]);
  await expect(row(page, "My orders", "Redemption")).toContainText(`Pending300 SJF locked in your wallet${utcMinute(dealing)}`);
  await expect(page.getByRole("button", { name: "Cancel redemption of SJF" })).toBeVisible();

  const issuer = await newPage();
  await issuerSubscriptions(issuer);
  await expect(row(issuer, "Vault queue", "Redemption")).toContainText(`300 SJF${utcMinute(dealing)}Waits for`);
  await warpTo(dealing);
  await expect(row(issuer, "Vault queue", "Redemption")).toContainText("Due");
  await updateNav(issuer, dealing, "1.25");
  await expect(issuer.getByRole("status", { name: "NAV update progress" })).toContainText(`NAV 1.25 TUSD per SJF valued ${utcMinute(dealing)} in effect.`);
  await issuer.getByRole("checkbox", { name: `Select redemption of ${investor.address.toLowerCase()}` }).check();
  await issuer.getByRole("button", { name: `Fulfil selected at NAV of ${utcMinute(dealing)}` }).click();
  await expect(issuer.getByRole("status", { name: "Fulfilment progress" })).toContainText(`Fulfilled 1 redemption at the NAV of ${utcMinute(dealing)}.`);

  await expect(row(page, "My orders", "Redemption")).toContainText("Claimable375 TUSD for 300 SJF");
  await page.getByRole("button", { name: "Claim TUSD payout from SJF" }).click();
  await expect(page.getByRole("status", { name: "Order progress" })).toContainText("Claimed 375 TUSD.");
  await expect(page.getByRole("status", { name: "Order progress" })).toContainText("indexed");
  await expect(row(page, "Order history", "Redemption paid")).toContainText("375 TUSD · 300 SJF");
  await expect(page.getByRole("status", { name: "Orders status" })).toContainText("No orders yet.");
  await openSection(page, "Investor sections", "Portfolio");
  await expect(row(page, "Holdings", FUND.name)).toContainText("500");
  await page.screenshot({ path: artifact("investor-orders.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("a subscription cancelled before the cut-off is refunded; an unverified wallet is refused in words", async ({ page, newPage }) => {
  const errors = watchConsole(page);
  await investorOrders(page);
  await page.getByLabel("Amount (TUSD)").fill("200");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("status", { name: "Subscription progress" })).toContainText("indexed");
  await page.getByRole("button", { name: "Cancel subscription to SJF" }).click();
  await expect(page.getByRole("status", { name: "Order progress" })).toContainText("Subscription to SJF cancelled: claim your TUSD back below.");
  await expect(row(page, "My orders", "Cancelled")).toContainText("200 TUSD to claim back");
  await page.getByRole("button", { name: "Claim refund from SJF" }).click();
  await expect(page.getByRole("status", { name: "Order progress" })).toContainText("Refund of 200 TUSD claimed.");
  await expect(page.getByRole("status", { name: "Orders status" })).toContainText("No orders yet.");
  await expect(row(page, "Order history", "Cancelled subscription refunded")).toContainText("200 TUSD");
  expect(await vaultRead("claimableCancelDepositRequest", [0n, investor.address])).toBe(0n);

  // A wallet the registry does not know, holding TUSD: refused before any signature.
  const outsider = await createInvestor(platformRef, null);
  await mintPaymentToken(platformRef, outsider.address, 500n * TUSD);
  const other = await newPage();
  await useBrowserWallet(other, outsider.account);
  await other.goto("/investor/orders");
  await signInWithBrowserWallet(other, outsider.address);
  await other.getByLabel("Fund").selectOption({ label: `${FUND.name} (${FUND.symbol})` });
  await other.getByLabel("Amount (TUSD)").fill("500");
  await other.getByRole("button", { name: "Subscribe" }).click();
  await expect(other.getByRole("alert", { name: "Subscription progress" })).toContainText("Not allowed: you are not verified for this asset");
  expect(await vaultRead("pendingDepositRequest", [0n, outsider.address])).toBe(0n);
  expect(errors).toEqual([]);
});
