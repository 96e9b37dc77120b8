import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { testUsdAbi, type Deployments } from "@tessera/contracts";
import { deployAsset, deployVault, registerInvestor, setUpVault } from "@tessera/sdk";
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { injectWallet } from "./investor-wallet";
import { DEV, readDeploymentsFile } from "./support";

export { expect };

/** A wallet client with its account and chain set. */
export type Wallet = WalletClient<Transport, Chain, Account>;

/**
 * The platform global-setup.ts started (one per run, shared by the workers), as a worker sees it.
 * `issuer` and `officer` are the demo's account 0 (owner of every asset a journey deploys, so the web's TESSERA_ISSUERS
 * default lists them) and account 1 (a registry agent and the claim issuer's manager): anvil signs for them and picks
 * their nonces, and the proxy in front of anvil (rpc-proxy.ts) takes their transactions one at a time, whichever
 * worker or browser sends them.
 */
export interface Platform {
  /** The proxy in front of anvil (send everything here). */
  rpcUrl: string;
  chain: Chain;
  deployments: Deployments;
  publicClient: PublicClient;
  issuer: Wallet;
  officer: Wallet;
  /** A wallet client for another anvil dev account (anvil signs), e.g. `DEV.investorC.address`. */
  devWallet(address: Address): Wallet;
}

/** A fresh investor of one journey: a new key no other spec knows, funded with 100 ETH. */
export interface Investor {
  address: Address;
  account: PrivateKeyAccount;
  /** Signs locally; sends through the proxy. */
  wallet: Wallet;
  /** The ONCHAINID identity, when registered. */
  identity?: Address;
}

/** What {@link Fixtures.investor} registers: a country (ISO-3166 numeric) and days of KYC; `null` = not registered. */
export type InvestorOptions = { country: number; kycDays?: number } | null;

interface Fixtures {
  /** Opens another page in a browser context of its own (its own cookies and wallet), closed after the test. */
  newPage(): Promise<Page>;
  /**
   * Creates a fresh investor: funded (anvil_setBalance), impersonated (so the browser wallet's eth_sendTransaction is
   * sent by anvil) and, unless `null`, registered by the compliance officer through the SDK in `country` with KYC
   * for `kycDays` (default 365) from the chain's time.
   */
  investor(opts?: InvestorOptions): Promise<Investor>;
}

const SENDS = /"eth_send(Raw)?Transaction"/;

/**
 * Sends the browser's transactions through the proxy: the web app hands the browser anvil's own URL, so the
 * transactions of the dev-account connector (anvil signs) are rerouted to E2E_RPC_URL, everything else goes to anvil;
 * the same for the L2 (E2E_L2_ANVIL_URL → E2E_L2_RPC_URL) when it runs.
 */
export async function routeTransactions(context: BrowserContext): Promise<void> {
  const pairs: [string | undefined, string | undefined][] = [
    [process.env.E2E_ANVIL_URL, process.env.E2E_RPC_URL],
    [process.env.E2E_L2_ANVIL_URL, process.env.E2E_L2_RPC_URL],
  ];
  for (const [anvilUrl, proxy] of pairs) {
    if (!anvilUrl || !proxy) continue;
    const anvil = new URL(anvilUrl).origin;
    await context.route(
      (url) => url.origin === anvil,
      (route) => {
        const body = route.request().postData() ?? "";
        return SENDS.test(body) ? route.continue({ url: proxy }) : route.continue();
      },
    );
  }
}

/**
 * Installs a browser wallet (investor-wallet.ts) for a fresh investor's key on the page (before it loads): the key in
 * this test signs the Sign-In with Ethereum message; anvil sends its transactions.
 */
export async function useBrowserWallet(page: Page, account: PrivateKeyAccount): Promise<void> {
  await page.exposeFunction("__walletSign", (raw: Hex) => account.signMessage({ message: { raw } }));
  // anvil's own URL, the one the app's Content-Security-Policy allows (connect-src); the context's route sends the
  // transactions on to the proxy.
  await page.addInitScript(injectWallet, { rpcUrl: process.env.E2E_ANVIL_URL!, account: account.address, signer: "__walletSign" });
}

/** Connects the page's browser wallet (see {@link useBrowserWallet}) and signs in with it; resolves once signed in. */
export async function signInWithBrowserWallet(page: Page, address: Address): Promise<void> {
  await page.getByRole("button", { name: "Browser wallet" }).click();
  await expect(page.getByRole("status", { name: "Wallet" })).toContainText(`Connected: ${address}`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("status", { name: "Session" })).toContainText("Signed in");
}

