/**
 * The backend a web test file runs against, in two calls:
 * - {@link startWebChain}, once per file (its `beforeAll`): the file's own anvil with the platform deployed and the
 *   demo seeded ({@link startTestChain}), and the web server's environment (RPC_URL, CHAIN_ID, DEPLOYMENTS_DIR)
 *   pointed at it until `stop()`;
 * - {@link startWebDatabase}, once per database backend (`backends()`: PGlite, plus PostgreSQL when DATABASE_URL is
 *   set; the describe's `beforeAll`): a new migrated database, DATABASE_URL pointed at it, optionally the indexer
 *   following the chain, and dev accounts signed in through the real routes.
 * Nothing is shared between files: each starts its own anvil and databases, on ports the OS hands out.
 *
 * Databases come from `Backend.createMigrated()` of `@tessera/db/testing` (on PGlite a copy of the migrated template).
 */
import type pg from "pg";
import { createPool } from "@tessera/db";
import { type Backend, createPgliteDatabase } from "@tessera/db/testing";
import { startIndexer, type Indexer } from "@tessera/indexer";
import { resetServerConfig } from "../../lib/config/server-config";
import { resetServerState } from "../../lib/db/prisma";
import { Browser, startTestChain, type TestChain } from "./chain";
import { signedIn } from "./session";

/** This file's chain, with the web server's environment pointing at it. */
export interface WebChain extends TestChain {
  /** Restores the environment as it was before {@link startWebChain}, forgets the server state, stops anvil. */
  stop(): Promise<void>;
}

/**
 * Starts this file's chain ({@link startTestChain}) and points the web server at it: RPC_URL, CHAIN_ID 31337 and
 * DEPLOYMENTS_DIR, then `resetServerState()` so the next request reads them.
 * @param env Further variables for the whole file (`undefined` deletes one, e.g. `{ SESSION_SECRET: undefined }`).
 */
export async function startWebChain(env: Record<string, string | undefined> = {}): Promise<WebChain> {
  const saved = { ...process.env };
  const chain = await startTestChain();
  setEnv({ RPC_URL: chain.anvil.rpcUrl, CHAIN_ID: "31337", DEPLOYMENTS_DIR: chain.deploymentsDir, ...env });
  await resetServerState();
  return {
    ...chain,
    async stop() {
      restoreEnv(saved);
      await resetServerState();
      await chain.dispose();
    },
  };
}

/** Options of {@link startWebDatabase}. */
export interface WebDatabaseOptions {
  /** The file's chain; needed for the indexer. */
  chain?: TestChain;
  /** Start the indexer (poll 100 ms) at once and wait until it has indexed the chain's head. Default false. */
  indexer?: boolean;
  /** Writes rows into the migrated database before the web server opens it. */
  seed?: (url: string) => Promise<void>;
  /** Further variables while the database runs (`undefined` deletes one); `stop()` restores them. */
  env?: Record<string, string | undefined>;
}

/** Browsers (cookie jars) signed in as the named dev accounts, plus one signed in as no one. */
export type Browsers<K extends string> = Record<K | "anonymous", Browser>;

/** One database backend of this file, with DATABASE_URL pointing at it until `stop()`. */
export interface WebDatabase {
  /** "pglite" or "postgres". */
  name: Backend["name"];
  url: string;
  /** A pg pool on the database (the indexer's); ended by `stop()`. */
  pool: pg.Pool;
  /** The running indexer, once started (option `indexer`, or {@link WebDatabase.waitForIndex}). */
  indexer: Indexer | undefined;
  /**
   * Signs dev accounts in, all at once, through GET /api/auth/nonce and POST /api/auth/verify (each must answer 200,
   * else the calling test fails).
   * @param accounts name → anvil dev account index, e.g. `{ issuer: 0, officer: 1, investor: 2 }`.
   */
  signIn<K extends string>(accounts: Record<K, number>): Promise<Browsers<K>>;
  /**
   * Starts the indexer on the file's chain if it is not running yet, then waits until it has indexed `block`.
   * @param block default: the chain's head now.
   * @throws Error without a chain (option `chain`).
   */
  waitForIndex(block?: bigint): Promise<void>;
  /** Stops the indexer, ends the pool, restores DATABASE_URL (and `env`), forgets the server state, drops the database. */
  stop(): Promise<void>;
}

/**
 * Creates a migrated database on `backend`, seeds it, points the web server at it (DATABASE_URL and `env`, then
 * `resetServerState()`), and starts the indexer when asked.
 * @param backend one of `backends()`, or "pglite" for a file that runs on PGlite only.
 */
export async function startWebDatabase(backend: Backend | "pglite", opts: WebDatabaseOptions = {}): Promise<WebDatabase> {
  const name = typeof backend === "string" ? backend : backend.name;
  const env = { DATABASE_URL: "", ...opts.env };
  const previous = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const db = typeof backend === "string" ? await createPgliteDatabase({ migrated: true }) : await backend.createMigrated();
  let pool: pg.Pool | undefined;
  let indexer: Indexer | undefined;
  const stop = async () => {
    await indexer?.stop();
    await pool?.end();
    setEnv(previous);
    await resetServerState();
    await db.dispose();
  };
  try {
    await opts.seed?.(db.url);
    pool = createPool(db.url);
    setEnv({ ...env, DATABASE_URL: db.url });
    await resetServerState();
    const handle: WebDatabase = {
      name,
      url: db.url,
      pool,
      get indexer() {
        return indexer;
      },
      async signIn<K extends string>(accounts: Record<K, number>) {
        const entries = Object.entries(accounts) as Array<[K, number]>;
        const browsers = await Promise.all(entries.map(([, index]) => signedIn(index)));
        return Object.fromEntries([...entries.map(([name], i) => [name, browsers[i]]), ["anonymous", new Browser()]]) as Browsers<K>;
      },
      async waitForIndex(block?: bigint) {
        const chain = opts.chain;
        if (!chain) throw new Error("startWebDatabase: waitForIndex needs the file's chain (option chain)");
        indexer ??= startIndexer({ pool: pool!, rpcUrl: chain.anvil.rpcUrl, chainId: 31337, deployments: chain.deployments, pollIntervalMs: 100 });
        await indexer.waitForBlock(block ?? (await chain.clients.publicClient.getBlockNumber()));
      },
      stop,
    };
    if (opts.indexer) await handle.waitForIndex();
    return handle;
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

// ------------------------------------------------------------------------------------------------------------
// Environment

/** Sets each variable; `undefined` deletes it. */
function setEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

/**
 * Puts the environment back to `saved` (variables added since are deleted), in place: test files share a worker
 * process (vitest `isolate: false`), so `process.env` must stay Node's own object, not a copy assigned over it.
 */
export function restoreEnv(saved: NodeJS.ProcessEnv): void {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  setEnv(saved);
}

/**
 * Runs `fn` with the web's index wait (INDEX_WAIT_MS, lib/index/at-head) set to `ms`, then restores it: for a test
 * that stops the indexer on purpose, where the answer (503 INDEX_BEHIND) is the same after any wait.
 */
export async function withIndexWait<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const before = process.env.INDEX_WAIT_MS;
  process.env.INDEX_WAIT_MS = String(ms);
  resetServerConfig();
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.INDEX_WAIT_MS;
    else process.env.INDEX_WAIT_MS = before;
    resetServerConfig();
  }
}
