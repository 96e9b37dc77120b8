import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { pgliteUrl } from "./config.ts";

/** Options of {@link startPgliteServer}. */
export interface PgliteServerOptions {
  /** Folder holding PGlite's data (created if missing; reused on the next start). */
  dataDir: string;
  /** TCP port on 127.0.0.1 (default 54321). */
  port?: number;
  /** Maximum concurrent client connections (default 20). */
  maxConnections?: number;
}

/** A running embedded PGlite server. */
export interface PgliteServer {
  /** Connection URL for `createPrisma`, `migrate`, `pg`, `psql`: `postgres://postgres:postgres@127.0.0.1:<port>/postgres`. */
  url: string;
  /** The PGlite instance (in-process; prefer the wire URL so code paths match PostgreSQL). */
  db: PGlite;
  /** Stops listening, closes client connections, then closes PGlite (flushing its data folder). */
  stop(): Promise<void>;
}

/**
 * Runs PGlite in this process and serves it over the PostgreSQL wire protocol with
 * `@electric-sql/pglite-socket`, so other processes connect with `@prisma/adapter-pg` as to PostgreSQL.
 * PGlite is single-user: only one process may own `dataDir`. Queries of all connections are serialized,
 * and a connection's open transaction makes the others wait: never await another connection while
 * holding a transaction.
 * @throws if the port is taken or the data folder is owned by another PGlite.
 */
export async function startPgliteServer(options: PgliteServerOptions): Promise<PgliteServer> {
  const port = options.port ?? 54321;
  mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  const server = new PGLiteSocketServer({
    db,
    port,
    host: "127.0.0.1",
    maxConnections: options.maxConnections ?? 20,
  });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    throw err;
  }
  let stopped: Promise<void> | undefined;
  return {
    url: pgliteUrl(port),
    db,
    stop() {
      stopped ??= (async () => {
        await server.stop();
        await db.close();
      })();
      return stopped;
    },
  };
}
