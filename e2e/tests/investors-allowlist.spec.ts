import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { artifact, DEV, row, signInDevAccount, watchConsole } from "./support";

/**
 * The compliance console's investor list (the allowlist), sorted, filtered and paged on the server and exported as
 * CSV, read by the compliance officer (the list is for officers only). Runs first, on the demo seed: Investors A
 * (US), B (UK) and C (France), each with one year of KYC.
 */
test("the investor list sorts, filters by KYC status and country, searches and exports CSV", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/compliance");
  await expect(page.getByLabel("Investors access", { exact: true })).toContainText("sign in as a compliance officer");
  await signInDevAccount(page, DEV.officer.label);
  const table = page.getByRole("table", { name: "Investors" });
  await expect(table.getByRole("row")).toHaveCount(4); // header + 3 seeded investors

  await table.getByRole("button", { name: "Country" }).click();
  await expect(table.getByRole("columnheader", { name: /Country/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(table.getByRole("row").nth(1)).toContainText("250 France");
  await expect(table.getByRole("row").nth(3)).toContainText("840 United States");

  await page.getByLabel("Investor KYC status").selectOption({ label: "Expiring within 30 days" });
  await expect(table).toContainText("No investors match.");
  await page.getByLabel("Investor KYC status").selectOption({ label: "Verified" });
  await expect(table.getByRole("row")).toHaveCount(4);
  await page.getByLabel("Investor country").selectOption({ label: "826 United Kingdom" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(row(page, "Investors", new RegExp(DEV.investorB.address, "i"))).toContainText("Verified");
  await page.getByLabel("Investor country").selectOption({ label: "All countries" });
  await page.getByLabel("Search investors").fill(DEV.investorA.address.slice(2, 10).toLowerCase());
  await expect(table.getByRole("row")).toHaveCount(2);
  await page.getByLabel("Search investors").fill("");
  await page.screenshot({ path: artifact("compliance-investors.png"), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export investors CSV" }).click()]);
  expect(download.suggestedFilename()).toBe("investors.csv");
  await download.saveAs(artifact("investors.csv"));
  const lines = readFileSync(artifact("investors.csv"), "utf8").trim().split("\r\n");
  expect(lines[0]).toBe("wallet,identity,country,kyc_expires_at,verified,expires_soon,identity_registry,registered_block");
  expect(lines.slice(1).map((l) => l.split(",")[2])).toEqual(["250", "826", "840"]); // same order as the table
  expect(errors).toEqual([]);
});
