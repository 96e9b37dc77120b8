import { deployAsset, mint } from "@tessera/sdk";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createInvestor, expect, test, useBrowserWallet, type Investor } from "./fixtures";
import { artifact, row, watchConsole } from "./support";

/**
 * Browser wallet (issue 5, investor part 3). A real wallet extension cannot run here, so the test injects what one
 * injects: an EIP-1193 `window.ethereum` (page.addInitScript) that answers the account requests with Investor B's
 * address, signs the Sign-In with Ethereum message (personal_sign) with Investor B's key and forwards every other
 * JSON-RPC call to anvil, which sends the transfer (eth_sendTransaction) for the impersonated wallet. The app sees only
 * a browser wallet: it connects through wagmi's injected connector ("Browser wallet"), signs in, pre-checks and sends.
 * Setup (SDK): fresh Investors B (UK) and C (France) registered by the officer; the issuer deploys "Orchard Equity"
 * (ORQ, 0 decimals) and issues 100 ORQ to Investor B.
 */
let token: `0x${string}`;
let investorB: Investor;
let investorC: Investor;
const UNREGISTERED = privateKeyToAccount(generatePrivateKey()).address;

test.beforeAll(async ({ platform }) => {
  const { publicClient, issuer, deployments } = platform;
  investorB = await createInvestor(platform, { country: 826 });
  investorC = await createInvestor(platform, { country: 250 });
  ({ token } = await deployAsset(issuer, publicClient, deployments, {
    name: "Orchard Equity", symbol: "ORQ", decimals: 0, assetClass: 2, allowedCountries: [], maxHolders: 0n, maxBalance: 0n,
  }));
  await mint(issuer, publicClient, { token, to: investorB.address, amount: 100n });
});

test("an investor connects a browser wallet, signs in with it and sends a pre-checked transfer", async ({ page }) => {
  const errors = watchConsole(page);
  await useBrowserWallet(page, investorB.account);
  await page.goto("/investor");
  await page.getByRole("button", { name: "Browser wallet" }).click();
  await expect(page.getByRole("status", { name: "Wallet" })).toContainText(`Connected: ${investorB.address}`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("status", { name: "Session" })).toContainText("Signed in");
  await expect(row(page, "Holdings", "ORQ")).toContainText("100 ORQ");

  await page.getByLabel("Asset", { exact: true }).selectOption({ label: "Orchard Equity (ORQ)" });
  const verdict = page.getByLabel("Transfer check");
  await page.getByLabel("Recipient").fill(UNREGISTERED);
  await page.getByLabel("Amount", { exact: true }).fill("7");
  await page.getByRole("button", { name: "Check transfer" }).click();
  await expect(verdict).toContainText("Not allowed: the recipient is not verified");
  await expect(page.getByRole("button", { name: "Send" })).toBeDisabled();

  await page.getByLabel("Recipient").fill(investorC.address);
  await page.getByRole("button", { name: "Check transfer" }).click();
  await expect(verdict).toContainText("Transfer allowed");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("status", { name: "Transfer progress" })).toContainText("indexed", { timeout: 60_000 });
  await expect(row(page, "Holdings", "ORQ")).toContainText("93 ORQ");
  await expect(row(page, "Transfer history", "Sent")).toContainText("−7 ORQ");

  // The wallet, not a dev-account connector, signed in and sent: the injected provider, not the dev-account connector.
  const calls = await page.evaluate(() => (window as unknown as { __walletCalls: string[] }).__walletCalls);
  expect(calls).toContain("eth_requestAccounts");
  expect(calls).toContain("personal_sign");
  expect(calls).toContain("eth_sendTransaction");
  await page.screenshot({ path: artifact("investor-browser-wallet.png"), fullPage: true });
  expect(errors).toEqual([]);
});
