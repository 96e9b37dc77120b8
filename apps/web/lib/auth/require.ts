import type { Address } from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import { getTokenRoles, isComplianceOfficer } from "./get-roles";
import { getServerConfig } from "../config/server-config";
import { loadSession, type Session } from "./session";

/**
 * Refuses a state-changing request sent from another site: when the browser names an Origin, it must be the
 * configured public origin (TESSERA_PUBLIC_ORIGIN), never judged by the request's own Host headers.
 * (The session cookie is SameSite=Lax, so cross-site POSTs carry no session anyway; this is the second lock.)
 * @throws ApiError FORBIDDEN
 */
export function assertSameOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  if (!origin) return;
  if (origin !== getServerConfig().publicOrigin) throw new ApiError(ErrorCode.FORBIDDEN, "Cross-site requests are not allowed.");
}

/**
 * The signed-in wallet of a state-changing request.
 * @throws ApiError UNAUTHENTICATED without a valid session; FORBIDDEN from another site.
 */
export async function requireSession(req: Request): Promise<Session> {
  assertSameOrigin(req);
  const session = await loadSession(req);
  if (!session) throw new ApiError(ErrorCode.UNAUTHENTICATED, "Sign in with your wallet first.");
  return session;
}

/**
 * The session of an agent of `token` (read from the chain now).
 * @throws ApiError UNAUTHENTICATED, or FORBIDDEN when the signed-in wallet is not an agent of the token.
 */
export async function requireTokenAgent(req: Request, token: Address): Promise<Session> {
  const session = await requireSession(req);
  const roles = await getTokenRoles(session.address, token);
  if (!roles.agent) throw new ApiError(ErrorCode.FORBIDDEN, "Only an agent of this token can do this.");
  return session;
}

/**
 * The session of a compliance officer (an agent of the identity registry, read from the chain now).
 * @throws ApiError UNAUTHENTICATED, or FORBIDDEN when the signed-in wallet is not a registry agent.
 */
export async function requireComplianceOfficer(req: Request): Promise<Session> {
  const session = await requireSession(req);
  if (!(await isComplianceOfficer(session.address))) {
    throw new ApiError(ErrorCode.FORBIDDEN, "Only a compliance officer (an agent of the identity registry) can do this.");
  }
  return session;
}

/**
 * The session of a wallet that may read `token`'s holders (cap table, ownership): a compliance officer, or a wallet
 * holding a role on that token: agent (`isAgent`), owner (`owner()`) or any AccessManager role of the asset's
 * manager (ADMIN, SUPPLY, FREEZER, TRANSFER_MANAGER, …), all read from the chain now.
 * @throws ApiError UNAUTHENTICATED without a session, FORBIDDEN for anyone else.
 */
export async function requireTokenReader(req: Request, token: Address): Promise<Session> {
  const session = await requireSession(req);
  const [officer, roles] = await Promise.all([isComplianceOfficer(session.address), getTokenRoles(session.address, token)]);
  if (officer || roles.agent || roles.owner || roles.roles.length > 0) return session;
  throw new ApiError(
    ErrorCode.FORBIDDEN,
    "Only the token's agents, owner or role holders, or a compliance officer, can read its holders.",
  );
}

/**
 * The session of a wallet that may read `wallet`'s holdings: that wallet itself, or a compliance officer (read from
 * the chain now).
 * @throws ApiError UNAUTHENTICATED without a session, FORBIDDEN for another wallet.
 */
export async function requireWalletReader(req: Request, wallet: Address): Promise<Session> {
  const session = await requireSession(req);
  if (session.address === wallet.toLowerCase()) return session;
  if (await isComplianceOfficer(session.address)) return session;
  throw new ApiError(ErrorCode.FORBIDDEN, "You can only read your own wallet's holdings (or sign in as a compliance officer).");
}
