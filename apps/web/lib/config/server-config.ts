import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { ChainInfo } from "../shared/chains";
import { buildChains, chainNamesSchema, furtherChainsSchema } from "./chains";

/** Repository root, two levels above apps/web (next build and next start both run from apps/web). */
function defaultRepoRoot(): string {
  const cwd = process.cwd();
  if (path.basename(cwd) === "web" && path.basename(path.dirname(cwd)) === "apps") {
    return path.resolve(cwd, "../..");
  }
  try {
    return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
  } catch {
    return cwd;
  }
}

/**
 * An origin as browsers send it: `http(s)://host[:port]`, nothing else (no path, query, fragment or credentials).
 * Returned normalized (`new URL(…).origin`: lower-case host, default port dropped).
 */
export const publicOriginSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "TESSERA_PUBLIC_ORIGIN must be an origin such as https://tessera.example" });
      return z.NEVER;
    }
    const bare = url.pathname === "/" && !/[?#]/.test(value) && !url.username && !url.password;
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !bare) {
      ctx.addIssue({ code: "custom", message: "TESSERA_PUBLIC_ORIGIN must be http(s)://host[:port] without a path" });
      return z.NEVER;
    }
    return url.origin;
  });

const envSchema = z.object({
  RPC_URL: z.url().default("http://127.0.0.1:8545"),
  CHAIN_ID: z.coerce.number().int().positive().default(31337),
  DATABASE_URL: z.string().min(1).optional(),
  DEPLOYMENTS_DIR: z.string().min(1).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(8 * 3600),
  TESSERA_PUBLIC_ORIGIN: publicOriginSchema.optional(),
  PORT: z.coerce.number().int().min(1).max(65535).optional(),
  WEB_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  INDEX_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  TESSERA_CHAINS: furtherChainsSchema.default([]),
  TESSERA_CHAIN_NAMES: chainNamesSchema.default(() => new Map<number, string>()),
});

/** Server-side runtime configuration of the web app, read from the environment at request time. */
export interface ServerConfig {
  rpcUrl: string;
  chainId: number;
  /** Absent until run time is configured; API routes fail with DATABASE_UNAVAILABLE without it. */
  databaseUrl: string | undefined;
  deploymentsDir: string;
  /**
   * Connections of the web app's pool (DATABASE_POOL_SIZE, default 5). PGlite served over the wire runs one
   * statement at a time whatever the pool size (`startPgliteServer` keeps each connection's extended-query sequence
   * and open transaction exclusive); PostgreSQL runs them in parallel.
   */
  databasePoolSize: number;
  /** HMAC key of session cookies: SESSION_SECRET, else a random key generated once per process (dev default). */
  sessionSecret: string;
  /** Whether the secret came from the environment (sessions then survive restarts). */
  sessionSecretFromEnv: boolean;
  /** Session lifetime in seconds (SESSION_TTL_SECONDS, default 8 hours). */
  sessionTtlSeconds: number;
  /**
   * The origin users open the app at (TESSERA_PUBLIC_ORIGIN, e.g. `https://tessera.example`; default
   * `http://localhost:<PORT or WEB_PORT or 3000>`). Sign-in messages must name it (EIP-4361 `domain` and `uri`) and
   * state-changing requests must come from it (Origin header); request headers such as Host are never trusted for this.
   */
  publicOrigin: string;
  /**
   * Longest wait, in ms, of a read that must see the chain head in the index (lib/index/at-head) before it answers
   * 503 INDEX_BEHIND (INDEX_WAIT_MS, default 5,000; 0 to 60,000).
   */
  indexWaitMs: number;
  /**
   * The chains the app serves, home chain first: the home chain (RPC_URL, CHAIN_ID, named "L1") and the further chains
   * of TESSERA_CHAINS (`31338=http://127.0.0.1:8546,…`, named "L2", "L3"… unless TESSERA_CHAIN_NAMES names them).
   */
  chains: ChainInfo[];
}

let cached: ServerConfig | undefined;

const globalForSecret = globalThis as unknown as { __tesseraDevSessionSecret?: string };

/**
 * The generated default session key: random, kept for the life of the process (on globalThis, so every route
 * bundle shares it). Sessions signed with it end when the server restarts; set SESSION_SECRET to keep them.
 */
function devSessionSecret(): string {
  if (!globalForSecret.__tesseraDevSessionSecret) {
    globalForSecret.__tesseraDevSessionSecret = randomBytes(32).toString("base64url");
    if (process.env.NODE_ENV === "production" && process.env.CHAIN_ID && process.env.CHAIN_ID !== "31337") {
      console.warn("[web] SESSION_SECRET is not set: using a random key; sessions end when the server restarts.");
    }
  }
  return globalForSecret.__tesseraDevSessionSecret;
}

/**
 * Reads and validates the web app's environment (RPC_URL, CHAIN_ID, DATABASE_URL, DEPLOYMENTS_DIR, SESSION_SECRET,
 * SESSION_TTL_SECONDS, TESSERA_PUBLIC_ORIGIN, INDEX_WAIT_MS, TESSERA_CHAINS, TESSERA_CHAIN_NAMES) once per process.
 * A relative DEPLOYMENTS_DIR is resolved against the repository root.
 */
export function getServerConfig(): ServerConfig {
  if (cached) return cached;
  const env = envSchema.parse({
    RPC_URL: process.env.RPC_URL || undefined,
    CHAIN_ID: process.env.CHAIN_ID || undefined,
    DATABASE_URL: process.env.DATABASE_URL || undefined,
    DEPLOYMENTS_DIR: process.env.DEPLOYMENTS_DIR || undefined,
    DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE || undefined,
    SESSION_SECRET: process.env.SESSION_SECRET || undefined,
    SESSION_TTL_SECONDS: process.env.SESSION_TTL_SECONDS || undefined,
    TESSERA_PUBLIC_ORIGIN: process.env.TESSERA_PUBLIC_ORIGIN || undefined,
    PORT: process.env.PORT || undefined,
    WEB_PORT: process.env.WEB_PORT || undefined,
    INDEX_WAIT_MS: process.env.INDEX_WAIT_MS || undefined,
    TESSERA_CHAINS: process.env.TESSERA_CHAINS || undefined,
    TESSERA_CHAIN_NAMES: process.env.TESSERA_CHAIN_NAMES || undefined,
  });
  const root = defaultRepoRoot();
  const deploymentsDir = env.DEPLOYMENTS_DIR ? path.resolve(root, env.DEPLOYMENTS_DIR) : path.join(root, "deployments");
  cached = {
    rpcUrl: env.RPC_URL,
    chainId: env.CHAIN_ID,
    databaseUrl: env.DATABASE_URL,
    deploymentsDir,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    sessionSecret: env.SESSION_SECRET ?? devSessionSecret(),
    sessionSecretFromEnv: Boolean(env.SESSION_SECRET),
    sessionTtlSeconds: env.SESSION_TTL_SECONDS,
    publicOrigin: env.TESSERA_PUBLIC_ORIGIN ?? `http://localhost:${env.PORT ?? env.WEB_PORT ?? 3000}`,
    indexWaitMs: env.INDEX_WAIT_MS,
    chains: buildChains({ chainId: env.CHAIN_ID, rpcUrl: env.RPC_URL }, env.TESSERA_CHAINS, env.TESSERA_CHAIN_NAMES),
  };
  return cached;
}

/** Forgets the cached configuration so the next call re-reads the environment (tests). */
export function resetServerConfig(): void {
  cached = undefined;
}
