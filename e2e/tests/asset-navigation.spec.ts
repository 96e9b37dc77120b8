import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { DEV, demoToken, sectionLink, signInDevAccount, watchConsole, type SectionNav } from "./support";

/**
 * Sections of an asset's page (issuer portal) and of the investor app: each is a route of its own, opened by a deep
 * link or by its link in the section navigation, shows its heading(s), and is the one link marked
 * `aria-current="page"`. The links are reached and followed with the keyboard; the wallet and the session stay while
 * moving between sections; an unknown section or a malformed token address is a 404. Reads the demo token TDF only.
 */

interface Section {
  /** The link's text. */
  name: string;
  /** The path under the area's root ("" = the root itself). */
  path: string;
  /** Headings the section shows (level 2). */
  headings: string[];
  /** The page title (title template of the area). */
  title: string;
  /** Text of an empty state, for the sections whose flows are not built yet. */
  empty?: string;
  /** What a signed-out visitor reads instead of the section's content (sections that need a wallet). */
  signedOut?: string;
}

const ASSET_SECTIONS: Section[] = [
  { name: "Overview", path: "", headings: ["Dashboard"], title: "Overview · Asset · Tessera" },
  { name: "Holders", path: "/holders", headings: ["Cap table", "Issue tokens", "Bulk issuance"], title: "Holders · Asset · Tessera" },
  { name: "Transactions", path: "/transactions", headings: ["Audit log"], title: "Transactions · Asset · Tessera" },
  {
    name: "Corporate actions",
    path: "/corporate-actions",
    headings: ["Distributions and coupons"],
    title: "Corporate actions · Asset · Tessera",
    signedOut: "to see its distributions.",
  },
  {
    name: "Subscriptions",
    path: "/subscriptions",
    headings: ["Subscriptions and redemptions", "Net asset value"],
    title: "Subscriptions · Asset · Tessera",
    signedOut: "Sign in (top right) to see TDF's vault",
  },
  { name: "Compliance", path: "/compliance", headings: ["Rules", "Agent operations"], title: "Compliance · Asset · Tessera" },
  { name: "Documents", path: "/documents", headings: ["Documents"], title: "Documents · Asset · Tessera" },
];

const INVESTOR_SECTIONS: Section[] = [
  { name: "Portfolio", path: "", headings: ["My holdings", "Transfer", "History"], title: "Portfolio · Investor app · Tessera" },
  {
    name: "Orders",
    path: "/orders",
    headings: ["Subscriptions and redemptions"],
    title: "Orders · Investor app · Tessera",
    signedOut: "Sign in with your wallet to subscribe to a fund",
  },
  {
    name: "Distributions",
    path: "/distributions",
    headings: ["Distributions"],
    title: "Distributions · Investor app · Tessera",
    signedOut: "Sign in (top right) to see your dividends and coupons",
  },
  {
    name: "Trades",
    path: "/trades",
    headings: ["Trades"],
    title: "Trades · Investor app · Tessera",
    signedOut: "Sign in with your wallet to offer your tokens for the payment token",
  },
  { name: "Documents", path: "/documents", headings: ["Documents", "ID documents"], title: "Documents · Investor app · Tessera" },
  { name: "Profile", path: "/profile", headings: ["Onboarding"], title: "Profile · Investor app · Tessera" },
];

/** The section is shown: its headings and empty state, its title, and its link alone marked current. */
async function expectSection(page: Page, nav: SectionNav, all: Section[], s: Section, signedIn = false) {
  for (const h of s.headings) await expect(page.getByRole("heading", { level: 2, name: h, exact: true })).toBeVisible();
  if (s.empty) await expect(page.getByText(s.empty)).toBeVisible();
  if (s.signedOut && !signedIn) await expect(page.getByText(s.signedOut)).toBeVisible();
  await expect(page).toHaveTitle(s.title);
  await expect(sectionLink(page, nav, s.name)).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("navigation", { name: nav }).locator('[aria-current="page"]')).toHaveCount(1);
  for (const other of all.filter((o) => o.name !== s.name)) await expect(sectionLink(page, nav, other.name)).not.toHaveAttribute("aria-current");
}

