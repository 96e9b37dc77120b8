import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";

/** Options of {@link createPrisma}. */
export interface CreatePrismaOptions {
  /** Maximum number of pooled connections (default 5). Keep it within the PGlite server's `maxConnections`. */
  poolSize?: number;
  /** Idle time in ms after which a pooled connection is closed (default 10 000). */
  idleTimeoutMs?: number;
}

/**
 * Creates a Prisma client that talks to PostgreSQL, or to PGlite served over the wire, through
 * `@prisma/adapter-pg` (one code path for both). Connections are opened lazily on first query.
 * Call `$disconnect()` when done to close the pool.
 *
 * Amounts (`Decimal @db.Decimal(78,0)`) come back as `Prisma.Decimal`: convert with
 * `BigInt(d.toFixed())`, never `toString()` (exponent form for large values).
 */
export function createPrisma(databaseUrl: string, options: CreatePrismaOptions = {}): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: options.poolSize ?? 5,
    idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
  });
  return new PrismaClient({ adapter });
}
