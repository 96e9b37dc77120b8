import { readFileSync } from "node:fs";
import type { Download, Page } from "@playwright/test";
import { fulfillDeposits, requestDeposit, updateNav } from "@tessera/sdk";
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
  warpTo,
  type Investor,
  type Platform,
} from "./fixtures";
import { artifact, DEV, openSection, row, signInDevAccount, watchConsole } from "./support";

/**
 * The money leg in the ledgers (issue 11): the issuer's cap table shows a Pending subscription, and the investor's Cash
 * history shows the payment, each with a CSV download. Setup (SDK): the issuer deploys "Cash Journey Fund" (CJF) with
 * its own ERC-7540 vault in TestUSD (NAV 1.00 TUSD, hourly dealing), and a fresh US investor with 2,000 TUSD who
 * subscribes 1,200 TUSD through the SDK. Then: the issuer's Holders show the investor (no CJF yet) with a Pending
 * subscription of 1,200 TUSD and the total, also in the cap table's CSV; the chain's clock moves to the dealing date
 * (evm_increaseTime + evm_mine) and the issuer values the fund and fulfils through the SDK; the investor claims 1,200
 * CJF in the browser, and the Portfolio's Cash list shows "Subscription paid into escrow −1,200 TUSD", also in the
 * cash CSV; the asset's transactions CSV has the request and the fulfilment. The journey owns its asset, vault and
 * investor.
 */
const FUND = { name: "Cash Journey Fund", symbol: "CJF" };
let token: Address;
let vault: Address;
let investor: Investor;
let platformRef: Platform;
let dealing: bigint;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ platform }) => {
  platformRef = platform;
  ({ token, vault } = await deployFundWithVault(platform, FUND));
  investor = await createInvestor(platform, { country: 840 });
  await mintPaymentToken(platform, investor.address, 2_000n * TUSD);
  const req = await requestDeposit(investor.wallet, platform.publicClient, { vault, assets: 1_200n * TUSD });
  dealing = req.dealingDate;
});

/** Saves a download under the artifacts and returns its CSV lines. */
async function csvLines(download: Download, name: string): Promise<string[]> {
  await download.saveAs(artifact(name));
  return readFileSync(artifact(name), "utf8").trim().split("\r\n");
}

/** Clicks a download link and waits for the file. */
async function download(page: Page, link: string): Promise<Download> {
  const [d] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: link }).click()]);
  return d;
}

test("the issuer's Holders show the investor's Pending subscription before fulfilment, in the table, the totals and the CSV", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`/issuer/assets/${token}/holders`);
  await signInDevAccount(page, DEV.issuer.label);
  const r = row(page, "Cap table", new RegExp(investor.address, "i"));
  await expect(r).toContainText("Not a holder yet: subscription pending");
  await expect(r).toContainText("1,200 TUSD");
  await expect(page.getByLabel("Pending totals")).toContainText("Pending subscriptions1,200 TUSD");
  await expect(page.getByLabel("Pending totals")).toContainText("Pending redemptions0 CJF");

  const csv = await csvLines(await download(page, "Export cap table CSV"), "cash-cap-table.csv");
  expect(csv[0]).toContain(",locked_base_units,pending_subscription_base_units,pending_redemption_base_units");
  const line = csv.find((l) => l.startsWith(investor.address.toLowerCase()))!.split(",");
  expect(line.slice(0, 5)).toEqual([investor.address.toLowerCase(), "0", "0", "0.0000", "840"]);
  expect(line.slice(6)).toEqual(["", "no", "0", "0", (1_200n * TUSD).toString(), "0"]);
  expect(errors).toEqual([]);
});

test("after fulfilment and the claim, the investor's Cash list and CSV show the subscription payment", async ({ page }) => {
  const errors = watchConsole(page);
  const { publicClient, issuer } = platformRef;
  await warpTo(platformRef, dealing);
  await updateNav(issuer, publicClient, { vault, navPerShare: 1_000_000n, valuationDate: dealing });
  await fulfillDeposits(issuer, publicClient, { vault, dealingDate: dealing, requests: [{ controller: investor.address }] });

  await useBrowserWallet(page, investor.account);
  await page.goto("/investor/orders");
  await signInWithBrowserWallet(page, investor.address);
  await page.getByLabel("Fund").selectOption({ label: `${FUND.name} (${FUND.symbol})` });
  await page.getByRole("button", { name: `Claim ${FUND.symbol} shares` }).click();
  await expect(page.getByRole("status", { name: "Order progress" })).toContainText(`Claimed 1,200 ${FUND.symbol}`);
  await expect(page.getByRole("status", { name: "Order progress" })).toContainText("indexed");

  await openSection(page, "Investor sections", "Portfolio");
  const paid = row(page, "Cash movements", "Subscription paid into escrow");
  await expect(paid).toContainText(FUND.symbol);
  await expect(paid).toContainText("−1,200 TUSD");
  await expect(page.getByRole("table", { name: "Cash movements" }).getByRole("row")).toHaveCount(2); // header + the payment: a claim moves no cash
  await page.screenshot({ path: artifact("investor-cash.png"), fullPage: true });

  const csv = await csvLines(await download(page, "Download cash CSV"), "cash-history.csv");
  expect(csv[0]).toBe("date,block,log_index,transaction,asset,token,kind,event,wallet,amount_base_units,amount,payment_token,payment_token_address");
  expect(csv).toHaveLength(2);
  expect(csv[1]!.split(",").slice(4)).toEqual([
    FUND.symbol,
    token.toLowerCase(),
    "Subscription paid into escrow",
    "vault:DepositRequest",
    investor.address.toLowerCase(),
    (-1_200n * TUSD).toString(),
    "-1200",
    "TUSD",
    platformRef.deployments.paymentToken!.toLowerCase(),
  ]);
  expect(errors).toEqual([]);
});

test("the asset's transactions CSV has the subscription, its fulfilment, the claim and the issuance", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`/issuer/assets/${token}/transactions`);
  await signInDevAccount(page, DEV.issuer.label);
  const csv = await csvLines(await download(page, "Download transactions CSV"), "cash-transactions.csv");
  expect(csv[0]).toBe("date,block,log_index,transaction,source,type,from,to,wallets,amount_base_units,amount,details");
  const kinds = csv.slice(1).map((l) => l.split(",").slice(4, 6).join(":"));
  for (const k of ["vault:VaultDeployed", "vault:DepositRequest", "vault:DepositFulfilled", "vault:Deposit", "token:issuance"]) expect(kinds).toContain(k);
  const issuance = csv.find((l) => l.split(",")[5] === "issuance")!;
  expect(issuance.split(",").slice(6, 11)).toEqual(["0x0000000000000000000000000000000000000000", investor.address.toLowerCase(), "", (1_200n * 10n ** 18n).toString(), "1200"]);
  expect(errors).toEqual([]);
});
