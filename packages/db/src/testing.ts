// Test helpers (`@tessera/db/testing`): the databases every @tessera/db and indexer test runs against. PGlite always (served over the
// wire on a free port in 55400-55499, like `npm start` does), PostgreSQL too when DATABASE_URL is set: a fresh
// throwaway database per run, dropped afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startPgliteServer } from "./index.ts";

/** A fresh, empty database and how to dispose of it. */
export interface TestDatabase {
  url: string;
  dispose(): Promise<void>;
}

/** A database backend under test. */
export interface Backend {
  name: "pglite" | "postgres";
  create(): Promise<TestDatabase>;
}

let nextPort = 55400 + Math.floor(Math.random() * 50);

/** PGlite in this process, served over the socket on its own port with its own temporary data folder. */
export async function createPgliteDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tessera-pglite-"));
  for (let attempt = 0; ; attempt++) {
    const port = nextPort;
    nextPort = nextPort >= 55499 ? 55400 : nextPort + 1;
    try {
      const server = await startPgliteServer({ dataDir, port });
      return {
        url: server.url,
        async dispose() {
          await server.stop();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      if (attempt >= 20 || !String((err as Error)?.message ?? err).includes("EADDRINUSE")) throw err;
    }
  }
}

/** A new database on the PostgreSQL server of `adminUrl`, dropped (with its connections) on dispose. */
export async function createPostgresDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `tessera_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async dispose() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** PGlite, plus PostgreSQL when DATABASE_URL is set. */
export function backends(): Backend[] {
  const list: Backend[] = [{ name: "pglite", create: createPgliteDatabase }];
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) list.push({ name: "postgres", create: () => createPostgresDatabase(adminUrl) });
  return list;
}
