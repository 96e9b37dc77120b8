/**
 * `npm start`: the whole platform on embedded defaults (see README "Run it").
 * anvil on RPC port 8545 (state kept in .tessera/), PGlite on 54321 unless DATABASE_URL is set,
 * contracts + demo asset deployed once, the indexer following the chain, the web app on http://localhost:3000.
 * Ctrl-C stops everything cleanly; the next start resumes from the same chain and database.
 */
import { z } from "zod";
import { startPlatform } from "./lib/platform.ts";

const env = z
  .object({
    CHAIN_ID: z.coerce.number().int().positive().default(31337),
    ANVIL_PORT: z.coerce.number().int().min(1).max(65535).default(8545),
    PGLITE_PORT: z.coerce.number().int().min(1).max(65535).default(54321),
    WEB_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z.string().url().optional(),
    TESSERA_DATA_DIR: z.string().default(".tessera"),
    DEPLOYMENTS_DIR: z.string().default("deployments"),
  })
  .parse(process.env);

console.log("Tessera: starting the platform…");
const platform = await startPlatform({
  dataDir: env.TESSERA_DATA_DIR,
  deploymentsDir: env.DEPLOYMENTS_DIR,
  anvilPort: env.ANVIL_PORT,
  pglitePort: env.PGLITE_PORT,
  webPort: env.WEB_PORT,
  chainId: env.CHAIN_ID,
  databaseUrl: env.DATABASE_URL,
});
console.log(`\nTessera is up. Open ${platform.webUrl}  (Ctrl-C stops everything)\n`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nstopping…");
    await platform.stop();
    console.log("stopped.");
    process.exit(0);
  });
}
