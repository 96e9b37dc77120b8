import { createPrisma } from "@tessera/db";
import { ApiError, ErrorCode } from "../api/errors";
import { getServerConfig, resetServerConfig } from "../config/server-config";

type Prisma = ReturnType<typeof createPrisma>;

const globalForPrisma = globalThis as unknown as { __tesseraPrisma?: Prisma };

/**
 * The process-wide Prisma client for DATABASE_URL, created on first use (so `next build` needs no database).
 * @throws ApiError DATABASE_UNAVAILABLE when DATABASE_URL is not set.
 */
export function getPrisma(): Prisma {
  if (globalForPrisma.__tesseraPrisma) return globalForPrisma.__tesseraPrisma;
  const { databaseUrl, databasePoolSize } = getServerConfig();
  if (!databaseUrl) throw new ApiError(ErrorCode.DATABASE_UNAVAILABLE, "The database is not configured (DATABASE_URL).");
  globalForPrisma.__tesseraPrisma = createPrisma(databaseUrl, { poolSize: databasePoolSize });
  return globalForPrisma.__tesseraPrisma;
}

/** Disconnects and forgets the Prisma client and the cached configuration (tests; a later call reconnects). */
export async function resetServerState(): Promise<void> {
  const prisma = globalForPrisma.__tesseraPrisma;
  globalForPrisma.__tesseraPrisma = undefined;
  resetServerConfig();
  await prisma?.$disconnect();
}
