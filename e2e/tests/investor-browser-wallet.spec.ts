import { readFileSync } from "node:fs";
import type { Deployments } from "@tessera/contracts";
import { deployAsset, mint } from "@tessera/sdk";
import { devClients } from "@tessera/sdk/node";
import { expect, test } from "@playwright/test";
import { injectWallet } from "./investor-wallet";
import { artifact, DEV, row, watchConsole } from "./support";

/**
 * Browser wallet (issue 5, investor part 3). A real wallet extension cannot run here, so the test injects what one
 * injects: an EIP-1193 `window.ethereum` (page.addInitScript) that answers the account requests with Investor B's
 * address and forwards every other JSON-RPC call to anvil, where the dev accounts are unlocked: anvil signs the
 * Sign-In with Ethereum message (personal_sign) and the transfer (eth_sendTransaction). The app sees only a browser
 * wallet: it connects through wagmi's injected connector ("Browser wallet"), signs in, pre-checks and sends.
 * Setup (SDK): the issuer deploys "Orchard Equity" (ORQ, 0 decimals) and issues 100 ORQ to Investor B.
 */
let token: `0x${string}`;

test.beforeAll(async () => {
  const deployments = JSON.parse(readFileSync(process.env.E2E_DEPLOYMENTS_FILE!, "utf8")) as Deployments;
  const { publicClient, wallets } = await devClients(process.env.E2E_RPC_URL!, 1);
  ({ token } = await deployAsset(wallets[0]!, publicClient, deployments, {
    name: "Orchard Equity", symbol: "ORQ", decimals: 0, assetClass: 2, allowedCountries: [], maxHolders: 0n, maxBalance: 0n,
  }));
  await mint(wallets[0]!, publicClient, { token, to: DEV.investorB.address, amount: 100n });
});

test("an investor connects a browser wallet, signs in with it and sends a pre-checked transfer", async ({ page }) => {
  const errors = watchConsole(page);
  await page.addInitScript(injectWallet, { rpcUrl: process.env.E2E_RPC_URL!, account: DEV.investorB.address });
  await page.goto("/investor");
  await page.getByRole("button", { name: "Browser wallet" }).click();
  await expect(page.getByRole("status", { name: "Wallet" })).toContainText(`Connected: ${DEV.investorB.address}`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("status", { name: "Session" })).toContainText("Signed in");
  await expect(row(page, "Holdings", "ORQ")).toContainText("100 ORQ");

  await page.getByLabel("Asset", { exact: true }).selectOption({ label: "Orchard Equity (ORQ)" });
  const verdict = page.getByLabel("Transfer check");
  await page.getByLabel("Recipient").fill(DEV.unregistered.address);
  await page.getByLabel("Amount", { exact: true }).fill("7");
  await page.getByRole("button", { name: "Check transfer" }).click();
  await expect(verdict).toContainText("Not allowed: the recipient is not verified");
  await expect(page.getByRole("button", { name: "Send" })).toBeDisabled();

  await page.getByLabel("Recipient").fill(DEV.investorC.address);
  await page.getByRole("button", { name: "Check transfer" }).click();
  await expect(verdict).toContainText("Transfer allowed");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("status", { name: "Transfer progress" })).toContainText("indexed", { timeout: 60_000 });
  await expect(row(page, "Holdings", "ORQ")).toContainText("93 ORQ");
  await expect(row(page, "Transfer history", "Sent")).toContainText("−7 ORQ");

  // The wallet, not a dev-account connector, signed both: anvil's unlocked account behind the injected provider.
  const calls = await page.evaluate(() => (window as unknown as { __walletCalls: string[] }).__walletCalls);
  expect(calls).toContain("eth_requestAccounts");
  expect(calls).toContain("personal_sign");
  expect(calls).toContain("eth_sendTransaction");
  await page.screenshot({ path: artifact("investor-browser-wallet.png"), fullPage: true });
  expect(errors).toEqual([]);
});
