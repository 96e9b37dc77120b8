import { deployAsset, mint } from "@tessera/sdk";
import { grantRole, revokeRole } from "@tessera/sdk/suite";
import { expect, test } from "./fixtures";
import type { Address } from "viem";
import { artifact, DEV, row, signInDevAccount, watchConsole } from "./support";

/**
 * Freezes from the compliance console, per asset: on an asset of its own (Frost Fund, FRF: Investor B holds 1,000,
 * Investor C 500; other journeys' assets stay untouched), the officer, given the FREEZER role on the asset's
 * AccessManager, freezes part of B's balance and C's whole wallet with reasons, sees them in the list of frozen
 * wallets (from the index) and in the audit log, then lifts both.
 */
test("the officer freezes a partial amount and a whole wallet per asset with reasons, sees them listed, then lifts them", async ({ page, platform }) => {
  const errors = watchConsole(page);
  const { publicClient, issuer, deployments } = platform;
  const { token } = await deployAsset(issuer, publicClient, deployments, {
    name: "Frost Fund", symbol: "FRF", decimals: 0, assetClass: 0, allowedCountries: [], maxHolders: 0n, maxBalance: 0n,
  });
  await mint(issuer, publicClient, { token, to: DEV.investorB.address, amount: 1_000n });
  await mint(issuer, publicClient, { token, to: DEV.investorC.address, amount: 500n });
  const accessManager = (await publicClient.readContract({
    address: token,
    abi: [{ type: "function", name: "authority", inputs: [], outputs: [{ type: "address" }], stateMutability: "view" }],
    functionName: "authority",
  })) as Address;
  await grantRole(issuer, publicClient, { accessManager, role: "FREEZER", account: DEV.officer.address });
  try {
    await page.goto("/compliance");
    await signInDevAccount(page, DEV.officer.label);
    await page.getByLabel("Freeze asset").selectOption({ label: "FRF (Frost Fund)" });
    const form = page.getByRole("form", { name: "Freeze or unfreeze" });
    const frozen = page.getByRole("table", { name: "Frozen wallets" });
    await expect(frozen).toContainText("No frozen wallets on FRF.");

    const send = async (mode: string, wallet: string, reason: string, amount?: string) => {
      await form.getByLabel(mode, { exact: true }).check();
      await form.getByLabel("Wallet to freeze or unfreeze").fill(wallet);
      if (amount) await form.getByLabel(/^Amount/).fill(amount);
      await form.getByLabel("Freeze reason (audit log)").fill(reason);
      await form.getByRole("button", { name: mode, exact: true }).click();
      await expect(form.getByRole("status", { name: "Freeze progress" })).toContainText("indexed", { timeout: 60_000 });
      await expect(form.getByRole("status", { name: "Freeze audit record" })).toHaveText("Recorded in the audit log.");
    };

    await form.getByLabel("Freeze an amount", { exact: true }).check();
    await form.getByLabel("Wallet to freeze or unfreeze").fill(DEV.investorB.address);
    await form.getByLabel(/^Amount/).fill("250");
    await form.getByRole("button", { name: "Freeze an amount", exact: true }).click();
    await expect(form.getByRole("alert")).toContainText("Give a reason");

    await send("Freeze an amount", DEV.investorB.address, "Margin call 7", "250");
    await expect(row(page, "Frozen wallets", /Investor B/)).toContainText("250 FRF");
    await send("Freeze whole wallet", DEV.investorC.address, "Court order 17");
    await expect(row(page, "Frozen wallets", /Investor C/)).toContainText("Frozen");
    const log = page.getByRole("table", { name: "Audit log" });
    await expect(log.getByRole("row").filter({ hasText: "Margin call 7" })).toContainText("Froze part of balance");
    await expect(log.getByRole("row").filter({ hasText: "Court order 17" })).toContainText("Froze wallet");
    await page.screenshot({ path: artifact("compliance-freezes.png"), fullPage: true });

    await send("Unfreeze whole wallet", DEV.investorC.address, "Order lifted");
    await send("Unfreeze an amount", DEV.investorB.address, "Margin restored", "250");
    await expect(frozen).toContainText("No frozen wallets on FRF.");
    await expect(log.getByRole("row").filter({ hasText: "Order lifted" })).toContainText("Unfroze wallet");
    expect(errors).toEqual([]);
  } finally {
    await revokeRole(issuer, publicClient, { accessManager, role: "FREEZER", account: DEV.officer.address });
  }
});
