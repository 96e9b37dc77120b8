import { deployAsset, parseAmount } from "@tessera/sdk";
import { expect, test } from "./fixtures";
import { artifact, DEV, openSection, row, signInDevAccount, watchConsole } from "./support";

/**
 * Issue 5, issuer journey 2: bulk issuance from a CSV. The preview validates each row and pre-checks it on-chain
 * BEFORE anything is sent; failing rows are shown and skipped; the ready rows go out as one batchMint with progress
 * to "indexed", and the audit log records it. Runs on its own asset (2 decimals, at most 1,000 per wallet) so the
 * demo token's journeys keep their balances.
 */

test("the issuer previews a CSV with per-row checks, skips failing rows and issues the rest in one batchMint", async ({ page, platform }) => {
  const errors = watchConsole(page);
  const { publicClient, issuer, deployments } = platform;
  const asset = await deployAsset(issuer, publicClient, deployments, {
    name: "Bulk Demo Notes",
    symbol: "BDN",
    decimals: 2,
    assetClass: 1,
    allowedCountries: [],
    maxHolders: 0n,
    maxBalance: parseAmount("1000", 2),
  });

  // Wait for the indexer from here (a 404 in the page would be logged as a console error).
  await expect.poll(async () => (await page.request.get(`/api/assets/${asset.token.toLowerCase()}`)).status(), { timeout: 30_000 }).toBe(200);
  await page.goto(`/issuer/assets/${asset.token.toLowerCase()}`);
  await expect(page.getByRole("heading", { name: "Bulk Demo Notes (BDN)" })).toBeVisible({ timeout: 30_000 });
  await signInDevAccount(page, DEV.issuer.label);
  await openSection(page, "Asset sections", "Holders"); // issuance sits beside the cap table it changes

  const csv = ["wallet,amount", `${DEV.investorA.address},600`, `${DEV.investorB.address},1500`, `${DEV.unregistered.address},50`, "0xabc,5", `${DEV.investorC.address},0.125`].join("\n");
  await page.getByLabel("Issuance CSV (wallet, amount)").fill(csv);
  await page.getByRole("button", { name: "Check rows" }).click();

  await expect(page.getByRole("status", { name: "Issuance check" })).toContainText("1 of 5 rows ready (600 BDN); 4 will be skipped.");
  await expect(row(page, "Issuance preview", DEV.investorA.address)).toContainText("Ready");
  await expect(row(page, "Issuance preview", DEV.investorB.address)).toContainText("Skipped: the transfer would exceed the maximum balance per investor");
  await expect(row(page, "Issuance preview", DEV.unregistered.address)).toContainText("Skipped: the recipient is not verified");
  await expect(row(page, "Issuance preview", "0xabc")).toContainText("Invalid: not a 0x wallet address");
  await expect(row(page, "Issuance preview", DEV.investorC.address)).toContainText("Invalid: at most 2 decimal places");
  await page.screenshot({ path: artifact("issuer-bulk-issuance-preview.png"), fullPage: true });

  await page.locator("#bulk-reason").fill("Subscription round 1 closing");
  await page.getByRole("button", { name: "Issue to 1 wallet" }).click();
  await expect(page.getByRole("status", { name: "Bulk issuance progress" })).toContainText("Issued 600 BDN to 1 wallet in one batchMint.", { timeout: 60_000 });
  await expect(page.getByRole("status", { name: "Bulk issuance progress" })).toContainText("indexed");
  await expect(page.getByRole("status", { name: "Bulk issuance log entry" })).toContainText('Recorded in the audit log: bulk-mint 600 BDN, reason "Subscription round 1 closing"');

  await expect(row(page, "Cap table", new RegExp(DEV.investorA.address, "i"))).toContainText("600 BDN");
  await expect(page.getByRole("table", { name: "Cap table" }).getByRole("row")).toHaveCount(2); // header + the one holder
  expect(errors).toEqual([]);
});