export const test = base.extend<Fixtures, { platform: Platform }>({
  platform: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring
    async ({}, use) => {
      const rpcUrl = process.env.E2E_RPC_URL;
      if (!rpcUrl) throw new Error("E2E_RPC_URL is not set (global-setup did not run?)");
      const deployments = readDeploymentsFile();
      const chain = defineChain({
        id: deployments.chainId,
        name: "Anvil",
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        rpcUrls: { default: { http: [rpcUrl] } },
      });
      const transport = http(rpcUrl);
      const publicClient = createPublicClient({ chain, transport, pollingInterval: 50, cacheTime: 0 }) as PublicClient;
      const devWallet = (address: Address) => createWalletClient({ chain, transport, account: address }) as Wallet;
      await use({
        rpcUrl,
        chain,
        deployments,
        publicClient,
        issuer: devWallet(DEV.issuer.address),
        officer: devWallet(DEV.officer.address),
        devWallet,
      });
    },
    { scope: "worker" },
  ],

  context: async ({ context }, use) => {
    await routeTransactions(context);
    await use(context);
  },

  newPage: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext();
      contexts.push(context);
      await routeTransactions(context);
      return context.newPage();
    });
    for (const c of contexts) await c.close();
  },

  investor: async ({ platform }, use) => {
    await use((opts) => createInvestor(platform, opts));
  },
});

/** The `investor` fixture as a function, for `beforeAll` hooks (which see worker fixtures only). */
export async function createInvestor(platform: Platform, opts: InvestorOptions = { country: 840 }): Promise<Investor> {
  const { publicClient, officer, deployments, chain, rpcUrl } = platform;
  const account = privateKeyToAccount(generatePrivateKey());
  const rpc = (method: string, params: unknown[]) => publicClient.request({ method, params } as never);
  await rpc("anvil_setBalance", [account.address, "0x56bc75e2d63100000"]);
  await rpc("anvil_impersonateAccount", [account.address]);
  const wallet = createWalletClient({ chain, transport: http(rpcUrl), account }) as Wallet;
  if (!opts) return { address: account.address, account, wallet };
  const now = (await publicClient.getBlock()).timestamp;
  const { identity } = await registerInvestor(officer, publicClient, deployments, {
    wallet: account.address,
    country: opts.country,
    kycExpiresAt: now + BigInt(opts.kycDays ?? 365) * 86_400n,
  });
  return { address: account.address, account, wallet, identity };
}

/** One TUSD (the dev payment token, 6 decimals) in base units. */
export const TUSD = 10n ** 6n;

/** Mints `amount` base units of the dev payment token (TestUSD) to `to`, as the issuer, and waits for the receipt. */
export async function mintPaymentToken(platform: Platform, to: Address, amount: bigint): Promise<void> {
  const { issuer, publicClient, deployments } = platform;
  const hash = await issuer.writeContract({ address: deployments.paymentToken!, abi: testUsdAbi, functionName: "mint", args: [to, amount] });
  await publicClient.waitForTransactionReceipt({ hash });
}

/**
 * Moves the shared chain's clock forward to `timestamp` (unix seconds; nothing when already past it) and mines a block:
 * anvil's evm_increaseTime, a chain-time move, not a wait. Only journeys of the "chain-clock" project call it
 * (playwright.config.ts), at most about 70 minutes a step.
 */
export async function warpTo(platform: Platform, timestamp: bigint): Promise<void> {
  const { publicClient } = platform;
  const now = (await publicClient.getBlock()).timestamp;
  if (timestamp > now) await publicClient.request({ method: "evm_increaseTime", params: [Number(timestamp - now)] } as never);
  await publicClient.request({ method: "evm_mine", params: [] } as never);
}

/**
 * Deploys a journey's own fund (18 decimals, no compliance rules) with its ERC-7540 vault in TestUSD: NAV 1.00 TUSD,
 * hourly dealing with a 10-minute cut-off, minimums 100 TUSD / 1 token, a 10% NAV move limit; the issuer is its fund
 * administrator and NAV agent, the compliance officer its NAV approver.
 * @returns the token and the vault
 */
export async function deployFundWithVault(platform: Platform, fund: { name: string; symbol: string }): Promise<{ token: Address; vault: Address }> {
  const { publicClient, issuer, officer, deployments } = platform;
  const { token } = await deployAsset(issuer, publicClient, deployments, {
    ...fund, decimals: 18, assetClass: 0, allowedCountries: [], maxHolders: 0n, maxBalance: 0n,
  });
  const { vault } = await deployVault(issuer, publicClient, {
    vaultFactory: deployments.vaultFactory!,
    token,
    paymentToken: deployments.paymentToken!,
    initialNav: 1_000_000n,
    terms: { interval: 3_600, cutoff: 600, minDeposit: 100n * TUSD, minRedeem: 10n ** 18n },
    navMoveLimitBps: 1_000,
  });
  await setUpVault(issuer, publicClient, { token, vault, fundAdmin: issuer.account.address, navAgent: issuer.account.address, navApprover: officer.account.address });
  return { token, vault };
}
