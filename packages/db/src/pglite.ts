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

// Frontend message types (PostgreSQL protocol 3.0, "Message Formats") that open or continue an extended-query
// sequence, which only Sync ('S') ends: Parse, Bind, Describe, Execute, Close, Flush.
const EXTENDED = new Set(["P", "B", "D", "E", "C", "H"].map((c) => c.charCodeAt(0)));
const SYNC = "S".charCodeAt(0);
// Execute of a portal that cannot exist, then Sync: makes the backend fail (aborting an implicit transaction, where a
// bare Sync would commit it) and leave the extended-query error state. Used when a client vanishes mid-sequence.
const ABORT_SEQUENCE = (() => {
  const portal = Buffer.from("tessera_disconnected_client\0");
  const execute = Buffer.alloc(1 + 4 + portal.length + 4);
  execute.write("E", 0);
  execute.writeInt32BE(4 + portal.length + 4, 1);
  portal.copy(execute, 5);
  execute.writeInt32BE(0, 5 + portal.length);
  return new Uint8Array(Buffer.concat([execute, Buffer.from([SYNC, 0, 0, 0, 4])]));
})();

/**
 * The view of `db` given to pglite-socket's server, so that its query queue keeps one connection's extended-query
 * sequence together, not only its transaction blocks.
 *
 * Why a wrapper: pglite-socket (0.2.17, the latest release) queues single protocol messages from all connections into
 * PGlite's one backend, and serves the same connection next only while `db.isInTransaction()`. Between Parse and Sync
 * there is no transaction block (PostgreSQL's implicit transaction does not count), so another connection's Parse can
 * replace the unnamed statement between this connection's Parse and Bind: "bind message supplies 2 parameters, but
 * prepared statement requires 3", or a value bound to another query. It shows whenever a message reaches the server
 * in more than one TCP read (large Bind values: the indexer's batches, Prisma's `IN` lists). This view answers
 * `isInTransaction()` with true from a connection's first extended-query message until its Sync has run, and the
 * queue then takes only that connection's messages. Explicit transactions stay exclusive as before (until
 * ReadyForQuery 'I'). When the queue rolls back after a client vanished (`exec("ROLLBACK")`), an unfinished sequence
 * is aborted first (never committed by a stray Sync).
 */
function sequenceAware(db: PGlite): PGlite {
  let inSequence = false;
  const execProtocolRawStream: PGlite["execProtocolRawStream"] = async (message, options) => {
    const type = message[0]!;
    if (EXTENDED.has(type)) inSequence = true;
    try {
      return await db.execProtocolRawStream(message, options);
    } finally {
      if (type === SYNC) inSequence = false;
    }
  };
  const exec: PGlite["exec"] = async (query, options) => {
    if (inSequence) {
      await db.execProtocolRaw(ABORT_SEQUENCE);
      inSequence = false;
    }
    return db.exec(query, options);
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "isInTransaction") return () => inSequence || target.isInTransaction();
      if (prop === "execProtocolRawStream") return execProtocolRawStream;
      if (prop === "exec") return exec;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * Runs PGlite in this process and serves it over the PostgreSQL wire protocol with
 * `@electric-sql/pglite-socket`, so other processes connect with `@prisma/adapter-pg` as to PostgreSQL.
 * PGlite is single-user: only one process may own `dataDir`. Queries of all connections are serialized: each
 * connection's extended-query sequence (Parse/Bind/Describe/Execute ... Sync) runs unbroken, and a connection's open
 * transaction makes the others wait until it ends (their connection startups too): never await another connection
 * while holding a transaction. A client that disconnects mid-transaction is rolled back. COPY is not supported.
 * @throws if the port is taken or the data folder is owned by another PGlite.
 */
export async function startPgliteServer(options: PgliteServerOptions): Promise<PgliteServer> {
  const port = options.port ?? 54321;
  mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  const server = new PGLiteSocketServer({
    db: sequenceAware(db),
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
