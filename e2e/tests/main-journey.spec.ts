import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createInvestor, expect, signInWithBrowserWallet, test, useBrowserWallet, type Investor } from "./fixtures";
import { openSection } from "./support";

/**
 * The main job, end to end (issue "tokenize an asset, onboard investors, issue, transfer, see the cap table"):
 * an issuer creates an asset with compliance rules, a compliance officer registers investors, the issuer issues
 * tokens (an unverified wallet is refused with the reason), an investor transfers after a pre-check that explains
 * refusals in words, and the issuer's cap table — read from Postgres, written by the indexer — shows the result.
 *
 * The journey's investors are fresh wallets (no other journey knows them): Investor A (US), B (UK) and C (France),
 * registered by the compliance officer through the SDK before the journey; an unregistered wallet; and two
 * newcomers the officer registers in the journey itself (US and Germany).
 */

const fresh = () => privateKeyToAccount(generatePrivateKey()).address;
const ACCOUNT = { unregistered: fresh(), newUs: fresh(), newDe: fresh() };
let investorA: Investor;
let investorB: Investor;
let investorC: Investor;

const ASSET = { name: "Harbor Bond 2030", symbol: "HB30" };
let assetPath = "";

/** Screenshots of each main screen are kept under e2e/artifacts (git-ignored) for people to look at. */
const artifact = (name: string) => fileURLToPath(new URL(`../artifacts/${name}`, import.meta.url));

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ platform }) => {
  investorA = await createInvestor(platform, { country: 840 });
  investorB = await createInvestor(platform, { country: 826 });
  investorC = await createInvestor(platform, { country: 250 });
});

/** Fails the test on any console error or uncaught page error (hydration mismatches included). */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/** Connects a dev account and signs in with it (Sign-In with Ethereum; the roles then come from the chain). */
async function connectDevAccount(page: Page, label: string): Promise<void> {
  await page.getByLabel("Dev account").selectOption({ label });
  await expect(page.getByRole("status", { name: "Wallet" })).toContainText("Connected");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("status", { name: "Session" })).toContainText("Signed in");
}

function row(page: Page, table: string, text: string | RegExp) {
  return page.getByRole("table", { name: table }).getByRole("row").filter({ hasText: text });
}

