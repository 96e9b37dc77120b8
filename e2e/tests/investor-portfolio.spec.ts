import { tokenAbi } from "@tessera/contracts";
import { deployAsset, mint, parseAmount } from "@tessera/sdk";
import { deployAssetWithModules, moduleSetups } from "@tessera/sdk/suite";
import { createInvestor, expect, signInWithBrowserWallet, test, useBrowserWallet, type Investor } from "./fixtures";
import { artifact, DEV, row, signInDevAccount, watchConsole } from "./support";

/**
 * Portfolio across assets (issue 5, investor part 1). Setup (SDK, before the journeys): the issuer deploys
 * "Lock-up Growth Fund" (LGF, 2 decimals) with a 30-day lock-up per issuance, issues 250 LGF to Investor A and freezes
 * 20 of them, and deploys "Plain Units" (PLU, 18 decimals, no rules) with 10,000 PLU for Investor A. The issuer states
 * LGF's NAV on the asset page; Investor A's portfolio then shows per asset the balance, frozen amount, lock-up end
 * date, NAV per unit with its date and currency, value, and the total value. PLU (no NAV set) is listed without a
 * value. Investor A is a fresh wallet (US) registered through the SDK.
 */
const LGF = { name: "Lock-up Growth Fund", symbol: "LGF" };
let token: `0x${string}`;
let unlockDay = "";
let investorA: Investor;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ platform }) => {
  const { publicClient, issuer, deployments } = platform;
  investorA = await createInvestor(platform, { country: 840 });
  const plain = await deployAsset(issuer, publicClient, deployments, {
    name: "Plain Units", symbol: "PLU", decimals: 18, assetClass: 0, allowedCountries: [], maxHolders: 0n, maxBalance: 0n,
  });
  await mint(issuer, publicClient, { token: plain.token, to: investorA.address, amount: parseAmount("10000", 18) });
  const d = await deployAssetWithModules(issuer, publicClient, deployments, {
    ...LGF, decimals: 2, assetClass: 0, allowedCountries: [], maxHolders: 0n, maxBalance: 0n,
  }, [moduleSetups.lockUp(deployments.modules as never, 30n * 86_400n)]);
  token = d.token;
  const m = await mint(issuer, publicClient, { token, to: investorA.address, amount: 25_000n });
  const hash = await issuer.writeContract({ address: token, abi: tokenAbi, functionName: "freezePartialTokens", args: [investorA.address, 2_000n] });
  await publicClient.waitForTransactionReceipt({ hash });
  const minted = (await publicClient.getBlock({ blockNumber: m.receipt.blockNumber })).timestamp;
  unlockDay = new Date(Number(((minted + 30n * 86_400n + 86_399n) / 86_400n) * 86_400n) * 1000).toISOString().slice(0, 10);
});

test("the issuer sets the NAV per unit of an asset on its page; it is kept in the history", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`/issuer/assets/${token}/subscriptions`); // the NAV subscriptions and redemptions deal at
  await expect(page.getByLabel("Set NAV access")).toContainText("Sign in (top right) as the issuer or an agent");
  await signInDevAccount(page, DEV.issuer.label);
  await expect(page.getByRole("status", { name: "Current NAV" })).toContainText("No NAV set for LGF yet");

  await page.getByLabel("NAV per unit (LGF)").fill("ten");
  await page.getByRole("button", { name: "Set NAV" }).click();
  await expect(page.getByText("Enter the NAV of one whole token")).toBeVisible();

  await page.getByLabel("NAV per unit (LGF)").fill("10.5");
  await page.getByLabel("Currency").fill("eur");
  await page.getByLabel("Note for the audit log (optional)").fill("Administrator valuation V-1");
  await page.getByRole("button", { name: "Set NAV" }).click();
  await expect(page.getByRole("status", { name: "NAV result" })).toContainText("NAV set: 10.50 EUR per LGF");
  await expect(page.getByRole("status", { name: "Current NAV" })).toContainText("Current NAV: 10.50 EUR per LGF, valued");
  await page.getByRole("region", { name: "Net asset value" }).screenshot({ path: artifact("issuer-set-nav.png") });
  expect(errors).toEqual([]);
});

test("an investor sees each asset's balance, frozen amount, lock-up end, NAV and value, and the total", async ({ page }) => {
  const errors = watchConsole(page);
  await useBrowserWallet(page, investorA.account);
  await page.goto("/investor");
  await signInWithBrowserWallet(page, investorA.address);
  const lgf = row(page, "Holdings", LGF.symbol);
  await expect(lgf).toContainText("250 LGF");
  await expect(lgf).toContainText("20 LGF frozen");
  await expect(lgf).toContainText(`250 LGF locked until ${unlockDay}`);
  await expect(lgf).toContainText("10.50 EUR");
  await expect(lgf).toContainText("2,625.00 EUR");
  const plu = row(page, "Holdings", "PLU");
  await expect(plu).toContainText("10,000 PLU");
  await expect(plu).toContainText("No NAV set");
  await expect(plu).toContainText("No lock-up");
  // PLU has no NAV.
  await expect(page.getByRole("status", { name: "Total portfolio value" })).toContainText(
    /^Total value: 2,625\.00 EUR \(\d+ assets? without a NAV not included\)$/,
  );
  await page.screenshot({ path: artifact("investor-portfolio.png"), fullPage: true });
  expect(errors).toEqual([]);
});
