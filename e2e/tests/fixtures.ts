import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import type { Deployments } from "@tessera/contracts";
import { registerInvestor } from "@tessera/sdk";
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
 * transactions of the dev-account connector (anvil signs) are rerouted to E2E_RPC_URL, everything else goes to anvil.
 */
export async function routeTransactions(context: BrowserContext): Promise<void> {
  const anvil = new URL(process.env.E2E_ANVIL_URL!).origin;
  const proxy = process.env.E2E_RPC_URL!;
  await context.route(
    (url) => url.origin === anvil,
    (route) => {
      const body = route.request().postData() ?? "";
      return SENDS.test(body) ? route.continue({ url: proxy }) : route.continue();
    },
  );
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
