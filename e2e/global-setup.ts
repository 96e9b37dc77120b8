import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startPlatform } from "../scripts/lib/platform.ts";
import { startRpcProxy } from "./rpc-proxy.ts";

/**
 * Starts a fresh platform for the journeys: its own anvil, its own database (a new PostgreSQL database when
 * DATABASE_URL is set, else a PGlite in a temporary folder), a fresh deployment and the web app.
 * Exposes E2E_* variables to the tests and returns the teardown. One platform per run, shared by the workers: see
 * playwright.config.ts for what keeps the journeys apart. E2E_RPC_URL is the transaction-serializing proxy in front of
 * anvil (rpc-proxy.ts), E2E_ANVIL_URL anvil itself (the URL the web app hands to the browser); with the L2, E2E_L2_RPC_URL
 * and E2E_L2_ANVIL_URL likewise.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "tessera-e2e-"));
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) {
    const name = `tessera_e2e_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const webPort = Number(process.env.E2E_WEB_PORT ?? 3210);
  // The second chain, as `npm start` runs it: the L2 with its platform, messaging, indexer and the relayer, and the web
  // app serving it (TESSERA_CHAINS, inherited by the services from this environment), on E2E_L2_ANVIL_PORT (default
  // 8646); E2E_L2_ANVIL_PORT=off runs the L1 alone (the cross-chain journey, crosschain.spec.ts, is then skipped).
  const l2Setting = process.env.E2E_L2_ANVIL_PORT ?? "8646";
  const l2Port = l2Setting === "off" ? undefined : Number(l2Setting);
  if (l2Port !== undefined && !(Number.isInteger(l2Port) && l2Port > 0 && l2Port < 65536)) {
    throw new Error(`E2E_L2_ANVIL_PORT must be a port or "off", not "${l2Setting}"`);
  }
  if (l2Port) process.env.TESSERA_CHAINS = `31338=http://127.0.0.1:${l2Port}`;
  const platform = await startPlatform({
    dataDir,
    deploymentsDir: path.join(dataDir, "deployments"),
    anvilPort: Number(process.env.E2E_ANVIL_PORT ?? 8645),
    pglitePort: Number(process.env.E2E_PGLITE_PORT ?? 54421),
    webPort,
    chainId: 31337,
    l2: l2Port ? { chainId: 31338, anvilPort: l2Port } : undefined,
    databaseUrl,
    // E2E_WEB_BUILD=never: use apps/web/.next as it is (e.g. several runs in a row while others edit the web sources).
    build: process.env.E2E_WEB_BUILD === "never" ? "never" : "if-needed",
    logsToFiles: !process.env.CI,
    log: (l) => console.log(`[e2e setup] ${l}`),
  });
  const proxy = await startRpcProxy(platform.rpcUrl).catch(async (err: unknown) => {
    await platform.stop();
    throw err;
  });
  process.env.E2E_RPC_URL = proxy.url;
  process.env.E2E_ANVIL_URL = platform.rpcUrl;
  process.env.E2E_DATABASE_URL = platform.databaseUrl;
  process.env.E2E_DEPLOYMENTS_FILE = platform.deploymentsFile;
  process.env.E2E_DATA_DIR = dataDir;
  const l2 = platform.chains?.[1];
  // The L2's own proxy: the issuer sends there from the SDK (crosschain specs) and from the browser (enabling an asset).
  const l2Proxy = l2
    ? await startRpcProxy(l2.rpcUrl).catch(async (err: unknown) => {
        await proxy.close();
        await platform.stop();
        throw err;
      })
    : undefined;
  if (l2 && l2Proxy) {
    process.env.E2E_L2_ANVIL_URL = l2.rpcUrl;
    process.env.E2E_L2_RPC_URL = l2Proxy.url;
    process.env.E2E_L2_DEPLOYMENTS_FILE = l2.deploymentsFile;
  }
  return async () => {
    await l2Proxy?.close();
    await proxy.close();
    await platform.stop();
    await dropDatabase?.();
    if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  };
}
