// The store's SQL plumbing: one transaction per range under the chain's writer lock, and bulk loads (COPY FROM STDIN
// on PostgreSQL, INSERT … SELECT FROM unnest on PGlite). Durable tables only: no unlogged tables, no
// synchronous_commit=off.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

export const ZERO = "0x0000000000000000000000000000000000000000";
/** Rows per unnest statement on the PGlite path (arrays, so far below the 65,535 bind-parameter cap). */
const CHUNK = 5000;
/** Rows per chunk handed to the COPY stream (lets Node format the next chunk while the server parses this one). */
const COPY_CHUNK = 2000;
/**
 * Rows below which even a COPY-capable server gets one INSERT … unnest: COPY's extra protocol exchange and stream
 * set-up cost more than they save for the few rows of a block at the head (about 2.5 ms per COPY there).
 */
const COPY_MIN_ROWS = 200;
/** Two int4 keys of the transaction-scoped advisory lock that serializes writers of one chain. */
const LOCK_NAMESPACE = 0x7e55e4a;

/** ISO text of a UTC timestamp without zone, for `timestamp(3)` columns (Prisma stores UTC). */
export const utcText = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, -1);

const copySupport = new WeakMap<pg.Pool, Promise<boolean>>();

/**
 * Whether the write path uses `COPY … FROM STDIN` on the database behind `pool`: on PostgreSQL, yes. On PGlite, no:
 * the same rows go through `INSERT … SELECT FROM unnest(…)`. `startPgliteServer` of @tessera/db does serve COPY now
 * (ARCHITECTURE.md, Database; pglite-socket 0.2.17 alone did not: FATAL 08P01 and a dropped connection), but this
 * path has not been switched over and measured on PGlite yet.
 */
export function supportsCopy(pool: pg.Pool): Promise<boolean> {
  let known = copySupport.get(pool);
  if (!known) {
    known = pool.query<{ v: string }>("SELECT version() AS v").then((r) => !/PGlite/i.test(r.rows[0]!.v));
    known.catch(() => copySupport.delete(pool));
    copySupport.set(pool, known);
  }
  return known;
}

export interface Column {
  name: string;
  /** SQL type of the column, for the unnest path. */
  type: string;
}

/** COPY text format needs escaping only for backslash, tab, newline and carriage return: none of our values has one. */
const copyValue = (v: unknown): string => (v === null || v === undefined ? "\\N" : String(v));

/**
 * Loads `count` rows (`row(i)` gives row i's values) into `table`: COPY FROM STDIN where the server takes it (from
 * {@link COPY_MIN_ROWS} rows on), else INSERT … SELECT FROM unnest in chunks.
 */
export async function bulkLoad(
  client: pg.PoolClient,
  useCopy: boolean,
  table: string,
  columns: Column[],
  count: number,
  row: (i: number) => unknown[],
): Promise<void> {
  if (count === 0) return;
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  if (useCopy && count >= COPY_MIN_ROWS) {
    // Format everything first, then stream: the server then ingests at full speed while this thread goes on
    // decoding the next range (formatting lazily inside the stream made the server wait for this thread).
    // Each chunk becomes a flat Buffer at once: the string rope built for it dies young instead of being promoted
    // to the old generation while the COPY is in flight (that garbage, not live data, drove the peak RSS).
    const chunks: Buffer[] = [];
    for (let i = 0; i < count; i += COPY_CHUNK) {
      let text = "";
      const end = Math.min(count, i + COPY_CHUNK);
      for (let j = i; j < end; j++) {
        const values = row(j);
        let line = copyValue(values[0]);
        for (let k = 1; k < values.length; k++) line += "\t" + copyValue(values[k]);
        text += line + "\n";
      }
      chunks.push(Buffer.from(text));
    }
    await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY ${table} (${names}) FROM STDIN`)));
    return;
  }
  const unnest = columns.map((c, k) => `$${k + 1}::${c.type}[]`).join(", ");
  for (let i = 0; i < count; i += CHUNK) {
    const end = Math.min(count, i + CHUNK);
    const arrays: unknown[][] = columns.map(() => []);
    for (let j = i; j < end; j++) {
      const values = row(j);
      for (let k = 0; k < values.length; k++) arrays[k]!.push(values[k] ?? null);
    }
    await client.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest})`, arrays);
  }
}

/** Runs `body` in a transaction on one connection of `pool`; a connection that failed mid-way is discarded. */
export async function inTransaction<T>(pool: pg.Pool, chainId: number, body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A connection lost between two queries (database restart, outage) is reported as an 'error' event of the
  // checked-out client: record it (the next query fails, the caller retries) instead of crashing the process.
  const onError = (err: Error) => (broken = err);
  client.on("error", onError);
  try {
    // Serializes writers of this chain (two indexers, or a writer and a reorg), including the very first range. One
    // round trip for both (a simple query: the two integers are inlined, no parameters).
    await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${Math.trunc(chainId)})`);
    const result = await body(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}

/** Decoded event arguments as JSON text: integers as decimal strings (uint256 does not fit a JSON number). */
export const argsJson = (args: object): string => JSON.stringify(args, (_, v) => (typeof v === "bigint" ? v.toString() : v));
