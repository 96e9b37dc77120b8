import { defineConfig } from "@playwright/test";

const ci = !!process.env.CI;
const webPort = Number(process.env.E2E_WEB_PORT ?? 3210);

/**
 * Playwright journeys in Debian's Chromium (/usr/bin/chromium; no browser download works on our machines)
 * against the platform started by e2e/global-setup.ts exactly as `npm start` starts it: a real anvil,
 * a real database (PostgreSQL when DATABASE_URL is set, else PGlite), the indexer and `next start`.
 *
 * One platform per run, shared by the workers (not one per worker: a second anvil + database + indexer + `next start`
 * would double the start-up and the memory on CI's 2 cores for no gain; the journeys spend their time in the browser).
 * Any spec file runs alone, and files run in parallel (`workers`; tests within a file run in order, in one worker),
 * because each journey owns what it asserts on (tests/fixtures.ts):
 * - its own assets, deployed by the issuer (account 0) through the SDK, or through the UI where creating is the
 *   journey; names and symbols are unique to the spec, and it asserts on its own assets' rows, cap tables, audit
 *   entries and counts only;
 * - its own investors: fresh keys funded with anvil_setBalance and registered by the compliance officer through the
 *   SDK (or through the UI where onboarding is the journey), signed in through an injected browser wallet;
 * - its own sessions (a browser context per test; Sign-In with Ethereum each time).
 * Shared, and read-only for every spec: the demo seed (TDF, Investors A/B/C = accounts 2-4, account 5 unregistered;
 * specs may sign in as them and issue their own assets to them, never change their registry records or TDF) and the
 * platform settings (TESSERA_ISSUERS = account 0, who deploys every asset; registry agents; trusted claim issuers).
 * Lists other journeys add to (investors, audit log, onboarding queue) are narrowed to the spec's own rows by search,
 * filter or reason text before anything is counted.
 * Senders: accounts 0 and 1 send from every worker and from the browser; rpc-proxy.ts passes their transactions to
 * anvil one at a time (anvil's nonce race), and fixtures.ts routes the browser's transactions through it; the L2 has its
 * own proxy (E2E_L2_RPC_URL) for the issuer's L2 transactions of the cross-chain journeys.
 * The chain's clock is shared too: journeys that move it (evm_increaseTime to a dealing date or a maturity) or need a
 * window of chain time to stay open between two steps (a cancellation before a cut-off, an offer before its expiry)
 * form the "chain-clock" project, run one file at a time (its `workers: 1`), so that no clock move lands inside
 * another journey's window; the other journeys run beside them.
 */

/** Journeys that move the chain's clock or need a window of chain time between steps: one file at a time. */
const CHAIN_CLOCK = /[\\/](subscriptions|cash-history|bond|dvp-trades|distributions)\.spec\.ts$/;
export default defineConfig({
  testDir: "./tests",
  outputDir: "./artifacts/test-results",
  globalSetup: "./global-setup.ts",
  // Spec files in parallel; a file's tests in order (some files are one journey in steps, in `serial` mode).
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  forbidOnly: ci,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  projects: [
    { name: "chain-clock", testMatch: CHAIN_CLOCK, workers: 1 },
    { name: "journeys", testIgnore: CHAIN_CLOCK },
  ],
  use: {
    baseURL: `http://localhost:${webPort}`,
    // A trace records a screencast and a DOM snapshot per action in every test, kept only on failure: locally worth it;
    // under CI, which keeps no artifacts, it was half of Chromium's CPU time (PERFORMANCE.md), so only the failure's
    // screenshot and the error are kept there.
    trace: ci ? "off" : "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
      ],
    },
  },
});
