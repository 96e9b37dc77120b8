import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { artifact, DEV, demoToken, row, signInDevAccount, watchConsole } from "./support";

/**
 * The cap table of the demo token TDF, sorted and filtered on the server, exported as CSV, charted by holder and by
 * country, and rebuilt as of a past block (record date) from the indexed transfers: at the block of the seed's last
 * issuance it shows exactly the seed (Investor A 10,000, Investor B 5,000), whatever happened later. Read by the
 * issuer (agent and owner of TDF): the cap table is not shown to, nor served to, anyone without a role on the token.
 */
test("the cap table sorts, filters, exports and goes back to a record date, with ownership charts", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`/issuer/assets/${demoToken()}/holders`);
  await signInDevAccount(page, DEV.issuer.label);
  const table = page.getByRole("table", { name: "Cap table" });
  const a = row(page, "Cap table", new RegExp(DEV.investorA.address, "i"));
  const b = row(page, "Cap table", new RegExp(DEV.investorB.address, "i"));
  await expect(a).toContainText("840 United States");
  await expect(b).toContainText("826 United Kingdom");
  await expect(a).toContainText(/\d{4}-\d{2}-\d{2}/); // KYC expiry

  // Server-side sort by country: ascending, then descending (codes in order; unregistered wallets last both ways).
  const countryCodes = async () => {
    const cells = await table.getByRole("row").locator("td:nth-child(2)").allTextContents();
    return cells.map((c) => (/^\d+/.test(c) ? Number(/^\d+/.exec(c)![0]) : Infinity));
  };
  await table.getByRole("button", { name: "Country" }).click();
  await expect(table.getByRole("columnheader", { name: /Country/ })).toHaveAttribute("aria-sort", "ascending");
  await expect.poll(countryCodes).toEqual([...(await countryCodes())].sort((x, y) => x - y));
  expect((await countryCodes()).length).toBeGreaterThanOrEqual(2);
  await table.getByRole("button", { name: /Country/ }).click();
  await expect(table.getByRole("columnheader", { name: /Country/ })).toHaveAttribute("aria-sort", "descending");
  await expect
    .poll(async () => {
      const codes = (await countryCodes()).filter(Number.isFinite);
      return codes.every((c, i) => i === 0 || codes[i - 1]! >= c) && codes[0] === 840;
    })
    .toBe(true);

  // Server-side filters.
  await page.getByLabel("Country filter").selectOption({ label: "826 United Kingdom" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(b).toBeVisible();
  await page.getByLabel("Country filter").selectOption({ label: "All countries" });
  await page.getByLabel("Search holders").fill(DEV.investorA.address.slice(2, 12).toLowerCase());
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(a).toBeVisible();
  await page.getByRole("button", { name: "Show live, unfiltered" }).click();

  // Ownership charts, with their figures in words.
  await expect(page.getByRole("list", { name: "Ownership by country" })).toContainText("840 United States");
  await expect(page.getByRole("list", { name: "Ownership by holder" })).toContainText("Investor A (account 2)");

  // Record date: the block of Investor B's first acquisition is the seed's last issuance.
  const firstAcquired = (await b.getByRole("cell").nth(5).textContent()) ?? "";
  const block = /block (\d+)/.exec(firstAcquired)?.[1];
  expect(block).toBeTruthy();
  await page.getByLabel("As of block").fill(block!);
  await expect(page.getByRole("status", { name: "Record date" })).toContainText(`Balances as of block ${block}`);
  await expect(page.getByRole("status", { name: "Record date" })).toContainText("total supply then 15,000 TDF");
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(a).toContainText("10,000 TDF");
  await expect(a).toContainText("66.67%");
  await expect(b).toContainText("5,000 TDF");
  await expect(b).toContainText("n/a"); // freezes are not kept per block
  await expect(page.getByRole("list", { name: "Ownership by country" })).toContainText("840 United States: 10,000 TDF (66.67%, 1 holder)");
  await page.screenshot({ path: artifact("cap-table-record-date.png"), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export cap table CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`cap-table-TDF-block-${block}.csv`);
  await download.saveAs(artifact("cap-table-record-date.csv"));
  const csv = readFileSync(artifact("cap-table-record-date.csv"), "utf8").trim().split("\r\n");
  expect(csv[0]).toBe(
    "wallet,balance_base_units,balance,share_percent,country,kyc_expires_at,first_acquired_block,frozen,frozen_base_units,locked_base_units,pending_subscription_base_units,pending_redemption_base_units",
  );
  expect(csv.slice(1).map((l) => l.split(",").slice(0, 5).join(","))).toEqual([
    `${DEV.investorA.address.toLowerCase()},10000000000000000000000,10000,66.6667,840`,
    `${DEV.investorB.address.toLowerCase()},5000000000000000000000,5000,33.3333,826`,
  ]);

  // A day before anything happened: nobody held TDF.
  await page.getByLabel("As of block").fill("");
  await page.getByLabel("As of date (record date)").fill("2020-01-01");
  await expect(page.getByRole("status", { name: "Record date" })).toContainText("nobody held TDF");
  expect(errors).toEqual([]);
});
