import { z } from "zod";

/** One chain the relayer reads from and delivers to. */
export interface ChainEndpoint {
  chainId: number;
  /** JSON-RPC URL: http(s):// (head polled every `pollIntervalMs`) or ws(s):// (newHeads subscription, polled too). */
  rpcUrl: string;
}

/** The relayer's runtime configuration (environment variables, see ARCHITECTURE.md "Runtime configuration"). */
export interface RelayerConfig {
  chains: ChainEndpoint[];
  /** Folder of the `<chainId>.json` deployments files (each with a `messaging` section). */
  deploymentsDir: string;
  /** Folder of the relayer's cursor file (`relayer-cursor.json`). */
  dataDir: string;
  /** The relayer account's private key; undefined: anvil's dev account {@link RELAYER_DEV_ACCOUNT_INDEX}. */
  privateKey: `0x${string}` | undefined;
  /** Milliseconds between two reads of each chain's head. */
  pollIntervalMs: number;
  /** Blocks a Dispatch must be deep (head - block >= confirmations) before its message is delivered. */
  confirmations: number;
  /** Largest eth_getLogs window, in blocks. */
  batchBlocks: number;
  /** First and largest wait, in milliseconds, before a delivery that reverted in simulation is tried again. */
  retryMinMs: number;
  retryMaxMs: number;
  /** Test only: milliseconds to wait before sending each delivery (lets a test kill the relayer mid-flight). */
  testDeliveryDelayMs: number;
}

/** Anvil's dev account the local relayer sends from when no RELAYER_PRIVATE_KEY is set (the ISM trusts it). */
export { RELAYER_DEV_ACCOUNT_INDEX } from "@tessera/sdk/node";

/** `31337=http://127.0.0.1:8545,31338=http://127.0.0.1:8546`: at least two chains, each chain id once. */
const chainsSchema = z
  .string()
  .transform((s, ctx) => {
    const out: ChainEndpoint[] = [];
    for (const part of s.split(",").map((p) => p.trim()).filter((p) => p.length > 0)) {
      const m = /^(\d+)=(.+)$/.exec(part);
      const url = m ? z.string().url().safeParse(m[2]) : undefined;
      if (!m || !url?.success || !/^(https?|wss?):\/\//.test(m[2]!)) {
        ctx.addIssue({ code: "custom", message: `"${part}" is not <chainId>=<http(s) or ws(s) URL>` });
        return z.NEVER;
      }
      out.push({ chainId: Number(m[1]), rpcUrl: m[2]! });
    }
    if (out.length < 2) ctx.addIssue({ code: "custom", message: "name at least two chains: 31337=http://127.0.0.1:8545,31338=http://127.0.0.1:8546" });
    if (new Set(out.map((c) => c.chainId)).size !== out.length) ctx.addIssue({ code: "custom", message: "a chain id is named twice" });
    return out;
  });

const schema = z.object({
  RELAYER_CHAINS: chainsSchema.prefault("31337=http://127.0.0.1:8545,31338=http://127.0.0.1:8546"),
  DEPLOYMENTS_DIR: z.string().min(1).default("deployments"),
  RELAYER_DATA_DIR: z.string().min(1).default(".tessera/relayer"),
  RELAYER_PRIVATE_KEY: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, "must be a 32-byte hex private key (0x + 64 hex digits)")
    .optional(),
  RELAYER_POLL_MS: z.coerce.number().int().positive().default(200),
  RELAYER_CONFIRMATIONS: z.coerce.number().int().min(0).default(0),
  RELAYER_BATCH_BLOCKS: z.coerce.number().int().positive().default(2000),
  RELAYER_RETRY_MIN_MS: z.coerce.number().int().positive().default(1000),
  RELAYER_RETRY_MAX_MS: z.coerce.number().int().positive().default(30_000),
  RELAYER_TEST_DELIVERY_DELAY_MS: z.coerce.number().int().min(0).default(0),
});

/**
 * Reads RELAYER_CHAINS, DEPLOYMENTS_DIR, RELAYER_DATA_DIR, RELAYER_PRIVATE_KEY, RELAYER_POLL_MS, RELAYER_CONFIRMATIONS,
 * RELAYER_BATCH_BLOCKS, RELAYER_RETRY_MIN_MS, RELAYER_RETRY_MAX_MS (and the test-only RELAYER_TEST_DELIVERY_DELAY_MS)
 * from `env`, with the defaults of ARCHITECTURE.md. Empty values count as unset.
 * @throws Error listing every invalid variable.
 */
export function relayerConfig(env: Record<string, string | undefined> = process.env): RelayerConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new Error(`Invalid relayer configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const c = parsed.data;
  if (c.RELAYER_RETRY_MAX_MS < c.RELAYER_RETRY_MIN_MS) {
    throw new Error("Invalid relayer configuration: RELAYER_RETRY_MAX_MS is below RELAYER_RETRY_MIN_MS");
  }
  return {
    chains: c.RELAYER_CHAINS,
    deploymentsDir: c.DEPLOYMENTS_DIR,
    dataDir: c.RELAYER_DATA_DIR,
    privateKey: c.RELAYER_PRIVATE_KEY as `0x${string}` | undefined,
    pollIntervalMs: c.RELAYER_POLL_MS,
    confirmations: c.RELAYER_CONFIRMATIONS,
    batchBlocks: c.RELAYER_BATCH_BLOCKS,
    retryMinMs: c.RELAYER_RETRY_MIN_MS,
    retryMaxMs: c.RELAYER_RETRY_MAX_MS,
    testDeliveryDelayMs: c.RELAYER_TEST_DELIVERY_DELAY_MS,
  };
}
