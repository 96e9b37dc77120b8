import { identityRegistryAbi, Role, tokenAbi, type RoleName } from "@tessera/contracts";
import { getAddress, isAddressEqual, type Address } from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import { getPublicClient } from "../chain/public-client";
import { chainRead as read } from "../chain/read";
import { readRuntimeConfig } from "../config/read-deployments";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { indexAtHead, type ChainHead } from "../index/at-head";
import type { RolesDto, TokenRolesDto } from "../shared/api-types";
import { approvesTransfers } from "./transfer-approvers";

/**
 * Roles of a wallet, as the index holds them (the indexer alone writes chain-derived tables): token agents
 * (`AssetAgent`, from AgentAdded/AgentRemoved) and AccessManager role members (`RoleMember`, from RoleGranted/
 * RoleRevoked). Reads wait until the index has reached the chain head seen now (lib/index/at-head), so they answer
 * what the chain answers now. Not indexed, so still read from the chain: the token's `owner()`, the identity
 * registry's agents (compliance officers) and owner.
 */

const ROLE_NAMES = Object.keys(Role) as RoleName[];
const ROLE_BY_ID = new Map<string, RoleName>(ROLE_NAMES.map((name) => [Role[name].toString(), name]));

const noRoles = (token: Address): TokenRolesDto => ({ token: token.toLowerCase() as `0x${string}`, agent: false, owner: false, roles: [] });

/** The subset of `tokens` (lower case) that the platform knows: indexed `Asset` rows of the configured chain. */
async function knownTokens(tokens: readonly Address[]): Promise<Set<string>> {
  if (tokens.length === 0) return new Set();
  const { chainId } = getServerConfig();
  const rows = await getPrisma().asset.findMany({ where: { chainId, token: { in: tokens.map((t) => t.toLowerCase()) } }, select: { token: true } });
  return new Set(rows.map((r) => r.token));
}

/**
 * Agent, owner and the AccessManager roles held without delay of `wallet` on each of `tokens` (known, lower case):
 * agent from `AssetAgent`; roles from `RoleMember` rows of the token's current manager (`Asset.accessManager`, which
 * follows AuthorityUpdated) that are active, with no execution delay and in effect at `at` (`since <= at`: what
 * `hasRole` answers at the head), in role-id order; owner read from the chain (a contract refusal counts as "no").
 * @throws ApiError CHAIN_UNAVAILABLE when the node cannot answer; database errors as they are
 */
async function indexedTokenRoles(wallet: Address, tokens: readonly string[], at: bigint): Promise<TokenRolesDto[]> {
  if (tokens.length === 0) return [];
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const w = wallet.toLowerCase();
  const client = getPublicClient();
  const [assets, agents, members, owners] = await Promise.all([
    prisma.asset.findMany({ where: { chainId, token: { in: [...tokens] } }, select: { token: true, accessManager: true } }),
    prisma.assetAgent.findMany({ where: { chainId, agent: w, active: true, token: { in: [...tokens] } }, select: { token: true } }),
    prisma.roleMember.findMany({
      where: { chainId, account: w, active: true, executionDelay: 0, since: { gt: 0, lte: at }, token: { in: [...tokens] } },
      select: { token: true, accessManager: true, roleId: true },
    }),
    Promise.all(tokens.map((t) => read(() => client.readContract({ address: getAddress(t), abi: tokenAbi, functionName: "owner" })))),
  ]);
  const manager = new Map(assets.map((a) => [a.token, a.accessManager]));
  const agentOf = new Set(agents.map((a) => a.token));
  return tokens.map((token, i) => {
    const held = new Set(
      members.filter((m) => m.token === token && manager.get(token) === m.accessManager).map((m) => ROLE_BY_ID.get(m.roleId.toFixed())),
    );
    const owner = owners[i];
    return {
      token: token as `0x${string}`,
      agent: agentOf.has(token),
      owner: typeof owner === "string" && isAddressEqual(owner, wallet),
      roles: ROLE_NAMES.filter((name) => held.has(name)),
    };
  });
}

