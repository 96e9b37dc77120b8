import { createPool } from "@tessera/db";
import { getServerConfig } from "../config/server-config";
import { ApiError, ErrorCode } from "../api/errors";

type Pool = ReturnType<typeof createPool>;

const globalForPool = globalThis as unknown as { __tesseraDistributionPool?: { url: string; pool: Pool } };

/**
 * A small `pg` pool on DATABASE_URL for the distributions' raw SQL: `entitlementsAt` of @tessera/db streams through a
 * server-side cursor on one of its connections, and leaves are written and read in bulk (unnest batches, keyset
 * pages). Re-created when DATABASE_URL changes (tests point the server at a new database); the old one is ended.
 * @throws ApiError DATABASE_UNAVAILABLE when DATABASE_URL is not set.
 */
export function getDistributionPool(): Pool {
  const { databaseUrl } = getServerConfig();
  if (!databaseUrl) throw new ApiError(ErrorCode.DATABASE_UNAVAILABLE, "The database is not configured (DATABASE_URL).");
  const cached = globalForPool.__tesseraDistributionPool;
  if (cached?.url === databaseUrl) return cached.pool;
  if (cached) void cached.pool.end().catch(() => {});
  const pool = createPool(databaseUrl, { poolSize: 2 });
  globalForPool.__tesseraDistributionPool = { url: databaseUrl, pool };
  return pool;
}
