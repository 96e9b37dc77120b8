import { defineConfig } from "@playwright/test";

const ci = !!process.env.CI;
const webPort = Number(process.env.E2E_WEB_PORT ?? 3210);

/**
 * Playwright journeys in Debian's Chromium (/usr/bin/chromium; no browser download works on our machines)
 * against the platform started by e2e/global-setup.ts exactly as `npm start` starts it: a real anvil,
 * a real database (PostgreSQL when DATABASE_URL is set, else PGlite), the indexer and `next start`.
 */
export default defineConfig({
  testDir: "./tests",
  outputDir: "./artifacts/test-results",
  globalSetup: "./global-setup.ts",
  // The journeys share one chain and build on each other's state (an asset created, then issued, then traded).
  fullyParallel: false,
  workers: 1,
  forbidOnly: ci,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${webPort}`,
    trace: "retain-on-failure",
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
