import { readFileSync } from "node:fs";
import { tokenAbi } from "@tessera/contracts";
import { deployAsset, mint, transfer } from "@tessera/sdk";
import { keccak256, stringToHex } from "viem";
import { createInvestor, expect, signInWithBrowserWallet, test, useBrowserWallet, type Investor } from "./fixtures";
import { artifact, openSection, row, watchConsole } from "./support";

/**
 * The investor's own history and the asset's documents (issue 5, investor part 2). Setup (SDK): the issuer deploys
 * "Harbour Income Notes" (HIN, 0 decimals), issues 12 then 30 HIN to Investor A, who sends 5 to Investor B; the issuer
 * states the prospectus (ERC-1643 setDocument). Investor A also holds 10,000 of a second asset, "Dockside Fund" (DKF).
 * Investor A sees each movement from their side, filters by token and type, exports the CSV, and opens the documents
 * list with its link. Investors A (US) and B (UK) are fresh wallets registered through the SDK.
 */
const PROSPECTUS_URI = "https://docs.example.test/hin/prospectus-2026.pdf";
let token: `0x${string}`;
let investorA: Investor;
let investorB: Investor;

test.beforeAll(async ({ platform }) => {
  const { publicClient, issuer, deployments } = platform;
  investorA = await createInvestor(platform, { country: 840 });
  investorB = await createInvestor(platform, { country: 826 });
  const other = await deployAsset(issuer, publicClient, deployments, {
    name: "Dockside Fund", symbol: "DKF", decimals: 0, assetClass: 0, allowedCountries: [], maxHolders: 0n, maxBalance: 0n,
  });
  await mint(issuer, publicClient, { token: other.token, to: investorA.address, amount: 10_000n });
  ({ token } = await deployAsset(issuer, publicClient, deployments, {
    name: "Harbour Income Notes", symbol: "HIN", decimals: 0, assetClass: 1, allowedCountries: [], maxHolders: 0n, maxBalance: 0n,
  }));
  await mint(issuer, publicClient, { token, to: investorA.address, amount: 12n });
  await mint(issuer, publicClient, { token, to: investorA.address, amount: 30n });
  await transfer(investorA.wallet, publicClient, { token, to: investorB.address, amount: 5n });
  const hash = await issuer.writeContract({
    address: token, abi: tokenAbi, functionName: "setDocument",
    args: [stringToHex("Prospectus", { size: 32 }), PROSPECTUS_URI, keccak256(stringToHex("HIN prospectus 2026"))],
  });
  await publicClient.waitForTransactionReceipt({ hash });
});

test("an investor sees their own issuances and transfers, filters and exports them, and the asset's documents", async ({ page }) => {
  const errors = watchConsole(page);
  await useBrowserWallet(page, investorA.account);
  await page.goto("/investor");
  await expect(page.getByLabel("History access")).toContainText("Sign in");
  await signInWithBrowserWallet(page, investorA.address);

  const history = page.getByRole("table", { name: "Transfer history" });
  await expect(row(page, "Transfer history", "Sent")).toContainText("−5 HIN");
  await expect(row(page, "Transfer history", "Sent")).toContainText(new RegExp(investorB.address.slice(0, 6), "i"));
  await expect(history.getByRole("row").filter({ hasText: "Issuance" }).filter({ hasText: "HIN" })).toHaveCount(2);
  await expect(row(page, "Transfer history", "DKF")).toContainText("+10,000 DKF");

  await page.getByLabel("Token filter").selectOption({ label: "Harbour Income Notes (HIN)" });
  await expect(page.getByRole("status", { name: "History page" })).toContainText("Page 1 of 1 · 3 movements");
  await expect(row(page, "Transfer history", "DKF")).toHaveCount(0);
  await page.getByLabel("Movement type").selectOption({ label: "Issuances" });
  await expect(page.getByRole("status", { name: "History page" })).toContainText("2 movements");
  await expect(history.getByRole("row").nth(1)).toContainText("+30 HIN"); // newest first

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export history CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`transfers-${investorA.address.toLowerCase()}.csv`);
  const csv = readFileSync(await download.path(), "utf8").trim().split("\r\n");
  expect(csv.map((l) => l.split(",").slice(4, 7).concat(l.split(",").slice(10)).join(" "))).toEqual([
    "asset token type amountTokens",
    `HIN ${token.toLowerCase()} Issuance 30`,
    `HIN ${token.toLowerCase()} Issuance 12`,
  ]);

  await page.screenshot({ path: artifact("investor-history.png"), fullPage: true });

  await openSection(page, "Investor sections", "Documents");
  const doc = row(page, "Asset documents", "Harbour Income Notes");
  await expect(doc).toContainText("Prospectus");
  await expect(doc.getByRole("link", { name: "Prospectus" })).toHaveAttribute("href", PROSPECTUS_URI);
  expect(errors).toEqual([]);
});
