import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";

/** Options of {@link createPrisma} and {@link createPool}. */
export interface CreatePrismaOptions {
  /** Maximum number of pooled connections (default 5). Keep it within the PGlite server's `maxConnections`. */
  poolSize?: number;
  /** Idle time in ms after which a pooled connection is closed (default 10 000). */
  idleTimeoutMs?: number;
  /**
   * Prisma `$transaction` defaults (ms): `maxWait`, the longest wait to start a transaction (default 20 000; Prisma's
   * own is 2 000), and `timeout`, the longest an interactive transaction may run (default 5 000, Prisma's). On PGlite
   * served over the wire a transaction starts only once every other connection's transaction has ended (the
   * indexer's range writes take seconds on a busy machine), hence the longer wait.
   */
  transactionMaxWaitMs?: number;
  transactionTimeoutMs?: number;
}

/**
 * Creates a `pg` connection pool for PostgreSQL or PGlite served over the wire. Share it with
 * {@link createPrisma} so that Prisma and hand-written SQL (the indexer's COPY hot path) use the same
 * connections. Call `end()` when done (after `$disconnect()` of any Prisma client built on it). A connection that
 * breaks while idle is dropped quietly (queries in flight still fail, and callers retry).
 */
export function createPool(databaseUrl: string, options: CreatePrismaOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 5,
    idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
  });
  // An idle connection dropped by the server (restart, outage) is discarded by the pool; the next query opens a
  // new one. Without a listener, pg's 'error' event would crash the process.
  pool.on("error", () => {});
  return pool;
}

/**
 * Creates a Prisma client that talks to PostgreSQL, or to PGlite served over the wire, through
 * `@prisma/adapter-pg` (one code path for both). Connections are opened lazily on first query.
 * Call `$disconnect()` when done to close the pool (a pool passed in is left open: end it yourself).
 *
 * Amounts (`Decimal @db.Decimal(78,0)`) come back as `Prisma.Decimal`: convert with
 * `BigInt(d.toFixed())`, never `toString()` (exponent form for large values).
 *
 * @param database a `postgres://` URL, or a pool from {@link createPool} to share with raw SQL.
 */
export function createPrisma(database: string | pg.Pool, options: CreatePrismaOptions = {}): PrismaClient {
  const adapter =
    typeof database === "string"
      ? new PrismaPg({
          connectionString: database,
          max: options.poolSize ?? 5,
          idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
        })
      : new PrismaPg(database, { disposeExternalPool: false });
  return new PrismaClient({
    adapter,
    transactionOptions: { maxWait: options.transactionMaxWaitMs ?? 20_000, timeout: options.transactionTimeoutMs ?? 5_000 },
  });
}
