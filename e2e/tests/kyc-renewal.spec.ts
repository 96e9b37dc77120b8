import type { Page } from "@playwright/test";
import { registerInvestor } from "@tessera/sdk";
import { addInvestorWallet, onboardInvestor } from "@tessera/sdk/identity";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { expect, signInWithBrowserWallet, test, useBrowserWallet } from "./fixtures";
import { artifact, DEV, row, sectionLink, signInDevAccount, watchConsole } from "./support";

/**
 * KYC renewal: an investor whose KYC expires in 10 days sees "expiring soon" in the investor app (and no application
 * form); the compliance officer renews it from the investor manager with a new expiry and a reason (a refreshed KYC
 * claim or an attestation, as the registry needs), which lands in the audit log; the investor then sees the new date.
 *
 * Runs on its own data: a fresh investor wallet (a new private key, no other spec knows it), onboarded here by the
 * officer through the SDK. Its browser wallet is the injected EIP-1193 stand-in (investor-wallet.ts) whose
 * personal_sign is answered by the key in this test (anvil cannot sign for a key it does not hold).
 */
test.describe.configure({ mode: "serial" });

const investor = privateKeyToAccount(generatePrivateKey());
/** The investor's second wallet (same identity), renewed together with the first from the investor manager. */
const secondWallet = privateKeyToAccount(generatePrivateKey()).address;
/** Two more fresh investors, registered by attestation with KYC expiring in 20 days, renewed together. */
const batch = [privateKeyToAccount(generatePrivateKey()).address, privateKeyToAccount(generatePrivateKey()).address];
const DAY = 86_400;
/** The renewal date typed by the officer (YYYY-MM-DD): 400 days after the later of the chain's and the wall clock's today. */
let renewedUntil = "";
let expiringOn = "";

test.beforeAll(async ({ platform }) => {
  const { publicClient, officer, deployments } = platform;
  const chainNow = Number((await publicClient.getBlock()).timestamp);
  const expiresAt = BigInt(chainNow + 10 * DAY);
  expiringOn = new Date(Number(expiresAt) * 1000).toISOString().slice(0, 10);
  renewedUntil = new Date((Math.max(chainNow, Math.floor(Date.now() / 1000)) + 400 * DAY) * 1000).toISOString().slice(0, 10);
  if (deployments.claimIssuer) {
    await onboardInvestor(officer, publicClient, {
      identityRegistry: deployments.identityRegistry,
      claimIssuer: deployments.claimIssuer,
      wallet: investor.address,
      country: 756,
      expiresAt,
    });
  } else {
    await registerInvestor(officer, publicClient, deployments, { wallet: investor.address, country: 756, kycExpiresAt: expiresAt });
  }
  await addInvestorWallet(officer, publicClient, { identityRegistry: deployments.identityRegistry, existingWallet: investor.address, newWallet: secondWallet });
  for (const wallet of batch) {
    await registerInvestor(officer, publicClient, deployments, { wallet, country: 250, kycExpiresAt: BigInt(chainNow + 20 * DAY) });
  }
});

/** Opens the investor app (`path`: a section) with the fresh investor's browser wallet, signed in. */
async function openAsInvestor(page: Page, path = "/investor") {
  await useBrowserWallet(page, investor);
  await page.goto(path);
  await signInWithBrowserWallet(page, investor.address);
}

