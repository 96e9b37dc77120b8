import type { Address } from "viem";
import type { z } from "zod";
import { loadSession, type Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import type { AssetAction, AssetPermissions } from "../permissions/actions";
import { requireAssetAction, requireComplianceOfficer, requireTokenReader } from "../permissions/guards";
import { queryObject } from "../shared/params";
import { JSON_BODY_LIMIT, readForm, readJson } from "./body";
import { ApiError, ErrorCode, errorResponse } from "./errors";

/**
 * The one route wrapper (the shape of Dub's `withWorkspace(handler, { requiredPermissions })`): every API route is
 * `export const GET = withSession(handler, options)` (or {@link withPublic} for the few routes open to everyone).
 * In order, it
 * 1. parses the route params and the query with the route's zod schemas (400 in words),
 * 2. refuses a request whose Origin header names another site (403; never judged by the Host headers),
 * 3. reads the session from the signed cookie (401 without a valid one),
 * 4. checks the permission the route needs ({@link RoutePermission}: a capability such as compliance officer, or a
 *    role on the asset named in the params, from the index at the chain head or the contract itself; only assets the
 *    platform deployed grant any),
 * 5. reads a JSON body with its size limit (lib/api/body, 413) and parses it with the route's schema, or a
 *    multipart form with the route's limit,
 * 6. runs the handler, which calls one lib function with the session and the parsed input.
 * The handler's value is answered as JSON (no caching); a `Response` it returns (CSV, file download) is passed on.
 * Every error goes through the one ErrorCode → HTTP status table (lib/api/errors): unknown errors never leak.
 */

/** What Next.js passes as the second argument of a route handler (absent in tests of routes without params). */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

/** A route handler as Next.js calls it. */
export type RouteHandler = (req: Request, ctx?: RouteContext) => Promise<Response>;

/** Inputs a route declares; each is parsed before the handler runs (a zod error answers 400). */
export interface RouteInput<P, Q, B> {
  /** Schema of the route params (e.g. `{ address: addressParam }`). */
  params?: z.ZodType<P>;
  /** Schema of the query string (values as strings; empty values dropped, see `queryObject`). */
  query?: z.ZodType<Q>;
  /** Schema of the JSON body, read at most `bodyLimit` bytes (default JSON_BODY_LIMIT, 64 KiB). */
  body?: z.ZodType<B>;
  bodyLimit?: number;
  /** Read a multipart/form-data body instead, at most this many bytes (files plus fields; 413 above, 400 if not multipart). */
  form?: number;
}

/**
 * The permission a route needs, checked after the session is read:
 * - `"signed-in"` (the default): any signed-in wallet;
 * - `"compliance-officer"`: an agent of the platform's identity registry;
 * - `{ asset, can }`: a role on the asset whose token is the route param named by `asset` (`"token"`): `can: "read"`
 *   for its holders' data (its agents, owner, AccessManager role holders, and compliance officers), or the contract
 *   function(s) the wallet must be allowed to call now (any one of a list); NOT_FOUND for an asset the platform does
 *   not know;
 * - a function of the session and the parsed input, for a check that depends on the query (e.g. freezes of one
 *   asset or of all) or a rule of its own (who may set a NAV): call a guard of lib/permissions/guards. When it
 *   answers the wallet's AssetPermissions, the handler gets them.
 */
export type RoutePermission<P, Q> =
  | "signed-in"
  | "compliance-officer"
  | { asset: keyof P & string; can: "read" | AssetAction | readonly AssetAction[] }
  | ((session: Session, input: { params: P; query: Q }) => Promise<AssetPermissions | Session | null>);

/** What a public handler receives: the request (for the few routes that set cookies) and the parsed input. */
export interface PublicContext<P, Q, B> {
  req: Request;
  params: P;
  query: Q;
  body: B;
  /** The multipart body, when the route declares `form` (else an empty FormData). */
  form: FormData;
}

/** What a session handler receives: the checked session and, for `{ asset, can: actions }`, the wallet's permissions on it. */
export interface SessionContext<P, Q, B> extends PublicContext<P, Q, B> {
  session: Session;
  /** The wallet's permissions on the route's asset, when the route's permission names contract functions; else null. */
  permissions: AssetPermissions | null;
}

const NO_STORE = { "cache-control": "no-store" };

/**
 * Refuses a request sent from another site: when the browser names an Origin, it must be the configured public origin
 * (TESSERA_PUBLIC_ORIGIN), never judged by the request's own Host headers. (The session cookie is SameSite=Lax, so
 * cross-site POSTs carry no session anyway; this is the second lock.)
 * @throws ApiError FORBIDDEN
 */
export function assertSameOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  if (!origin) return;
  if (origin !== getServerConfig().publicOrigin) throw new ApiError(ErrorCode.FORBIDDEN, "Cross-site requests are not allowed.");
}

