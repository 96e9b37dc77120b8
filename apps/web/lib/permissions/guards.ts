import type { Address } from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import type { Session } from "../auth/session";
import { canFreeze, getAssetPermissions, type AssetAction, type AssetPermissions } from "./actions";
import { getTokenRoles, isComplianceOfficer } from "./roles";

/**
 * Guards: each takes the signed-in wallet's session (already read from the signed cookie by the route wrapper,
 * lib/api/with-session) and throws the ApiError the route answers when the wallet may not go on. Token roles come
 * from the index at the chain head (lib/permissions/roles); what a wallet may call on an asset is the contract's own
 * answer, read now (lib/permissions/actions); compliance officers are registry agents read from the chain. Only
 * assets the platform knows (indexed, deployed by the configured factory) grant anything.
 */

/**
 * A wallet the contracts let perform `action` on `token` now — any one of `action` when a list is given (e.g. pause
 * for an agent or an ISSUER role holder; mint for an agent or a SUPPLY holder): see `getAssetPermissions` (token
 * agent / owner, or AccessManager `canCall`).
 * @returns the wallet's permissions on the asset
 * @throws ApiError NOT_FOUND for an asset the platform does not know; FORBIDDEN when the contract would refuse the
 *   wallet; CHAIN_UNAVAILABLE when the node cannot answer
 */
export async function requireAssetAction(session: Session, token: Address, action: AssetAction | readonly AssetAction[]): Promise<AssetPermissions> {
  const actions = typeof action === "string" ? [action] : action;
  const permissions = await getAssetPermissions(session.address, token, actions);
  if (!permissions.known) throw new ApiError(ErrorCode.NOT_FOUND, `No asset ${token.toLowerCase()} deployed by this platform's factory is indexed.`);
  if (!actions.some((a) => permissions.can[a])) {
    throw new ApiError(ErrorCode.FORBIDDEN, `Your wallet may not call ${actions.join(" or ")} on this token (not an agent, the owner or a holder of the role for it).`);
  }
  return permissions;
}

/**
 * An agent (`isAgent`) of a token the platform knows. Prefer {@link requireAssetAction}, which also admits the
 * AccessManager role holders the contract accepts.
 * @throws ApiError FORBIDDEN when the wallet is not an agent or the token is not known
 */
export async function requireTokenAgent(session: Session, token: Address): Promise<Session> {
  const p = await getAssetPermissions(session.address, token, []);
  if (!p.known || !p.agent) throw new ApiError(ErrorCode.FORBIDDEN, "Only an agent of this token can do this.");
  return session;
}

/**
 * A compliance officer (an agent of the identity registry).
 * @throws ApiError FORBIDDEN when the signed-in wallet is not a registry agent
 */
export async function requireComplianceOfficer(session: Session): Promise<Session> {
  if (!(await isComplianceOfficer(session.address))) {
    throw new ApiError(ErrorCode.FORBIDDEN, "Only a compliance officer (an agent of the identity registry) can do this.");
  }
  return session;
}

/** True when the wallet holds any role on `token`: agent, owner or an AccessManager role of the asset's manager. */
async function holdsTokenRole(wallet: Address, token: Address): Promise<boolean> {
  const roles = await getTokenRoles(wallet, token);
  return roles.agent || roles.owner || roles.roles.length > 0;
}

/**
 * A wallet that may read `token`'s holders (cap table, ownership, dashboard): a compliance officer, or a wallet
 * holding a role on that token: agent (`isAgent`), owner (`owner()`) or any AccessManager role of the asset's manager
 * (ADMIN, SUPPLY, FREEZER, TRANSFER_MANAGER, …). A token the platform does not know grants no role, so only officers
 * pass for it.
 * @throws ApiError FORBIDDEN for anyone else, CHAIN_UNAVAILABLE
 */
export async function requireTokenReader(session: Session, token: Address): Promise<Session> {
  const [officer, role] = await Promise.all([isComplianceOfficer(session.address), holdsTokenRole(session.address, token)]);
  if (officer || role) return session;
  throw new ApiError(ErrorCode.FORBIDDEN, "Only the token's agents, owner or role holders, or a compliance officer, can read its holders.");
}

/**
 * A wallet that may read `wallet`'s holdings: that wallet itself, or a compliance officer.
 * @throws ApiError FORBIDDEN for another wallet
 */
export async function requireWalletReader(session: Session, wallet: Address): Promise<Session> {
  if (session.address === wallet.toLowerCase()) return session;
  if (await isComplianceOfficer(session.address)) return session;
  throw new ApiError(ErrorCode.FORBIDDEN, "You can only read your own wallet's holdings (or sign in as a compliance officer).");
}

/**
 * Who may read freezes: a compliance officer (every asset), or a token agent / FREEZER of `token` (with `token=`).
 * @throws ApiError FORBIDDEN
 */
export async function requireFreezeReader(session: Session, token: Address | undefined): Promise<Session> {
  if (await isComplianceOfficer(session.address)) return session;
  if (token && (await canFreeze(session.address, token))) return session;
  throw new ApiError(
    ErrorCode.FORBIDDEN,
    token ? "Only a compliance officer or an agent (freezer) of this token can read its freezes." : "Only a compliance officer can read the freezes of every asset.",
  );
}

/**
 * Who may read the audit log: a compliance officer reads every entry; an agent, the owner or an AccessManager role
 * holder of a token the platform knows reads that token's entries (with the `token` filter).
 * @throws ApiError FORBIDDEN
 */
export async function requireAuditReader(session: Session, token: Address | undefined): Promise<Session> {
  if (await isComplianceOfficer(session.address)) return session;
  if (token && (await holdsTokenRole(session.address, token))) return session;
  throw new ApiError(
    ErrorCode.FORBIDDEN,
    token ? "Only a compliance officer, or an agent, the owner or a role holder of this token, can read its audit log." : "Only a compliance officer can read the whole audit log.",
  );
}

/**
 * A compliance officer, or the wallet `owner` itself (an applicant reading its own application's files).
 * @throws ApiError FORBIDDEN
 */
export async function requireOfficerOrSelf(session: Session, owner: string | null | undefined, message: string): Promise<Session> {
  if (owner && owner.toLowerCase() === session.address) return session;
  if (await isComplianceOfficer(session.address)) return session;
  throw new ApiError(ErrorCode.FORBIDDEN, message);
}

/**
 * A wallet that may state an asset's NAV: the issuer (the token's owner, or a holder of the AccessManager role that
 * may call `setDocument`: ISSUER) or an agent of the token, read from the chain now.
 * @returns the wallet's permissions on the asset (the audit entry names the role from them)
 * @throws ApiError NOT_FOUND (an asset the platform does not know), FORBIDDEN
 */
export async function requireNavSetter(session: Session, token: Address): Promise<AssetPermissions> {
  const roles = await getAssetPermissions(session.address, token, ["setDocument"]);
  if (!roles.known) throw new ApiError(ErrorCode.NOT_FOUND, `No indexed asset ${token}.`);
  if (!roles.agent && !roles.can.setDocument) {
    throw new ApiError(ErrorCode.FORBIDDEN, "Only the issuer (owner or ISSUER role) or an agent of this token can set its NAV.");
  }
  return roles;
}
