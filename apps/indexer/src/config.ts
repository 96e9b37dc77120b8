import { z } from "zod";

/** The indexer's runtime configuration (environment variables, see ARCHITECTURE.md). */
export interface IndexerConfig {
  rpcUrl: string;
  chainId: number;
  /** Undefined: the embedded PGlite served by `npm start` on its default URL. */
  databaseUrl: string | undefined;
  deploymentsDir: string;
  pollIntervalMs: number;
  batchBlocks: number;
  flushEvents: number;
  settleEvents: number;
  finalityDepth: number;
  parallelWindows: number;
}

const schema = z.object({
  RPC_URL: z.string().url().default("http://127.0.0.1:8545"),
  CHAIN_ID: z.coerce.number().int().positive().default(31337),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  DEPLOYMENTS_DIR: z.string().min(1).default("deployments"),
  INDEXER_POLL_MS: z.coerce.number().int().positive().default(250),
  INDEXER_BATCH_BLOCKS: z.coerce.number().int().positive().default(2000),
  INDEXER_FLUSH_EVENTS: z.coerce.number().int().positive().default(10_000),
  INDEXER_SETTLE_EVENTS: z.coerce.number().int().positive().default(1_000_000),
  INDEXER_FINALITY_DEPTH: z.coerce.number().int().positive().default(64),
  INDEXER_PARALLEL_WINDOWS: z.coerce.number().int().positive().max(64).default(4),
});

/**
 * Reads RPC_URL, CHAIN_ID, DATABASE_URL, DEPLOYMENTS_DIR (and the optional INDEXER_POLL_MS,
 * INDEXER_BATCH_BLOCKS, INDEXER_FLUSH_EVENTS, INDEXER_SETTLE_EVENTS, INDEXER_FINALITY_DEPTH, INDEXER_PARALLEL_WINDOWS) from `env`, with the defaults of ARCHITECTURE.md. Empty values count as unset.
 * @throws Error listing every invalid variable.
 */
export function indexerConfig(env: Record<string, string | undefined> = process.env): IndexerConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new Error(`Invalid indexer configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const c = parsed.data;
  return {
    rpcUrl: c.RPC_URL,
    chainId: c.CHAIN_ID,
    databaseUrl: c.DATABASE_URL,
    deploymentsDir: c.DEPLOYMENTS_DIR,
    pollIntervalMs: c.INDEXER_POLL_MS,
    batchBlocks: c.INDEXER_BATCH_BLOCKS,
    flushEvents: c.INDEXER_FLUSH_EVENTS,
    settleEvents: c.INDEXER_SETTLE_EVENTS,
    finalityDepth: c.INDEXER_FINALITY_DEPTH,
    parallelWindows: c.INDEXER_PARALLEL_WINDOWS,
  };
}

/** zod schema of `deployments/<chainId>.json`: the SDK's, shared with the web server. */
export { deploymentsSchema } from "@tessera/sdk";
