import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

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

const envSchema = z.object({
  RPC_URL: z.url().default("http://127.0.0.1:8545"),
  CHAIN_ID: z.coerce.number().int().positive().default(31337),
  DATABASE_URL: z.string().min(1).optional(),
  DEPLOYMENTS_DIR: z.string().min(1).optional(),
});

/** Server-side runtime configuration of the web app, read from the environment at request time. */
export interface ServerConfig {
  rpcUrl: string;
  chainId: number;
  /** Absent until run time is configured; API routes fail with DATABASE_UNAVAILABLE without it. */
  databaseUrl: string | undefined;
  deploymentsDir: string;
}

let cached: ServerConfig | undefined;

/**
 * Reads and validates the web app's environment (RPC_URL, CHAIN_ID, DATABASE_URL, DEPLOYMENTS_DIR) once per process.
 * A relative DEPLOYMENTS_DIR is resolved against the repository root.
 */
export function getServerConfig(): ServerConfig {
  if (cached) return cached;
  const env = envSchema.parse({
    RPC_URL: process.env.RPC_URL || undefined,
    CHAIN_ID: process.env.CHAIN_ID || undefined,
    DATABASE_URL: process.env.DATABASE_URL || undefined,
    DEPLOYMENTS_DIR: process.env.DEPLOYMENTS_DIR || undefined,
  });
  const root = defaultRepoRoot();
  const deploymentsDir = env.DEPLOYMENTS_DIR ? path.resolve(root, env.DEPLOYMENTS_DIR) : path.join(root, "deployments");
  cached = { rpcUrl: env.RPC_URL, chainId: env.CHAIN_ID, databaseUrl: env.DATABASE_URL, deploymentsDir };
  return cached;
}

/** Forgets the cached configuration so the next call re-reads the environment (tests). */
export function resetServerConfig(): void {
  cached = undefined;
}