test("an issuer creates an asset with compliance rules through the factory", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/issuer");
  await connectDevAccount(page, "Issuer (account 0)");

  await page.getByLabel("Name").fill(ASSET.name);
  await page.getByLabel("Symbol").fill(ASSET.symbol);
  await page.getByLabel("Decimals").fill("6");
  await page.getByLabel("Asset class").selectOption({ label: "Bond" });
  // The "Create asset" wizard: details → documents → compliance rules → roles → review → one factory transaction.
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click(); // no documents
  await page.getByLabel("Allowed investor countries").fill("840, 826");
  await page.getByLabel("Max holders", { exact: true }).fill("2");
  await page.getByLabel("Max balance per investor").fill("1000");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click(); // no extra roles
  await page.getByRole("button", { name: "Create asset" }).click();

  await expect(page.getByRole("status", { name: "Create asset progress" })).toContainText("indexed", { timeout: 60_000 });
  await expect(row(page, "Assets", ASSET.symbol)).toBeVisible();
  const link = page.getByRole("link", { name: `Open ${ASSET.symbol}` });
  assetPath = (await link.getAttribute("href")) ?? "";
  expect(assetPath).toMatch(/^\/issuer\/assets\/0x[0-9a-fA-F]{40}$/);

  await page.screenshot({ path: artifact("issuer-portal.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("a compliance officer registers investors, who become verified", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/compliance");
  await connectDevAccount(page, "Compliance officer (account 1)");

  for (const [wallet, country] of [
    [ACCOUNT.newUs, "840 United States"],
    [ACCOUNT.newDe, "276 Germany"],
  ] as const) {
    await page.getByLabel("Wallet address").fill(wallet);
    await page.getByLabel("Country", { exact: true }).selectOption({ label: country });
    await page.getByLabel("Approved", { exact: true }).check();
    await page.getByRole("button", { name: "Register investor" }).click();
    await expect(page.getByRole("status", { name: "Register investor progress" })).toContainText("indexed", {
      timeout: 60_000,
    });
    const registered = row(page, "Investors", new RegExp(wallet, "i"));
    await expect(registered).toContainText(country);
    await expect(registered).toContainText("Verified"); // "Not verified" otherwise (lower-case v)
  }

  await page.screenshot({ path: artifact("compliance-console.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("the issuer issues tokens to a verified investor; an unverified wallet is refused with the reason", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(assetPath);
  await connectDevAccount(page, "Issuer (account 0)");
  await expect(page.getByRole("heading", { name: `${ASSET.name} (${ASSET.symbol})` })).toBeVisible();
  await openSection(page, "Asset sections", "Holders"); // issuance sits beside the cap table it changes

  await page.getByLabel("Investor wallet").fill(ACCOUNT.unregistered);
  await page.getByLabel(`Amount (${ASSET.symbol})`).fill("100");
  await page.getByRole("button", { name: "Issue tokens" }).click();
  await expect(page.getByRole("alert", { name: "Issue tokens progress" })).toContainText("the recipient is not verified");

  await page.getByLabel("Investor wallet").fill(investorA.address);
  await page.getByLabel(`Amount (${ASSET.symbol})`).fill("600");
  await page.getByRole("button", { name: "Issue tokens" }).click();
  await expect(page.getByRole("status", { name: "Issue tokens progress" })).toContainText("indexed", { timeout: 60_000 });

  const holder = row(page, "Cap table", new RegExp(investorA.address, "i"));
  await expect(holder).toContainText(`600 ${ASSET.symbol}`);
  await expect(holder).toContainText("100.00%");
  expect(errors).toEqual([]);
});

test("an investor transfers after a pre-check that explains each refusal in words", async ({ page }) => {
  const errors = watchConsole(page);
  await useBrowserWallet(page, investorA.account);
  await page.goto("/investor");
  await signInWithBrowserWallet(page, investorA.address);
  await expect(row(page, "Holdings", ASSET.symbol)).toContainText("600");

  await page.getByLabel("Asset", { exact: true }).selectOption({ label: `${ASSET.name} (${ASSET.symbol})` });
  const check = page.getByRole("button", { name: "Check transfer" });
  const send = page.getByRole("button", { name: "Send" });
  const verdict = page.getByLabel("Transfer check");

  const refusals: Array<[string, string, RegExp]> = [
    [ACCOUNT.unregistered, "10", /the recipient is not verified/],
    [investorC.address, "10", /country is not allowed/], // France: not in 840, 826
    [ACCOUNT.newDe, "10", /country is not allowed/], // Germany
  ];

  for (const [to, amount, reason] of refusals) {
    await page.getByLabel("Recipient").fill(to);
    await page.getByLabel("Amount").fill(amount);
    await check.click();
    await expect(verdict).toContainText(reason);
    await expect(verdict).toContainText("Not allowed");
    await expect(send).toBeDisabled();
  }

  await page.getByLabel("Recipient").fill(ACCOUNT.newUs);
  await page.getByLabel("Amount").fill("100");
  await check.click();
  await expect(verdict).toContainText("Transfer allowed");
  await expect(send).toBeEnabled();
  await send.click();
  await expect(page.getByRole("status", { name: "Transfer progress" })).toContainText("indexed", { timeout: 60_000 });
  await expect(row(page, "Holdings", ASSET.symbol)).toContainText("500");

  // Two holders now (Investor A and the new US investor) and the limit is 2: a third holder is refused before signing.
  await page.getByLabel("Recipient").fill(investorB.address);
  await page.getByLabel("Amount").fill("10");
  await check.click();
  await expect(verdict).toContainText(/maximum number of holders/);
  await expect(send).toBeDisabled();

  await page.screenshot({ path: artifact("investor-app.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("the issuer's cap table shows each holder, balance, share of supply and country", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`${assetPath}/holders`);
  // The cap table is for the token's agents, owner and role holders and compliance officers (401/403 otherwise).
  await expect(page.getByLabel("Cap table access")).toContainText("Connect a wallet and sign in");
  await connectDevAccount(page, "Issuer (account 0)");

  const a = row(page, "Cap table", new RegExp(investorA.address, "i"));
  await expect(a).toContainText(`500 ${ASSET.symbol}`);
  await expect(a).toContainText("83.33%");
  await expect(a).toContainText("840 United States");
  const b = row(page, "Cap table", new RegExp(ACCOUNT.newUs, "i"));
  await expect(b).toContainText(`100 ${ASSET.symbol}`);
  await expect(b).toContainText("16.67%");
  await expect(page.getByRole("table", { name: "Cap table" }).getByRole("row")).toHaveCount(3); // header + 2 holders

  // Over the limit per investor: 500 + 501 > 1,000 whole tokens for Investor A.
  await page.getByLabel("Investor wallet").fill(investorA.address);
  await page.getByLabel(`Amount (${ASSET.symbol})`).fill("501");
  await page.getByRole("button", { name: "Issue tokens" }).click();
  await expect(page.getByRole("alert", { name: "Issue tokens progress" })).toContainText(/maximum balance/);

  await page.screenshot({ path: artifact("cap-table.png"), fullPage: true });
  expect(errors).toEqual([]);
});
