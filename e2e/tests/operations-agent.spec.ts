import { readFileSync } from "node:fs";
import { deployAsset, mint, parseAmount } from "@tessera/sdk";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { createInvestor, expect, signInWithBrowserWallet, test, useBrowserWallet, type Investor } from "./fixtures";
import { artifact, DEV, openSection, row, signInDevAccount, watchConsole } from "./support";

/**
 * Issuer agent operations on an asset of this journey, "Operations Demo Fund" (ODF, deployed by the issuer through the
 * SDK like the demo token, with the demo seed's holdings: Investor A 10,000, Investor B 5,000, Investor C registered
 * with none; three fresh investors in 840, 826 and 250), each through the wallet with progress to "indexed", then
 * recorded with its reason in the audit log: pause/unpause, freeze/unfreeze, partial freeze, burn, a refused and a
 * successful forced transfer, and the recovery of a lost wallet to a second wallet the compliance officer linked to
 * the same identity. Then the audit log is filtered and exported, and an investor is refused by the server as well as
 * by the UI. The operations run on the asset's Compliance section; each result is checked where it shows (the cap
 * table on Holders, the audit log on Transactions), reached through the section links.
 */

/** Investor C's replacement wallet (a fresh address, registered in the second journey). */
const NEW_WALLET = privateKeyToAccount(generatePrivateKey()).address;
const UNREGISTERED = privateKeyToAccount(generatePrivateKey()).address;
let token: `0x${string}`;
let tokenPath = "";
let investorA: Investor;
let investorB: Investor;
let investorC: Investor;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ platform }) => {
  const { publicClient, issuer, deployments } = platform;
  ({ token } = await deployAsset(issuer, publicClient, deployments, {
    name: "Operations Demo Fund", symbol: "ODF", decimals: 18, assetClass: 0, allowedCountries: [840, 826, 250, 276], maxHolders: 100n, maxBalance: parseAmount("1000000", 18),
  }));
  tokenPath = `/issuer/assets/${token}`;
  investorA = await createInvestor(platform, { country: 840 });
  investorB = await createInvestor(platform, { country: 826 });
  investorC = await createInvestor(platform, { country: 250 });
  await mint(issuer, publicClient, { token, to: investorA.address, amount: parseAmount("10000", 18) });
  await mint(issuer, publicClient, { token, to: investorB.address, amount: parseAmount("5000", 18) });
});

async function runOperation(page: import("@playwright/test").Page, label: string, fields: Record<string, string>, reason: string) {
  await page.getByLabel("Operation", { exact: true }).selectOption({ label });
  for (const [name, value] of Object.entries(fields)) await page.getByLabel(name).fill(value);
  await page.getByLabel("Reason").fill(reason);
  await page.getByRole("button", { name: label }).click();
}

async function expectIndexed(page: import("@playwright/test").Page) {
  await expect(page.getByRole("status", { name: "Agent operation progress" })).toContainText("indexed", { timeout: 60_000 });
  await expect(page.getByRole("status", { name: "Audit record" })).toContainText("Recorded in the audit log");
}

/** Runs `check` on the asset's Holders section (the cap table), then goes back to Compliance (agent operations). */
async function onHolders(page: import("@playwright/test").Page, check: () => Promise<void>) {
  await openSection(page, "Asset sections", "Holders");
  await check();
  await openSection(page, "Asset sections", "Compliance");
}

