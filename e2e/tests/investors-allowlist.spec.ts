import { readFileSync } from "node:fs";
import { registerInvestor } from "@tessera/sdk";
import { privateKeyToAccount } from "viem/accounts";
import { expect, test } from "./fixtures";
import { artifact, DEV, row, signInDevAccount, watchConsole } from "./support";

/**
 * The compliance console's investor list (the allowlist), sorted, filtered and paged on the server and exported as
 * CSV, read by the compliance officer (the list is for officers only). On this journey's own investors, registered
 * by the officer through the SDK: Investors A (US), B (UK) and C (France), each with one year of KYC. Other journeys
 * register investors at the same time, so the list is first narrowed to these three by a search for the prefix their
 * addresses share (keys found once by a search over random keys and kept here: no other wallet starts so, but by a
 * one-in-millions chance).
 */
const PREFIX = "0xb08bfb";
const [investorA, investorB, investorC] = [
  "0x85b655f4d89a3857d637d2325b9007a5b9e0553198aca5cf6bff9a410c6f570e",
  "0xfcbc3c60155da892258b6f98af6653389730671f75f95f72c148801db956b2c2",
  "0x6d595974a7460b50279b69ddac095ca1fe63ebe3736f6434b7fe59bc33b88a5e",
].map((k) => privateKeyToAccount(k as `0x${string}`).address);

test("the investor list sorts, filters by KYC status and country, searches and exports CSV", async ({ page, platform }) => {
  const errors = watchConsole(page);
  const { publicClient, officer, deployments } = platform;
  const kycExpiresAt = (await publicClient.getBlock()).timestamp + 365n * 86_400n;
  for (const [wallet, country] of [[investorA, 840], [investorB, 826], [investorC, 250]] as const) {
    await registerInvestor(officer, publicClient, deployments, { wallet, country, kycExpiresAt });
  }
  await page.goto("/compliance");
  await expect(page.getByLabel("Investors access", { exact: true })).toContainText("sign in as a compliance officer");
  await signInDevAccount(page, DEV.officer.label);
  const table = page.getByRole("table", { name: "Investors" });
  await page.getByLabel("Search investors").fill(PREFIX);
  await expect(table.getByRole("row")).toHaveCount(4); // header + this journey's 3 investors

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
  await expect(row(page, "Investors", new RegExp(investorB, "i"))).toContainText("Verified");
  await page.getByLabel("Investor country").selectOption({ label: "All countries" });
  await page.getByLabel("Search investors").fill(investorA.slice(2, 14).toLowerCase());
  await expect(table.getByRole("row")).toHaveCount(2);
  await page.getByLabel("Search investors").fill(PREFIX);
  await expect(table.getByRole("row")).toHaveCount(4);
  await page.screenshot({ path: artifact("compliance-investors.png"), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export investors CSV" }).click()]);
  expect(download.suggestedFilename()).toBe("investors.csv");
  await download.saveAs(artifact("investors.csv"));
  const lines = readFileSync(artifact("investors.csv"), "utf8").trim().split("\r\n");
  expect(lines[0]).toBe("wallet,identity,country,kyc_expires_at,verified,expires_soon,identity_registry,registered_block");
  expect(lines.slice(1).map((l) => l.split(",")[2])).toEqual(["250", "826", "840"]); // same order as the table
  expect(errors).toEqual([]);
});
