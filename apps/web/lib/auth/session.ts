import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";

/** Name of the session cookie (httpOnly, SameSite=Lax, Path=/, Max-Age = the session lifetime). */
export const SESSION_COOKIE = "tessera_session";
/** Name of the short-lived cookie carrying the Sign-In with Ethereum nonce between /nonce and /verify. */
export const NONCE_COOKIE = "tessera_siwe_nonce";
/** How long a nonce may be used, in seconds. */
export const NONCE_TTL_SECONDS = 600;

/** A signed-in wallet: who (lower-case address), on which chain, until when (unix seconds). */
export interface Session {
  address: `0x${string}`;
  chainId: number;
  issuedAt: number;
  expiresAt: number;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function mac(payload: string): string {
  return createHmac("sha256", getServerConfig().sessionSecret).update(payload).digest("base64url");
}

/** `base64url(JSON).base64url(HMAC-SHA256)`: a stateless value that only this server can have produced. */
export function signValue(value: object): string {
  const payload = Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

/** The JSON value of a signed string, or null when malformed or when the HMAC does not match. */
export function unsignValue(signed: string | undefined): unknown {
  if (!signed) return null;
  const dot = signed.indexOf(".");
  if (dot <= 0) return null;
  const payload = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1), "base64url");
  const expected = Buffer.from(mac(payload), "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

/** The value of one cookie of a request. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * A Set-Cookie header value: httpOnly, SameSite=Lax, Path=/, Secure when the configured public origin (or the request)
 * is https. `maxAge` 0 deletes the cookie.
 */
export function cookieHeader(req: Request, name: string, value: string, maxAge: number): string {
  const secure =
    getServerConfig().publicOrigin.startsWith("https:") ||
    new URL(req.url).protocol === "https:" ||
    req.headers.get("x-forwarded-proto") === "https";
  return [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/** SHA-256 of a session token, lower-case hex: the `AuthSession.id` (the table never holds the token itself). */
const sessionId = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Starts a server-side session for `address` (an `AuthSession` row valid for the configured lifetime) and deletes
 * sessions that have expired.
 * @returns the session and the random token (32 bytes, base64url) the cookie carries ({@link sessionCookie})
 * @throws ApiError DATABASE_UNAVAILABLE
 */
export async function createSession(address: `0x${string}`): Promise<{ session: Session; token: string }> {
  const { chainId, sessionTtlSeconds } = getServerConfig();
  const issuedAt = nowSeconds();
  const session: Session = { address: address.toLowerCase() as `0x${string}`, chainId, issuedAt, expiresAt: issuedAt + sessionTtlSeconds };
  const token = randomBytes(32).toString("base64url");
  const prisma = getPrisma();
  await prisma.authSession.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  await prisma.authSession.create({
    data: {
      id: sessionId(token),
      chainId,
      address: session.address,
      createdAt: new Date(issuedAt * 1000),
      expiresAt: new Date(session.expiresAt * 1000),
    },
  });
  return { session, token };
}

/**
 * The Set-Cookie value that stores a new session's token (signed; Max-Age = the session lifetime, `expiresAt -
 * issuedAt`: the browser drops the cookie then, and the server refuses the session from `expiresAt` on anyway).
 */
export function sessionCookie(req: Request, token: string, session: Session): string {
  return cookieHeader(req, SESSION_COOKIE, signValue({ v: 2, t: token }), Math.max(0, session.expiresAt - session.issuedAt));
}

/** The session token of the request's cookie when this server signed it, else null (no database query). */
function sessionToken(req: Request): string | null {
  const v = unsignValue(readCookie(req, SESSION_COOKIE)) as { v?: unknown; t?: unknown } | null;
  return v && v.v === 2 && typeof v.t === "string" && v.t.length >= 32 ? v.t : null;
}

/**
 * The request's session: a cookie signed by this server whose session is still in the database (not signed out,
 * not revoked), for the configured chain and not expired; else null. One primary-key query (none without a cookie).
 * @throws ApiError DATABASE_UNAVAILABLE when a cookie is present and the database is not configured
 */
export async function loadSession(req: Request): Promise<Session | null> {
  const token = sessionToken(req);
  if (!token) return null;
  const row = await getPrisma().authSession.findUnique({ where: { id: sessionId(token) } });
  if (!row || row.chainId !== getServerConfig().chainId || row.expiresAt.getTime() <= Date.now()) return null;
  if (!/^0x[0-9a-f]{40}$/.test(row.address)) return null;
  return {
    address: row.address as `0x${string}`,
    chainId: row.chainId,
    issuedAt: Math.floor(row.createdAt.getTime() / 1000),
    expiresAt: Math.floor(row.expiresAt.getTime() / 1000),
  };
}

/** Ends the request's session on the server (sign-out): its cookie no longer works, even if kept. */
export async function endSession(req: Request): Promise<void> {
  const token = sessionToken(req);
  if (token) await getPrisma().authSession.deleteMany({ where: { id: sessionId(token) } });
}

/**
 * Ends every session of `address` on the configured chain at once (revocation hook: call it when a wallet must be
 * signed out everywhere, e.g. after losing a role or being reported compromised).
 * @returns the number of sessions ended
 * @throws ApiError DATABASE_UNAVAILABLE
 */
export async function revokeSessions(address: string): Promise<number> {
  const { chainId } = getServerConfig();
  const { count } = await getPrisma().authSession.deleteMany({ where: { chainId, address: address.toLowerCase() } });
  return count;
}

/**
 * A fresh Sign-In with Ethereum nonce (128 bits from the OS CSPRNG, 32 hex characters; not viem's
 * `generateSiweNonce`, which slices one Math.random buffer so that consecutive nonces overlap). Nothing is stored:
 * the signed nonce cookie ({@link nonceCookie}) carries it and its expiry, so anonymous callers cannot fill the
 * database; only a nonce that a valid signature uses is written ({@link consumeNonce}).
 */
export function issueNonce(): string {
  return randomBytes(16).toString("hex");
}

/**
 * Uses up a nonce after its signature was checked: one INSERT … ON CONFLICT DO NOTHING into the used nonces (kept
 * until the latest time the nonce's cookie could still be valid; expired ones are deleted here), so of two sign-ins
 * with the same nonce exactly one gets `true`, and a replay gets `false`.
 * @returns whether the nonce had not been used before
 * @throws ApiError DATABASE_UNAVAILABLE
 */
export async function consumeNonce(nonce: string): Promise<boolean> {
  const prisma = getPrisma();
  await prisma.authNonce.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  const { count } = await prisma.authNonce.createMany({
    data: [{ nonce, expiresAt: new Date((nowSeconds() + NONCE_TTL_SECONDS) * 1000) }],
    skipDuplicates: true,
  });
  return count === 1;
}

/** The Set-Cookie value of a fresh nonce (signed, expiring after NONCE_TTL_SECONDS). */
export function nonceCookie(req: Request, nonce: string): string {
  return cookieHeader(req, NONCE_COOKIE, signValue({ n: nonce, exp: nowSeconds() + NONCE_TTL_SECONDS }), NONCE_TTL_SECONDS);
}

/** The nonce this server handed to this browser, if its signed cookie is still valid (consumeNonce decides whether it is unused). */
export function readNonce(req: Request): string | null {
  const v = unsignValue(readCookie(req, NONCE_COOKIE)) as { n?: unknown; exp?: unknown } | null;
  if (!v || typeof v.n !== "string" || typeof v.exp !== "number" || v.exp <= nowSeconds()) return null;
  return v.n;
}
