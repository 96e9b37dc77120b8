import { identityRegistryAbi } from "@tessera/contracts";
import { identityOf } from "@tessera/sdk";
import { expect, test } from "./fixtures";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { artifact, DEV, row, signInDevAccount, watchConsole } from "./support";

/**
 * The allowlist in the compliance console: the officer imports investors from a CSV (the preview shows which rows
 * would be skipped and why before anything is sent; valid rows go out as one batch registration), updates one
 * investor's country and removes both from the registry, each with a reason that lands in the audit log.
 * Leaves the registry as it found it (the imported wallets are removed again).
 */
test("the officer imports investors from a CSV after a preview, updates one and removes both, with reasons in the audit log", async ({ page, platform }) => {
  const errors = watchConsole(page);
  const a = privateKeyToAccount(generatePrivateKey()).address;
  const b = privateKeyToAccount(generatePrivateKey()).address;
  const soon = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  await page.goto("/compliance");
  await signInDevAccount(page, DEV.officer.label);

  await page.getByLabel("CSV text").fill(
    ["wallet,country,expiry", `${a},US,${soon}`, `${b},826,`, `${DEV.investorA.address},840,`, "0xnothex,840,", `${b.slice(0, 41).toLowerCase()}1,ZZ,`, `${a},250,`].join("\n"),
  );
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByRole("status", { name: "Import summary" })).toHaveText("2 to register, 4 skipped.");
  const preview = page.getByRole("table", { name: "Import preview" });
  await expect(preview.getByRole("row").filter({ hasText: DEV.investorA.address })).toContainText("Skipped: already registered");
  await expect(preview.getByRole("row").filter({ hasText: "0xnothex" })).toContainText("Skipped: not a valid wallet address");
  await expect(preview.getByRole("row").filter({ hasText: "ZZ" })).toContainText("Skipped: not an ISO-3166 country");
  await expect(preview.getByRole("row").filter({ hasText: "duplicate of line 2" })).toContainText("250 France");
  await expect(preview.getByRole("row").filter({ hasText: "Will register" })).toHaveCount(2);
  await page.screenshot({ path: artifact("compliance-import-preview.png"), fullPage: true });

  await page.getByLabel("Reason (audit log)").fill("KYC batch E2E-1");
  await page.getByRole("button", { name: "Register 2 investors" }).click();
  await expect(page.getByRole("status", { name: "Import progress" })).toContainText("2 investors registered in one batch (1 with a KYC expiry)", { timeout: 60_000 });
  await expect(page.getByRole("status", { name: "Import audit record" })).toHaveText("Recorded in the audit log.");
  const rowA = row(page, "Investors", new RegExp(a, "i"));
  const rowB = row(page, "Investors", new RegExp(b, "i"));
  await expect(rowA).toContainText("840 United States");
  await expect(rowA).toContainText("Expires soon");
  await expect(rowB).toContainText("826 United Kingdom");
  await expect(rowB).toContainText("Not verified");
  // Each imported wallet's identity came from the platform's IdentityFactory (the same address on every chain).
  for (const w of [a, b]) {
    const registered = await platform.publicClient.readContract({ address: platform.deployments.identityRegistry, abi: identityRegistryAbi, functionName: "identity", args: [w] });
    expect(registered).toBe(await identityOf(platform.publicClient, platform.deployments.identityFactory!, w));
  }

  await rowA.getByRole("button", { name: /^Manage/ }).click();
  const manager = page.getByRole("region", { name: "Manage investor" });
  await expect(manager.getByLabel("Registry record")).toContainText("Verified");
  await expect(manager.getByRole("table", { name: "Claims" })).toContainText("No claims for the required topics.");
  await manager.getByLabel("New country (ISO-3166 numeric)").fill("276");
  await manager.getByRole("button", { name: "Update country" }).click();
  await expect(manager.getByRole("alert")).toContainText("Give a reason");
  await manager.getByLabel("Reason (audit log)").fill("Moved to Germany");
  await manager.getByRole("button", { name: "Update country" }).click();
  await expect(manager.getByRole("status", { name: "Investor change progress" })).toContainText("indexed", { timeout: 60_000 });
  await expect(manager.getByRole("status", { name: "Investor change audit record" })).toHaveText("Recorded in the audit log.");
  await expect(rowA).toContainText("276 Germany");
  await page.screenshot({ path: artifact("compliance-allowlist.png"), fullPage: true });

  await manager.getByLabel("Remove from registry").check();
  await manager.getByLabel("Reason (audit log)").fill("Left the fund");
  await manager.getByRole("button", { name: "Remove investor" }).click();
  await expect(manager.getByRole("status", { name: "Investor change progress" })).toContainText("removed from the identity registry", { timeout: 60_000 });
  await expect(rowA).toHaveCount(0);
  await manager.getByRole("button", { name: "Close" }).click();

  await rowB.getByRole("button", { name: /^Manage/ }).click();
  await manager.getByLabel("Remove from registry").check();
  await manager.getByLabel("Reason (audit log)").fill("Duplicate onboarding");
  await manager.getByRole("button", { name: "Remove investor" }).click();
  await expect(rowB).toHaveCount(0, { timeout: 60_000 });

  const log = page.getByRole("table", { name: "Audit log" });
  // Rows found by their reasons: other journeys running at the same time add entries of the same actions.
  await expect(log.getByRole("row").filter({ hasText: "KYC batch E2E-1" })).toContainText("Imported investors");
  await expect(log.getByRole("row").filter({ hasText: "Moved to Germany" })).toContainText("Updated country");
  await expect(log.getByRole("row").filter({ hasText: "Left the fund" })).toContainText("Removed investor");
  await expect(log.getByRole("row").filter({ hasText: "Duplicate onboarding" })).toContainText("Removed investor");
  expect(errors).toEqual([]);
});
