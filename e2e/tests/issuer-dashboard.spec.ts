import { deployAsset, mint, parseAmount, pause } from "@tessera/sdk";
import { expect, test } from "./fixtures";
import { artifact, DEV, row, signInDevAccount, watchConsole } from "./support";

/**
 * Issue 5, issuer journey 3: the asset dashboard — supply, holders, countries, the supply-over-time chart, recent
 * activity and pending actions (here: paused). Its own asset, issued and paused through the SDK before the visit.
 */

test("the issuer's dashboard shows supply, holders, countries, supply over time, recent activity and pending actions", async ({ page, platform }) => {
  const errors = watchConsole(page);
  const { publicClient, issuer, deployments } = platform;
  const asset = await deployAsset(issuer, publicClient, deployments, {
    name: "Dashboard Share Class",
    symbol: "DSC",
    decimals: 0,
    assetClass: 2,
    allowedCountries: [],
    maxHolders: 0n,
    maxBalance: 0n,
  });
  await mint(issuer, publicClient, { token: asset.token, to: DEV.investorA.address, amount: parseAmount("1000", 0) });
  await mint(issuer, publicClient, { token: asset.token, to: DEV.investorB.address, amount: parseAmount("500", 0) });
  await pause(issuer, publicClient, { token: asset.token });

  // Wait for the indexer from here (a 404 in the page would be logged as a console error).
  await expect.poll(async () => (await page.request.get(`/api/assets/${asset.token.toLowerCase()}`)).status(), { timeout: 30_000 }).toBe(200);
  await page.goto(`/issuer/assets/${asset.token.toLowerCase()}`);
  await expect(page.getByRole("heading", { name: "Dashboard Share Class (DSC)" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel("Dashboard access")).toContainText(/sign in/i);
  await signInDevAccount(page, DEV.issuer.label);

  const figures = page.getByLabel("Dashboard figures");
  await expect(figures).toContainText(/Supply\s*1,500 DSC/);
  await expect(figures).toContainText(/Holders\s*2/);
  await expect(figures).toContainText(/Countries\s*2/);
  await expect(page.getByRole("list", { name: "Holders by country" })).toContainText("840 United States: 1 holder, 1,000 DSC");
  await expect(page.getByRole("list", { name: "Holders by country" })).toContainText("826 United Kingdom: 1 holder, 500 DSC");
  await expect(page.getByRole("list", { name: "Supply over time" }).getByRole("listitem").last()).toContainText("1,500 DSC, 2 holders");
  await expect(page.locator("figure.chart .recharts-surface").first()).toBeVisible();
  await expect(row(page, "Recent activity", "500 DSC")).toContainText("Issued");
  await expect(page.getByRole("list", { name: "Needs attention" })).toContainText("Transfers are paused");

  await page.screenshot({ path: artifact("issuer-dashboard.png"), fullPage: true });
  expect(errors).toEqual([]);
});
