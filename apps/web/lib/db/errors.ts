/**
 * True when a database error is a unique-constraint violation (Prisma P2002, or PostgreSQL 23505 from the driver
 * adapter), looked up along the error's `cause` chain.
 */
export function isUniqueViolation(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === "object" && !seen.has(e)) {
    seen.add(e);
    const o = e as { code?: unknown; cause?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: unknown } };
    if (o.code === "P2002" || o.code === "23505" || o.originalCode === "23505") return true;
    e = o.cause ?? o.meta?.driverAdapterError;
  }
  return false;
}
