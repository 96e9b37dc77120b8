import { z } from "zod";

/** Every error the API can return; the only codes clients ever see. */
export const ErrorCode = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  DATABASE_UNAVAILABLE: "DATABASE_UNAVAILABLE",
  CHAIN_UNAVAILABLE: "CHAIN_UNAVAILABLE",
  /** The index has not reached the chain head in time (or the indexer is halted): a read that must be current waits no longer. */
  INDEX_BEHIND: "INDEX_BEHIND",
  INTERNAL: "INTERNAL",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one map from error code to HTTP status. */
export const errorStatus: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  DATABASE_UNAVAILABLE: 503,
  CHAIN_UNAVAILABLE: 503,
  INDEX_BEHIND: 503,
  INTERNAL: 500,
};

/** An expected failure whose message is safe to show to the client. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }
}

/** JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/**
 * Turns any thrown value into a JSON error response. Validation and ApiError messages are returned as they are;
 * anything else is logged on the server and answered with a generic INTERNAL error (no details leak).
 */
export function errorResponse(err: unknown): Response {
  let code: ErrorCode;
  let message: string;
  if (err instanceof ApiError) {
    code = err.code;
    message = err.message;
  } else if (err instanceof z.ZodError) {
    code = ErrorCode.BAD_REQUEST;
    message = err.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
  } else if (isConnectionError(err)) {
    console.error("[api] database unreachable", err);
    code = ErrorCode.DATABASE_UNAVAILABLE;
    message = "The database is unavailable.";
  } else {
    console.error("[api] unexpected error", err);
    code = ErrorCode.INTERNAL;
    message = "Internal error";
  }
  const body: ErrorBody = { error: { code, message } };
  return Response.json(body, { status: errorStatus[code], headers: { "cache-control": "no-store" } });
}

/**
 * Runs a route handler body: returns its value as JSON (no caching), or the mapped error response.
 */
export async function respond<T>(run: () => Promise<T>): Promise<Response> {
  try {
    const data = await run();
    return Response.json(data, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}

/** True for errors that mean the database could not be reached (driver or Prisma initialization failures). */
function isConnectionError(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === "object" && !seen.has(e)) {
    seen.add(e);
    const o = e as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    if (o.name === "PrismaClientInitializationError") return true;
    if (typeof o.code === "string" && ["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "ECONNRESET", "57P03"].includes(o.code)) return true;
    if (typeof o.message === "string" && /ECONNREFUSED|Can't reach database server/.test(o.message)) return true;
    e = o.cause;
  }
  return false;
}
