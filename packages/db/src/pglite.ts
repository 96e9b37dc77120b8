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
const FLUSH = "H".charCodeAt(0);
const QUERY = "Q".charCodeAt(0);
const COPY_DATA = "d".charCodeAt(0);
const COPY_IN_RESPONSE = "G".charCodeAt(0);
// Every frontend message type of protocol 3.0 ("Message Formats"); the startup message has none (its first byte is
// the high byte of its length, 0). PGlite's backend loops forever on any other type, freezing the whole process.
const FRONTEND = new Set([..."BCdcfDEHFpPQSX"].map((c) => c.charCodeAt(0)));

/** An ErrorResponse message (severity, SQLSTATE, text), as PostgreSQL sends it. */
function errorResponse(severity: "ERROR" | "FATAL", code: string, text: string): Uint8Array {
  const fields = Buffer.from(`S${severity}\0V${severity}\0C${code}\0M${text}\0\0`);
  const head = Buffer.alloc(5);
  head.write("E", 0);
  head.writeInt32BE(4 + fields.length, 1);
  return new Uint8Array(Buffer.concat([head, fields]));
}

// A simple-protocol `COPY … FROM STDIN` (leading comments allowed); group 1 is set for the binary format.
const COPY_FROM_STDIN = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*copy\b[\s\S]*?\bfrom\s+stdin\b([\s\S]*\bbinary\b)?/i;
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
 *
 * `COPY … FROM STDIN` (simple protocol, as `pg-copy-streams` sends it): PGlite's backend cannot wait for CopyData
 * between two calls (the library answers FATAL "protocol synchronization was lost"), but it runs the whole exchange
 * given in one call. So this view answers the Query with a CopyInResponse itself, keeps the connection exclusive while
 * it collects the CopyData messages, and hands Query + data + CopyDone (or CopyFail) to PGlite together, passing on
 * everything PGlite answers except its own CopyInResponse. The data is held in memory until CopyDone.
 *
 * A message of an unknown type is answered with PostgreSQL's FATAL 08P01 and never reaches PGlite, whose backend would
 * loop on it forever (the whole process frozen, every connection with it).
 */
function sequenceAware(db: PGlite): PGlite {
  let inSequence = false;
  let copyIn: Uint8Array[] | undefined;
  const execProtocolRawStream: PGlite["execProtocolRawStream"] = async (message, options) => {
    const type = message[0]!;
    if (type !== 0 && !FRONTEND.has(type)) {
      // PostgreSQL answers FATAL 08P01 and closes the connection; PGlite would hang. Answer, and keep serving.
      options.onRawData(errorResponse("FATAL", "08P01", `invalid frontend message type ${type}`));
      return;
    }
    if (copyIn) {
      if (type === COPY_DATA) {
        copyIn.push(message);
        return;
      }
      // PostgreSQL ignores Flush and Sync during COPY IN ("COPY Operations" in the protocol's message flow).
      if (type === FLUSH || type === SYNC) return;
      // CopyDone ('c') or CopyFail ('f') ends it; anything else is a protocol violation that PGlite then reports.
      const exchange = Buffer.concat([...copyIn, message]);
      copyIn = undefined;
      return run(new Uint8Array(exchange), {
        ...options,
        onRawData: withoutFirstMessage(COPY_IN_RESPONSE, options.onRawData),
      });
    }
    if (type === QUERY) {
      const copy = COPY_FROM_STDIN.exec(Buffer.from(message.buffer, message.byteOffset + 5, message.length - 6).toString());
      if (copy) {
        copyIn = [message];
        // CopyInResponse: overall format (0 text, 1 binary), then 0 per-column formats (clients do not read them).
        options.onRawData(new Uint8Array([COPY_IN_RESPONSE, 0, 0, 0, 7, copy[1] ? 1 : 0, 0, 0]));
        return;
      }
    }
    if (EXTENDED.has(type)) inSequence = true;
    try {
      return await run(message, options);
    } finally {
      if (type === SYNC) inSequence = false;
    }
  };
  // PGlite closed (shutdown) or failed: the client gets an error instead of a query that never answers, and
  // pglite-socket's queue goes on (it stops serving every connection for good when this throws).
  const run: PGlite["execProtocolRawStream"] = async (message, options) => {
    if (db.closed) {
      options.onRawData(errorResponse("FATAL", "57P01", "terminating connection: the embedded database is closed"));
      return;
    }
    try {
      return await db.execProtocolRawStream(message, options);
    } catch (err) {
      options.onRawData(errorResponse("FATAL", "XX000", `embedded database failure: ${(err as Error)?.message ?? err}`));
    }
  };
  const exec: PGlite["exec"] = async (query, options) => {
    copyIn = undefined; // a COPY cut short by a vanished client: nothing of it has run
    if (db.closed) return [];
    if (inSequence) {
      await db.execProtocolRaw(ABORT_SEQUENCE);
      inSequence = false;
    }
    return db.exec(query, options);
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "isInTransaction") return () => inSequence || copyIn !== undefined || (!target.closed && target.isInTransaction());
      if (prop === "execProtocolRawStream") return execProtocolRawStream;
      if (prop === "exec") return exec;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Passes `onRawData` the byte stream without its first message when that message is of type `type`. */
function withoutFirstMessage(type: number, onRawData: (data: Uint8Array) => void): (data: Uint8Array) => void {
  let head = Buffer.alloc(0); // bytes seen while the first message's header is incomplete
  let skip: number | undefined; // bytes of the first message still to drop
  return (data) => {
    if (skip === undefined) {
      head = Buffer.concat([head, data]);
      if (head.length < 5) return;
      skip = head[0] === type ? 1 + head.readInt32BE(1) : 0;
      data = head;
    }
    if (skip > 0) {
      const dropped = Math.min(skip, data.length);
      skip -= dropped;
      data = data.subarray(dropped);
    }
    if (data.length > 0) onRawData(data);
  };
}

/**
 * Runs PGlite in this process and serves it over the PostgreSQL wire protocol with
 * `@electric-sql/pglite-socket`, so other processes connect with `@prisma/adapter-pg` as to PostgreSQL.
 * PGlite is single-user: only one process may own `dataDir`. Queries of all connections are serialized: each
 * connection's extended-query sequence (Parse/Bind/Describe/Execute ... Sync) runs unbroken, and a connection's open
 * transaction makes the others wait until it ends (their connection startups too): never await another connection
 * while holding a transaction. A client that disconnects mid-transaction is rolled back. `COPY … FROM STDIN` works
 * (its data is held in memory until CopyDone); `COPY … TO STDOUT` works as PGlite serves it.
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
        if (!db.closed) await db.close();
      })();
      return stopped;
    },
  };
}