/**
 * The signed-in wallet of a request: same-origin check, then the session of the signed cookie.
 * @throws ApiError FORBIDDEN from another site; UNAUTHENTICATED without a valid session
 */
export async function authenticate(req: Request): Promise<Session> {
  assertSameOrigin(req);
  const session = await loadSession(req);
  if (!session) throw new ApiError(ErrorCode.UNAUTHENTICATED, "Sign in with your wallet first.");
  return session;
}

async function parseInput<P, Q>(req: Request, ctx: RouteContext | undefined, input: RouteInput<P, Q, unknown>): Promise<{ params: P; query: Q }> {
  const params = (input.params ? input.params.parse(ctx ? await ctx.params : {}) : {}) as P;
  const query = (input.query ? input.query.parse(queryObject(req.url)) : {}) as Q;
  return { params, query };
}

async function parseBody<B>(req: Request, input: RouteInput<unknown, unknown, B>): Promise<{ body: B; form: FormData }> {
  if (input.form !== undefined) return { body: undefined as B, form: await readForm(req, input.form) };
  const body = (input.body ? input.body.parse(await readJson(req, input.bodyLimit ?? JSON_BODY_LIMIT)) : undefined) as B;
  return { body, form: new FormData() };
}

function toResponse(value: unknown): Response {
  return value instanceof Response ? value : Response.json(value, { headers: NO_STORE });
}

/**
 * A route open to everyone (no session needed): inputs parsed as in {@link withSession}; `sameOrigin` refuses a
 * request from another site (sign-in and sign-out, which set cookies).
 */
export function withPublic<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  handler: (ctx: PublicContext<P, Q, B>) => Promise<unknown>,
  options: RouteInput<P, Q, B> & { sameOrigin?: boolean } = {},
): RouteHandler {
  return async (req, ctx) => {
    try {
      const { params, query } = await parseInput(req, ctx, options);
      if (options.sameOrigin) assertSameOrigin(req);
      const { body, form } = await parseBody(req, options);
      return toResponse(await handler({ req, params, query, body, form }));
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/**
 * A route for signed-in wallets with the permission it needs (see the module comment for the order of checks).
 * @param handler receives the session, the parsed params, query and body, and the wallet's asset permissions
 * @param options the input schemas and the {@link RoutePermission} (default: any signed-in wallet)
 */
export function withSession<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  handler: (ctx: SessionContext<P, Q, B>) => Promise<unknown>,
  options: RouteInput<P, Q, B> & { permission?: RoutePermission<P, Q> } = {},
): RouteHandler {
  return async (req, ctx) => {
    try {
      const { params, query } = await parseInput(req, ctx, options);
      const session = await authenticate(req);
      const permissions = await checkPermission(session, options.permission ?? "signed-in", { params, query });
      const { body, form } = await parseBody(req, options);
      return toResponse(await handler({ req, params, query, body, form, session, permissions }));
    } catch (err) {
      return errorResponse(err);
    }
  };
}

async function checkPermission<P, Q>(session: Session, permission: RoutePermission<P, Q>, input: { params: P; query: Q }): Promise<AssetPermissions | null> {
  if (permission === "signed-in") return null;
  if (permission === "compliance-officer") {
    await requireComplianceOfficer(session);
    return null;
  }
  if (typeof permission === "function") {
    const granted = await permission(session, input);
    return granted && "can" in granted ? granted : null;
  }
  const token = input.params[permission.asset] as unknown as Address;
  if (permission.can === "read") {
    await requireTokenReader(session, token);
    return null;
  }
  return requireAssetAction(session, token, permission.can);
}
