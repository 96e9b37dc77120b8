import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";
import type { Deployments } from "@tessera/contracts";
import { parseDeployments } from "@tessera/sdk";

/**
 * Anvil dev accounts by role in the demo seed (global-setup: accounts 2, 3, 4 registered; 5 not). The seed is read-only
 * for the journeys (see playwright.config.ts): they may sign in as these accounts and issue their own assets to them,
 * but never change their registry records or the demo token TDF.
 */
export const DEV = {
  issuer: { label: "Issuer (account 0)", address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" },
  officer: { label: "Compliance officer (account 1)", address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" },
  investorA: { label: "Investor A (account 2)", address: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" },
  investorB: { label: "Investor B (account 3)", address: "0x90F79bf6EB2c4f870365E785982E1f101E93b906" },
  investorC: { label: "Investor C (account 4)", address: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65" },
  unregistered: { label: "Unregistered (account 5)", address: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc" },
} as const;

/**
 * The deployments file global-setup wrote, read with the SDK's validated reader.
 * @throws Error when E2E_DEPLOYMENTS_FILE is unset; TesseraError `InvalidDeployments` (naming the file and the problem)
 *   when the file does not match the deployments format
 */
export function readDeploymentsFile(): Deployments {
  const file = process.env.E2E_DEPLOYMENTS_FILE;
  if (!file) throw new Error("E2E_DEPLOYMENTS_FILE is not set (global-setup did not run?)");
  return parseDeployments(readFileSync(file, "utf8"), { source: file });
}

/** The demo asset (TDF) deployed by the seed, from the deployments file global-setup wrote. */
export function demoToken(): `0x${string}` {
  const d = readDeploymentsFile();
  if (!d.demoAsset) throw new Error("the deployments file has no demoAsset");
  return d.demoAsset.token;
}

/** Screenshots of each main screen are kept under e2e/artifacts (git-ignored) for people to look at. */
export const artifact = (name: string) => fileURLToPath(new URL(`../artifacts/${name}`, import.meta.url));

/** Collects console errors and uncaught page errors (hydration mismatches included); assert it stays empty. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/** Connects a dev account (wagmi mock connector; anvil signs). */
export async function connectDevAccount(page: Page, label: string): Promise<void> {
  await page.getByLabel("Dev account").selectOption({ label });
  await expect(page.getByRole("status", { name: "Wallet" })).toContainText("Connected");
}

/** Connects a dev account and signs in with it (Sign-In with Ethereum); resolves once the header says so. */
export async function signInDevAccount(page: Page, label: string): Promise<void> {
  await connectDevAccount(page, label);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("status", { name: "Session" })).toContainText("Signed in");
}

/** Rows of a named table containing `text`. */
export function row(page: Page, table: string, text: string | RegExp) {
  return page.getByRole("table", { name: table }).getByRole("row").filter({ hasText: text });
}

/** The section navigations: an asset's page in the issuer portal, and the investor app. */
export type SectionNav = "Asset sections" | "Investor sections";

/** The link of a section in a section navigation. */
export function sectionLink(page: Page, nav: SectionNav, name: string) {
  return page.getByRole("navigation", { name: nav }).getByRole("link", { name, exact: true });
}

/** Opens a section by its link (a client-side navigation: the wallet and session stay) and waits until it is the current one. */
export async function openSection(page: Page, nav: SectionNav, name: string): Promise<void> {
  const link = sectionLink(page, nav, name);
  await link.click();
  await expect(link).toHaveAttribute("aria-current", "page");
}

/** Unix seconds → "YYYY-MM-DD HH:MM UTC", as the apps write dates and times (dealing dates, expiries, maturities). */
export function utcMinute(s: bigint | number): string {
  const iso = new Date(Number(s) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
