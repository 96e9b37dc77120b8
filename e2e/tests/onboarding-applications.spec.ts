import type { Page } from "@playwright/test";
import { identityRegistryAbi } from "@tessera/contracts";
import { identityOf } from "@tessera/sdk";
import { hasValidClaim, KYC_CLAIM_TOPIC } from "@tessera/sdk/identity";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { expect, signInWithBrowserWallet, test, useBrowserWallet } from "./fixtures";
import { artifact, DEV, row, signInDevAccount, watchConsole } from "./support";

/**
 * Onboarding: two newcomers apply in the investor app with their profile; the compliance officer rejects one with a
 * reason and approves the other, which registers the wallet on-chain (identity, country, KYC expiry) with progress
 * to "indexed"; each applicant then sees the outcome (the rejected one with the officer's reason, free to reapply).
 * The newcomers are fresh keys (no other journey knows them), each with its browser wallet in a page of its own.
 */
const GRACE = privateKeyToAccount(generatePrivateKey());
const SAM = privateKeyToAccount(generatePrivateKey());

test.describe.configure({ mode: "serial" });

/** Opens the investor app's profile (KYC and onboarding) in `page` with `who`'s browser wallet, signed in. */
async function openAs(page: Page, who: PrivateKeyAccount) {
  await useBrowserWallet(page, who);
  await page.goto("/investor/profile");
  await signInWithBrowserWallet(page, who.address);
}

async function apply(page: Page, who: PrivateKeyAccount, name: string, country: string) {
  await openAs(page, who);
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Country of residence").selectOption({ label: country });
  await page.getByLabel("Investor type").selectOption({ label: "Individual" });
  await page.getByLabel("Accredited or professional investor").check();
  await page.getByLabel("Email (optional)").fill(`${name.split(" ")[0]!.toLowerCase()}@example.test`);
  await page.getByRole("button", { name: "Submit application" }).click();
  await expect(page.getByRole("status", { name: "Application status" })).toContainText("Pending review");
  await expect(page.getByRole("button", { name: "Submit application" })).toHaveCount(0);
}

test("two newcomers apply with their profile and wait for review", async ({ page, newPage }) => {
  const errors = watchConsole(page);
  await apply(page, GRACE, "Grace Newcomer", "276 Germany");
  await page.screenshot({ path: artifact("investor-onboarding-pending.png"), fullPage: true });
  const other = await newPage();
  const otherErrors = watchConsole(other);
  await apply(other, SAM, "Sam Unverified", "840 United States");
  expect(errors).toEqual([]);
  expect(otherErrors).toEqual([]);
});

test("the compliance officer rejects one with a reason and approves the other, registering the wallet on-chain", async ({ page, platform }) => {
  const errors = watchConsole(page);
  await page.goto("/compliance");
  await signInDevAccount(page, DEV.officer.label);
  const queue = page.getByRole("table", { name: "Onboarding queue" });
  await expect(queue).toContainText("Grace Newcomer");
  await expect(queue).toContainText("Sam Unverified");

  await page.getByRole("button", { name: "Review Sam Unverified" }).click();
  const review = page.getByRole("region", { name: "Review application" });
  await expect(review).toContainText("840 United States");
  await review.getByRole("button", { name: "Reject" }).click();
  await expect(review.getByRole("alert", { name: "Review result" })).toContainText("Give the applicant a reason");
  await review.getByLabel("Decision reason").fill("ID document expired");
  await review.getByRole("button", { name: "Reject" }).click();
  await expect(queue).not.toContainText("Sam Unverified");

  await page.getByRole("button", { name: "Review Grace Newcomer" }).click();
  await review.getByLabel("Decision reason").fill("KYC file G-1 complete");
  await review.getByRole("button", { name: "Approve and register" }).click();
  await expect(review.getByRole("status", { name: "Approval progress" })).toContainText("indexed", { timeout: 60_000 });
  await expect(review.getByRole("status", { name: "Review result" })).toContainText("Application of Grace Newcomer approved");
  const registered = row(page, "Investors", new RegExp(GRACE.address, "i"));
  await expect(registered).toContainText("276 Germany");
  await expect(registered).toContainText("Verified");
  await expect(queue).not.toContainText("Grace Newcomer");
  // Its identity came from the platform's IdentityFactory (the same address on every chain), the KYC claim on it.
  const { publicClient, deployments } = platform;
  const identity = await publicClient.readContract({ address: deployments.identityRegistry, abi: identityRegistryAbi, functionName: "identity", args: [GRACE.address] });
  expect(identity).toBe(await identityOf(publicClient, deployments.identityFactory!, GRACE.address));
  expect(await hasValidClaim(publicClient, identity, deployments.claimIssuer!, KYC_CLAIM_TOPIC)).toBe(true);

  const log = page.getByRole("table", { name: "Audit log" });
  await expect(log.getByRole("row").filter({ hasText: "KYC file G-1 complete" })).toContainText("Approved application");
  await expect(log.getByRole("row").filter({ hasText: "ID document expired" })).toContainText("Rejected application");
  await page.getByLabel("Show applications").selectOption({ label: "All" });
  await expect(queue.getByRole("row").filter({ hasText: "Sam Unverified" })).toContainText("rejected: ID document expired");
  await page.screenshot({ path: artifact("compliance-onboarding-queue.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("each applicant sees the outcome; the rejected one sees the reason and may apply again", async ({ page, newPage }) => {
  const errors = watchConsole(page);
  await openAs(page, GRACE);
  await expect(page.getByRole("status", { name: "Application status" })).toContainText("Approved: your wallet is registered and verified");
  const other = await newPage();
  const otherErrors = watchConsole(other);
  await openAs(other, SAM);
  await expect(other.getByRole("status", { name: "Application status" })).toContainText("Rejected: ID document expired");
  await expect(other.getByRole("button", { name: "Submit application" })).toBeVisible();
  await other.screenshot({ path: artifact("investor-onboarding-rejected.png"), fullPage: true });
  expect(errors).toEqual([]);
  expect(otherErrors).toEqual([]);
});