/**
 * The roles `wallet` holds on one token now (as `getAccountRoles` of @tessera/sdk/suite answers from the chain, but
 * a failing node is an error here, not "no role"): agent, owner and, for a token managed by an AccessManager (the
 * suite's per-asset `authority()`), the AccessManager roles it holds without delay (ADMIN, SUPPLY, FREEZER,
 * TRANSFER_MANAGER, RECOVERY_AGENT, COMPLIANCE_AGENT, ALLOWLIST_MANAGER, ISSUER); a token without one yields
 * `roles: []` (agent/owner only). Agent and roles come from the index once it has reached the chain head.
 * Only assets the platform knows grant roles: a token that is not indexed (not deployed by the configured factory)
 * yields no roles whatever it answers. What each role may do exactly: `getAssetPermissions` (lib/permissions/actions).
 * @throws ApiError CHAIN_UNAVAILABLE when the node cannot answer; INDEX_BEHIND when the index does not reach the head
 *   in time; database errors as they are.
 */
export async function getTokenRoles(wallet: Address, token: Address): Promise<TokenRolesDto> {
  const lower = token.toLowerCase();
  if (!(await knownTokens([token])).has(lower)) return noRoles(token);
  const head = await indexAtHead();
  const [roles] = await indexedTokenRoles(wallet, [lower], head.timestamp);
  return roles;
}

/** True when `wallet` is an agent of the platform's identity registry (a compliance officer), read from the chain now. */
export async function isComplianceOfficer(wallet: Address): Promise<boolean> {
  const { deployments } = await readRuntimeConfig();
  if (!deployments) return false;
  const client = getPublicClient();
  const agent = await read(() =>
    client.readContract({ address: deployments.identityRegistry, abi: identityRegistryAbi, functionName: "isAgent", args: [wallet] }),
  );
  return agent === true;
}

/** The head once the index reached it; when the index lags past the wait, the head's time is judged by the clock. */
async function headOrNow(): Promise<ChainHead | null> {
  try {
    return await indexAtHead();
  } catch (err) {
    if (err instanceof ApiError && err.code === ErrorCode.INDEX_BEHIND) return null;
    throw err;
  }
}

/**
 * Every role of `wallet`, for the session (a hint for the menus; each route checks its own permission again):
 * compliance officer (identity-registry agent) and registry owner read from the chain; owner/agent/AccessManager
 * roles on each known (indexed) token in `tokens` (those where it holds none, and tokens the platform does not know,
 * are left out) and whether it is a ManualApprovalModule transfer approver of some asset, from the index. The index
 * is read once it has reached the chain head; while it lags further (a backfill), as it stands, so that signing in
 * never waits for a backfill.
 */
export async function getRoles(wallet: Address, tokens: readonly Address[] = []): Promise<RolesDto> {
  const { deployments } = await readRuntimeConfig();
  const client = getPublicClient();
  const registry = deployments?.identityRegistry;
  const unique = [...new Set(tokens.map((t) => t.toLowerCase() as Address))];
  const known = await knownTokens(unique).catch(() => new Set<string>()); // no database: no asset is known, so no token grants a role
  const head = known.size > 0 ? await headOrNow() : null;
  const at = head?.timestamp ?? BigInt(Math.floor(Date.now() / 1000));
  const [complianceOfficer, registryOwner, tokenRoles, transferApprover] = await Promise.all([
    isComplianceOfficer(wallet),
    registry
      ? read(() => client.readContract({ address: registry, abi: identityRegistryAbi, functionName: "owner" }))
      : Promise.resolve(null),
    indexedTokenRoles(wallet, unique.filter((t) => known.has(t)), at),
    // A hint for the menu, read from the index as it stands (never a wait for a lagging index: signing in and
    // reading the session stay fast during a backfill); the approvals routes check it again at the head.
    approvesTransfers(wallet, { atHead: false }).catch(() => null),
  ]);
  return {
    complianceOfficer,
    registryOwner: typeof registryOwner === "string" && isAddressEqual(registryOwner, wallet),
    tokens: tokenRoles.filter((t) => t.agent || t.owner || t.roles.length > 0),
    ...(transferApprover === true ? { transferApprover: true as const } : {}),
  };
}
