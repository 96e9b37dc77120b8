/**
 * `npm start`: the whole platform on embedded defaults (see README "Run it").
 * Two chains: the L1 (home chain) anvil on RPC port 8545 and the L2 anvil on 8546 (state kept in .tessera/), PGlite on
 * 54321 unless DATABASE_URL is set, contracts + demo asset deployed once (the demo asset enabled on the L2), an indexer
 * per chain, the local relayer between the chains, the web app on http://localhost:3000. TESSERA_L2=off: one chain.
 * Ctrl-C stops everything cleanly; the next start resumes from the same chain and database.
 */
import { z } from "zod";
import { startPlatform } from "./lib/platform.ts";

const parsed = z
  .object({
    CHAIN_ID: z.coerce.number().int().positive().default(31337),
    ANVIL_PORT: z.coerce.number().int().min(1).max(65535).default(8545),
    PGLITE_PORT: z.coerce.number().int().min(1).max(65535).default(54321),
    WEB_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    // Unset or empty: the embedded PGlite.
    DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
    TESSERA_DATA_DIR: z.string().default(".tessera"),
    DEPLOYMENTS_DIR: z.string().default("deployments"),
    // The origin users open the web app at (sign-in messages must name it); unset: http://localhost:<WEB_PORT>.
    TESSERA_PUBLIC_ORIGIN: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
    // The second chain (L2) and the relayer: on unless TESSERA_L2=off.
    TESSERA_L2: z.enum(["on", "off"]).default("on"),
    L2_CHAIN_ID: z.coerce.number().int().positive().default(31338),
    L2_ANVIL_PORT: z.coerce.number().int().min(1).max(65535).default(8546),
  })
  .refine((e) => e.TESSERA_L2 === "off" || e.L2_CHAIN_ID !== e.CHAIN_ID, { path: ["L2_CHAIN_ID"], message: "must differ from CHAIN_ID" })
  .refine((e) => e.TESSERA_L2 === "off" || e.L2_ANVIL_PORT !== e.ANVIL_PORT, { path: ["L2_ANVIL_PORT"], message: "must differ from ANVIL_PORT" })
  .safeParse(process.env);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`Invalid setting ${issue.path.join(".")}: ${issue.message}`);
  process.exit(2);
}
const env = parsed.data;

// Ctrl-C (SIGINT) or SIGTERM at any time stops every child started so far: while starting too (no orphaned indexer,
// anvil or next), and a second Ctrl-C does not interrupt the orderly stop.
const controller = new AbortController();
let stopping: Promise<void> | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping ??= (async () => {
      console.log("\nstopping…");
      controller.abort(new Error(`${signal} while starting`));
      await starting.then((platform) => platform.stop()).catch(() => {});
      console.log("stopped.");
      process.exit(0);
    })();
  });
}

console.log("Tessera: starting the platform…");
const starting = startPlatform({
  dataDir: env.TESSERA_DATA_DIR,
  deploymentsDir: env.DEPLOYMENTS_DIR,
  anvilPort: env.ANVIL_PORT,
  pglitePort: env.PGLITE_PORT,
  webPort: env.WEB_PORT,
  publicOrigin: env.TESSERA_PUBLIC_ORIGIN,
  chainId: env.CHAIN_ID,
  databaseUrl: env.DATABASE_URL,
  demoBond: true,
  l2: env.TESSERA_L2 === "on" ? { chainId: env.L2_CHAIN_ID, anvilPort: env.L2_ANVIL_PORT } : undefined,
  signal: controller.signal,
});
starting.then(
  (platform) => {
    if (stopping) return;
    console.log("\nChains:");
    for (const c of platform.chains) {
      console.log(`  ${c.name}  chain id ${c.chainId}  ${c.rpcUrl}${c.name === "L1" && platform.chains.length > 1 ? "  (home chain)" : ""}`);
    }
    if (platform.relayer) {
      console.log("  relayer running: delivers cross-chain messages between them (production: Hyperlane's relayer agent, validators, multisig ISM)");
    }
    console.log(`\nTessera is up. Open ${platform.webUrl}  (Ctrl-C stops everything)\n`);
  },
  (err: unknown) => {
    if (stopping) return; // Ctrl-C while starting: the handler above reports and exits.
    console.error(`\nTessera could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