test("every section of an asset's page opens by deep link, with its heading, its title and the current link marked", async ({ page }) => {
  const errors = watchConsole(page);
  const base = `/issuer/assets/${demoToken().toLowerCase()}`;
  for (const s of ASSET_SECTIONS) {
    await page.goto(`${base}${s.path}`);
    await expect(page.getByRole("heading", { level: 1, name: "Tessera Demo Fund (TDF)" })).toBeVisible();
    await expectSection(page, "Asset sections", ASSET_SECTIONS, s);
  }
  // A checksummed address in the URL is the same asset; its links are marked all the same.
  await page.goto(`/issuer/assets/${demoToken()}/holders`);
  await expectSection(page, "Asset sections", ASSET_SECTIONS, ASSET_SECTIONS[1]!);
  expect(errors).toEqual([]);
});

test("the issuer moves between an asset's sections by click and by keyboard, signed in throughout", async ({ page }) => {
  const errors = watchConsole(page);
  const base = `/issuer/assets/${demoToken().toLowerCase()}`;
  await page.goto(base);
  await signInDevAccount(page, DEV.issuer.label);
  for (const s of [...ASSET_SECTIONS.slice(1), ASSET_SECTIONS[0]!]) {
    await sectionLink(page, "Asset sections", s.name).click();
    await expect(page).toHaveURL(`${base}${s.path}`);
    await expectSection(page, "Asset sections", ASSET_SECTIONS, s, true);
    await expect(page.getByRole("status", { name: "Session" })).toContainText("Signed in");
  }
  // The role-gated cards of the sections work after client-side moves: the cap table and the dashboard figures load.
  await expect(page.getByLabel("Dashboard figures")).toContainText("Supply");
  await sectionLink(page, "Asset sections", "Holders").click();
  await expect(page.getByRole("table", { name: "Cap table" })).toBeVisible();

  // Keyboard: Tab goes from link to link in order, Enter follows the focused one.
  await sectionLink(page, "Asset sections", "Holders").focus();
  await page.keyboard.press("Tab");
  await expect(sectionLink(page, "Asset sections", "Transactions")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(sectionLink(page, "Asset sections", "Corporate actions")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${base}/corporate-actions`);
  await expectSection(page, "Asset sections", ASSET_SECTIONS, ASSET_SECTIONS[3]!, true);
  expect(errors).toEqual([]);
});

test("an unknown section of an asset and a malformed token address are 404s", async ({ page }) => {
  const base = `/issuer/assets/${demoToken().toLowerCase()}`;
  for (const path of [`${base}/dividends`, `${base}/holders/extra`, "/issuer/assets/0x1234/holders", "/issuer/assets/tdf", "/investor/nowhere"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
});

test("every section of the investor app opens by deep link, with its heading, its title and the current link marked", async ({ page }) => {
  const errors = watchConsole(page);
  for (const s of INVESTOR_SECTIONS) {
    await page.goto(`/investor${s.path}`);
    await expect(page.getByRole("heading", { level: 1, name: "Investor app" })).toBeVisible();
    await expectSection(page, "Investor sections", INVESTOR_SECTIONS, s);
  }
  expect(errors).toEqual([]);
});

test("an investor moves between the investor app's sections by click; the wallet and the session stay", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/investor");
  await signInDevAccount(page, DEV.investorA.label);
  // Signed in, the portfolio is titled as such, and a registered investor without an application sees the KYC, no onboarding.
  const signedIn: Record<string, string[]> = {
    Portfolio: ["My portfolio", "Transfer", "History"],
    Trades: ["Offer tokens", "Offers", "Trade history"],
    Profile: ["My KYC"],
  };
  for (const s of [...INVESTOR_SECTIONS.slice(1), INVESTOR_SECTIONS[0]!]) {
    await sectionLink(page, "Investor sections", s.name).click();
    await expect(page).toHaveURL(`/investor${s.path}`);
    await expectSection(page, "Investor sections", INVESTOR_SECTIONS, { ...s, headings: signedIn[s.name] ?? s.headings }, true);
    await expect(page.getByRole("status", { name: "Wallet" })).toContainText(`Connected: ${DEV.investorA.address}`);
    await expect(page.getByRole("status", { name: "Session" })).toContainText("Signed in");
  }
  // Signed in, the sections show the wallet's own data: its holdings of TDF, its KYC, its assets' documents.
  await expect(page.getByRole("table", { name: "Holdings" }).getByRole("row").filter({ hasText: "TDF" })).toBeVisible();
  await sectionLink(page, "Investor sections", "Profile").click();
  await expect(page.getByRole("status", { name: "KYC status" })).toContainText("Verified until");
  await sectionLink(page, "Investor sections", "Documents").click();
  await expect(page.getByRole("table", { name: "Asset documents" })).toBeVisible();
  expect(errors).toEqual([]);
});