test("the issuer pauses, freezes, partly freezes, burns and forces a transfer, each with a reason", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`${tokenPath}/compliance`);
  await signInDevAccount(page, DEV.issuer.label);
  // The asset's status is in the header of every section.
  const status = page.getByRole("definition").filter({ hasText: /^(Active|Paused)$/ });

  await runOperation(page, "Pause transfers", {}, "Record date for the Q4 distribution");
  await expectIndexed(page);
  await expect(status).toContainText("Paused");
  await expect(page.getByRole("status", { name: "Audit record" })).toContainText('pause, reason "Record date for the Q4 distribution"');
  await runOperation(page, "Unpause transfers", {}, "Record date passed");
  await expectIndexed(page);
  await expect(status).toContainText("Active");

  const b = row(page, "Cap table", new RegExp(investorB.address, "i"));
  await runOperation(page, "Freeze wallet", { "Holder wallet": investorB.address }, "Court order 2026/44");
  await expectIndexed(page);
  await onHolders(page, () => expect(b).toContainText("Frozen"));
  await runOperation(page, "Unfreeze wallet", { "Holder wallet": investorB.address }, "Court order lifted");
  await expectIndexed(page);
  await onHolders(page, () => expect(b).toContainText("No"));
  await runOperation(page, "Freeze part of a balance", { "Holder wallet": investorB.address, "Number of tokens (ODF)": "1000" }, "Collateral pledge");
  await expectIndexed(page);
  await onHolders(page, () => expect(b).toContainText("Partly (1,000)"));

  await runOperation(page, "Burn (redeem) tokens", { "Holder wallet": investorA.address, "Number of tokens (ODF)": "500" }, "Redemption request R-17");
  await expectIndexed(page);
  await onHolders(page, () => expect(row(page, "Cap table", new RegExp(investorA.address, "i"))).toContainText("9,500 ODF"));

  // A forced transfer still needs a verified recipient: refused in words, before any signature.
  await runOperation(
    page,
    "Force a transfer",
    { "From wallet": investorB.address, "To wallet": UNREGISTERED, "Number of tokens (ODF)": "100" },
    "Estate transfer",
  );
  await expect(page.getByRole("alert", { name: "Agent operation progress" })).toContainText("Failed: the recipient is not verified");
  await page.getByLabel("To wallet").fill(investorC.address);
  await page.getByRole("button", { name: "Force a transfer" }).click();
  await expectIndexed(page);
  await onHolders(page, () => expect(row(page, "Cap table", new RegExp(investorC.address, "i"))).toContainText("100 ODF"));

  await openSection(page, "Asset sections", "Transactions");
  const log = page.getByRole("table", { name: "Audit log" });
  await expect(log.getByRole("row")).toHaveCount(8); // header + 7 operations, newest first
  await expect(log.getByRole("row").nth(1)).toContainText("Forced transfer");
  await expect(log.getByRole("row").nth(1)).toContainText("Estate transfer");
  await page.screenshot({ path: artifact("agent-operations.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("the compliance officer links a second wallet to Investor C's identity and reads the whole audit log", async ({ page, platform }) => {
  const errors = watchConsole(page);
  const identity = await platform.publicClient.readContract({
    address: platform.deployments.identityRegistry,
    abi: [{ type: "function", name: "identity", stateMutability: "view", inputs: [{ type: "address" }], outputs: [{ type: "address" }] }],
    functionName: "identity",
    args: [investorC.address],
  });

  await page.goto("/compliance");
  await signInDevAccount(page, DEV.officer.label);
  await page.getByLabel("Wallet address").fill(NEW_WALLET);
  await page.getByLabel("Country", { exact: true }).selectOption({ label: "250 France" });
  await page.getByLabel("Existing identity (optional)").fill(identity);
  await page.getByLabel("Note for the audit log (optional)").fill("Lost-key claim LK-9: new wallet of Investor C");
  await page.getByRole("button", { name: "Register investor" }).click();
  await expect(page.getByRole("status", { name: "Register investor progress" })).toContainText("indexed", { timeout: 60_000 });
  await expect(page.getByRole("status", { name: "Register investor audit record" })).toContainText("Recorded in the audit log");
  await expect(row(page, "Investors", new RegExp(NEW_WALLET, "i"))).toContainText(identity.toLowerCase());

  // The log narrowed to this journey's wallets (other journeys running at the same time add their own entries).
  const log = page.getByRole("table", { name: "Audit log" });
  await page.getByLabel("Affected wallet").fill(NEW_WALLET);
  await expect(log.getByRole("row").nth(1)).toContainText("Registered investor");
  await expect(log.getByRole("row").nth(1)).toContainText("Lost-key claim LK-9");
  await page.getByLabel("Affected wallet").fill(investorB.address);
  await expect(log).toContainText("Court order 2026/44"); // the issuer's entries are visible to compliance
  await page.getByLabel("Action", { exact: true }).selectOption({ label: "Froze wallet" });
  // Only whole-wallet freezes are listed.
  await expect(log.getByRole("row").filter({ hasNotText: "Froze wallet" })).toHaveCount(1); // the header
  await expect(log.getByRole("row").filter({ hasText: "Court order 2026/44" })).toHaveCount(1);
  await page.screenshot({ path: artifact("compliance-audit-log.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("the issuer recovers Investor C's lost wallet and exports the audit log as CSV", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`${tokenPath}/compliance`);
  await signInDevAccount(page, DEV.issuer.label);
  await runOperation(page, "Recover a lost wallet", { "Lost wallet": investorC.address, "New wallet": NEW_WALLET }, "Lost-key claim LK-9");
  await expectIndexed(page);
  await openSection(page, "Asset sections", "Holders");
  await expect(row(page, "Cap table", new RegExp(NEW_WALLET, "i"))).toContainText("100 ODF");
  await expect(row(page, "Cap table", new RegExp(investorC.address, "i"))).toHaveCount(0);

  await openSection(page, "Asset sections", "Transactions");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export audit CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-log-0x[0-9a-f]{40}\.csv$/);
  await download.saveAs(artifact("audit-log.csv"));
  const csv = readFileSync(artifact("audit-log.csv"), "utf8").trim().split("\r\n");
  expect(csv[0]).toBe("time,actor,role,action,token,subject,amount,tx_hash,block,reason,details");
  expect(csv).toHaveLength(9); // header + 8 operations on ODF
  expect(csv[1]).toContain("recover-wallet");
  expect(csv[1]).toContain("Lost-key claim LK-9");
  expect(errors).toEqual([]);
});

test("an investor sees no agent operations or audit log, and the server refuses them too (403)", async ({ page, platform }) => {
  const errors = watchConsole(page);
  await useBrowserWallet(page, investorA.account); // a holder of ODF
  await page.goto(`${tokenPath}/compliance`);
  await signInWithBrowserWallet(page, investorA.address);
  await expect(page.getByLabel("Agent operations access")).toContainText("Only an agent of this token can run agent operations");
  await expect(page.getByRole("button", { name: "Pause transfers" })).toHaveCount(0);
  await openSection(page, "Asset sections", "Transactions");
  await expect(page.getByLabel("Audit log access")).toBeVisible();
  await expect(page.getByRole("table", { name: "Audit log" })).toHaveCount(0);

  const block = await platform.publicClient.getBlock({ blockTag: "latest" });
  const origin = new URL(page.url()).origin;
  const post = await page.request.post("/api/audit", { data: { txHash: block.transactions[0], reason: "not mine" }, headers: { origin } });
  expect(post.status()).toBe(403);
  expect(((await post.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
  expect((await page.request.get(`/api/audit?token=${token}`)).status()).toBe(403);
  // Holders and investors are not public either: an investor reads neither the cap table nor the investor list.
  await openSection(page, "Asset sections", "Holders");
  await expect(page.getByLabel("Cap table access")).toContainText("your wallet is not one");
  expect((await page.request.get(`/api/assets/${token}/cap-table`)).status()).toBe(403);
  expect((await page.request.get(`/api/assets/${token}/ownership`)).status()).toBe(403);
  expect((await page.request.get("/api/investors")).status()).toBe(403);
  expect((await page.request.get(`/api/holdings?wallet=${investorB.address}`)).status()).toBe(403);
  expect((await page.request.get(`/api/holdings?wallet=${investorA.address}`)).status()).toBe(200);

  await page.context().clearCookies(); // signed out: 401

  expect((await page.request.get("/api/audit")).status()).toBe(401);
  expect((await page.request.get(`/api/assets/${token}/cap-table`)).status()).toBe(401);
  expect((await page.request.get("/api/investors")).status()).toBe(401);
  expect((await page.request.get(`/api/holdings?wallet=${investorA.address}`)).status()).toBe(401);
  expect(errors).toEqual([]);
});
