import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit and integration tests of the TypeScript workspaces. They talk to a real anvil and a real database:
// PGlite always, and PostgreSQL as well when DATABASE_URL is set. e2e/ runs under Playwright, not here.
export default defineConfig({
  // apps/web's "@/…" imports (its tsconfig paths), so tests can call route handlers directly.
  resolve: { alias: [{ find: /^@\/(.*)$/, replacement: fileURLToPath(new URL("./apps/web/$1", import.meta.url)) }] },
  test: {
    include: ["packages/*/test/**/*.test.ts", "apps/*/test/**/*.test.ts", "scripts/test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two test files at a time (each starts its own anvil and databases on OS-assigned ports, retried when taken): on
    // 2 cores the whole run took 356 s instead of 546 s one file at a time; a third worker gained 30 s more but
    // starved npm start's Ctrl-C test once, so two it is.
    fileParallelism: true,
    maxWorkers: 2,
    minWorkers: 1,
    pool: "forks",
    // Test files run one after another in each worker's one process (no fresh process per file): the modules (viem,
    // Prisma's client, the route handlers) load once per worker and stay compiled, instead of 74 times: the whole run
    // took 242 s instead of 455 s, its import ("collect") time 13 s instead of 108 s. What this asks of a test file:
    // it leaves no state behind. Each file already starts and stops its own anvil, databases and indexers; the
    // environment is restored in place (helpers/backend.ts restoreEnv), and server state is reset (resetServerState).
    isolate: false,
  },
});