test("a registered investor sees their KYC expiring soon first, and no application form", async ({ page }) => {
  const errors = watchConsole(page);
  await openAsInvestor(page);
  // The portfolio points it out first, with the way to the profile (KYC and onboarding).
  await expect(page.getByRole("status", { name: "Profile reminder" })).toContainText(`Verified until ${expiringOn}: expiring soon`);
  await page.getByRole("link", { name: "Open your profile" }).click();
  await expect(sectionLink(page, "Investor sections", "Profile")).toHaveAttribute("aria-current", "page");
  const status = page.getByRole("status", { name: "KYC status" });
  await expect(status).toContainText(`Verified until ${expiringOn}: expiring soon`);
  await expect(page.getByRole("button", { name: "Submit application" })).toHaveCount(0);
  await expect(page.getByLabel("Full name")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("the compliance officer renews the expiring investor's KYC with a reason; the audit log records it", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/compliance");
  await signInDevAccount(page, DEV.officer.label);
  await page.getByLabel("Search investors").fill(investor.address.slice(2, 12).toLowerCase());
  const r = row(page, "Investors", new RegExp(investor.address, "i"));
  await expect(r).toContainText("Expires soon");
  await r.getByRole("button", { name: /^Manage/ }).click();
  const manager = page.getByRole("region", { name: "Manage investor" });
  await expect(manager.getByLabel("Registry record")).toContainText(expiringOn);
  await manager.getByLabel("Renew KYC").check();
  await expect(manager.getByLabel("Also renew the identity's 1 other wallet")).toBeChecked();
  await manager.getByLabel("New KYC expiry").fill(renewedUntil);
  await manager.getByLabel("Reason (audit log)").fill("Annual KYC review R-7 passed");
  await manager.getByRole("button", { name: "Renew KYC" }).click();
  await expect(manager.getByRole("status", { name: "Investor change progress" })).toContainText(`renewed until ${renewedUntil}`, { timeout: 60_000 });
  await expect(manager.getByRole("status", { name: "KYC renewal audit record" })).toContainText("Recorded in the audit log");
  await expect(manager.getByLabel("Registry record")).toContainText(renewedUntil);
  await expect(manager.getByLabel("Registry record")).not.toContainText("Expires soon");
  await expect(r).not.toContainText("Expires soon");
  await page.getByLabel("Search investors").fill(secondWallet.slice(2, 12).toLowerCase());
  await expect(row(page, "Investors", new RegExp(secondWallet, "i"))).toContainText(renewedUntil);

  const log = page.getByRole("table", { name: "Audit log" });
  const entries = log.getByRole("row").filter({ hasText: "Annual KYC review R-7 passed" });
  await expect(entries).toHaveCount(2); // one per wallet (transaction)
  await expect(entries.first()).toContainText("Renewed KYC");
  await page.screenshot({ path: artifact("compliance-kyc-renewal.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("the investor sees the new expiry", async ({ page }) => {
  const errors = watchConsole(page);
  await openAsInvestor(page, "/investor/profile");
  await expect(page.getByRole("status", { name: "KYC status" })).toHaveText(`Verified until ${renewedUntil}.`);
  await expect(page.getByRole("button", { name: "Submit application" })).toHaveCount(0);
  await page.getByRole("region", { name: "My KYC" }).screenshot({ path: artifact("investor-kyc-status.png") });
  expect(errors).toEqual([]);
});

test("the compliance officer renews two investors' KYC in one batch; an unregistered wallet is refused before signing", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/compliance");
  await signInDevAccount(page, DEV.officer.label);
  const card = page.getByRole("form", { name: "Renew KYC" });
  const stranger = privateKeyToAccount(generatePrivateKey()).address;
  await card.getByLabel("Wallets to renew (one per line)").fill([...batch, stranger].join("\n"));
  await card.getByLabel("Renewed KYC valid until").fill(renewedUntil);
  await card.getByLabel("Why renewed (audit log)").fill("Batch review B-3");
  await card.getByRole("button", { name: "Renew KYC" }).click();
  await expect(card.getByRole("alert", { name: "KYC renewal progress" })).toContainText(`wallet ${stranger.toLowerCase()} is not registered`);

  await card.getByLabel("Wallets to renew (one per line)").fill(batch.join("\n"));
  await card.getByRole("button", { name: "Renew KYC" }).click();
  await expect(card.getByRole("status", { name: "KYC renewal progress" })).toContainText(`KYC of 2 wallets renewed until ${renewedUntil}`, { timeout: 60_000 });
  await expect(card.getByRole("status", { name: "KYC renewal audit record" })).toContainText("Recorded in the audit log (2 wallets)");
  for (const wallet of batch) {
    await expect(card.getByRole("table", { name: "KYC renewed" }).getByRole("row").filter({ hasText: wallet.toLowerCase() })).toContainText(renewedUntil);
    await expect(row(page, "Investors", new RegExp(wallet, "i"))).not.toContainText("Expires soon");
  }
  await expect(page.getByRole("table", { name: "Audit log" }).getByRole("row").filter({ hasText: "Batch review B-3" })).toHaveCount(2);
  // The one refusal (the server's check answered 400) is the only console error.
  expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  expect(errors.filter((e) => /status of 400/.test(e))).toHaveLength(1);
});
