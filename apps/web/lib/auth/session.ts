import { createHmac, timingSafeEqual } from "node:crypto";
import { getServerConfig } from "../config/server-config";

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

/** A Set-Cookie header value: httpOnly, SameSite=Lax, Path=/, Secure on https. `maxAge` 0 deletes the cookie. */
export function cookieHeader(req: Request, name: string, value: string, maxAge: number): string {
  const secure = new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  return [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/** A new session for `address`, valid for the configured lifetime. */
export function newSession(address: `0x${string}`): Session {
  const { chainId, sessionTtlSeconds } = getServerConfig();
  const issuedAt = nowSeconds();
  return { address: address.toLowerCase() as `0x${string}`, chainId, issuedAt, expiresAt: issuedAt + sessionTtlSeconds };
}

/** The Set-Cookie value that stores a session. */
export function sessionCookie(req: Request, session: Session): string {
  return cookieHeader(req, SESSION_COOKIE, signValue({ v: 1, ...session }), Math.max(0, session.expiresAt - nowSeconds()));
}

/**
 * The request's session: present, signed by this server, for the configured chain and not expired; else null.
 */
export function readSession(req: Request): Session | null {
  const v = unsignValue(readCookie(req, SESSION_COOKIE)) as Partial<Session> & { v?: number } | null;
  if (!v || v.v !== 1 || typeof v.address !== "string" || !/^0x[0-9a-f]{40}$/.test(v.address)) return null;
  if (typeof v.expiresAt !== "number" || typeof v.issuedAt !== "number" || typeof v.chainId !== "number") return null;
  if (v.chainId !== getServerConfig().chainId || v.expiresAt <= nowSeconds()) return null;
  return { address: v.address as `0x${string}`, chainId: v.chainId, issuedAt: v.issuedAt, expiresAt: v.expiresAt };
}

/** The Set-Cookie value of a fresh nonce (signed, expiring after NONCE_TTL_SECONDS). */
export function nonceCookie(req: Request, nonce: string): string {
  return cookieHeader(req, NONCE_COOKIE, signValue({ n: nonce, exp: nowSeconds() + NONCE_TTL_SECONDS }), NONCE_TTL_SECONDS);
}

/** The nonce this server handed to this browser, if still valid. */
export function readNonce(req: Request): string | null {
  const v = unsignValue(readCookie(req, NONCE_COOKIE)) as { n?: unknown; exp?: unknown } | null;
  if (!v || typeof v.n !== "string" || typeof v.exp !== "number" || v.exp <= nowSeconds()) return null;
  return v.n;
}
