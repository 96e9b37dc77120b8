import type { Address } from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import { getTokenRoles, isComplianceOfficer } from "./get-roles";
import { getAssetPermissions, type AssetAction, type AssetPermissions } from "./permissions";
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
 * The session of a wallet the contracts let perform `action` on `token` now — any one of `action` when a list is
 * given (e.g. pause for an agent or an ISSUER role holder; mint for an agent or a SUPPLY holder): see
 * `getAssetPermissions` (token agent / owner, or AccessManager `canCall`). Only assets the platform knows (indexed,
 * deployed by the configured factory) grant anything.
 * @returns the session and the wallet's permissions on the asset
 * @throws ApiError UNAUTHENTICATED; NOT_FOUND for an asset the platform does not know; FORBIDDEN when the contract
 *   would refuse the wallet; CHAIN_UNAVAILABLE when the node cannot answer
 */
export async function requireAssetAction(
  req: Request,
  token: Address,
  action: AssetAction | readonly AssetAction[],
): Promise<{ session: Session; permissions: AssetPermissions }> {
  const session = await requireSession(req);
  const actions = typeof action === "string" ? [action] : action;
  const permissions = await getAssetPermissions(session.address, token, actions);
  if (!permissions.known) throw new ApiError(ErrorCode.NOT_FOUND, `No asset ${token.toLowerCase()} deployed by this platform's factory is indexed.`);
  if (!actions.some((a) => permissions.can[a])) {
    throw new ApiError(ErrorCode.FORBIDDEN, `Your wallet may not call ${actions.join(" or ")} on this token (not an agent, the owner or a holder of the role for it).`);
  }
  return { session, permissions };
}

/**
 * The session of an agent (`isAgent`) of a token the platform knows (indexed), read from the chain now. Prefer
 * {@link requireAssetAction}, which also admits the AccessManager role holders the contract accepts.
 * @throws ApiError UNAUTHENTICATED; FORBIDDEN when the wallet is not an agent or the token is not known
 */
export async function requireTokenAgent(req: Request, token: Address): Promise<Session> {
  const session = await requireSession(req);
  const p = await getAssetPermissions(session.address, token, []);
  if (!p.known || !p.agent) throw new ApiError(ErrorCode.FORBIDDEN, "Only an agent of this token can do this.");
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
 * manager (ADMIN, SUPPLY, FREEZER, TRANSFER_MANAGER, …), all read from the chain now. A token the platform does not
 * know (not indexed) grants no role, so only officers pass for it.
 * @throws ApiError UNAUTHENTICATED without a session, FORBIDDEN for anyone else, CHAIN_UNAVAILABLE.
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
