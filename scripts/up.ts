/**
 * `npm start`: the whole platform on embedded defaults (see README "Run it").
 * anvil on RPC port 8545 (state kept in .tessera/), PGlite on 54321 unless DATABASE_URL is set,
 * contracts + demo asset deployed once, the indexer following the chain, the web app on http://localhost:3000.
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
  })
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
  signal: controller.signal,
});
starting.then(
  (platform) => {
    if (!stopping) console.log(`\nTessera is up. Open ${platform.webUrl}  (Ctrl-C stops everything)\n`);
  },
  (err: unknown) => {
    if (stopping) return; // Ctrl-C while starting: the handler above reports and exits.
    console.error(`\nTessera could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
