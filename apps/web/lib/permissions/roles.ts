import { accessManagerAbi, identityRegistryAbi, Role, tokenAbi, type RoleName } from "@tessera/contracts";
import { getAddress, isAddressEqual, zeroAddress, type Address, type PublicClient } from "viem";
import { getPublicClient } from "../chain/public-client";
import { chainRead as read } from "../chain/read";
import { readRuntimeConfig } from "../config/read-deployments";
import { managesTransferApprovals } from "./transfer-managers";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import type { RolesDto, TokenRolesDto } from "../shared/api-types";

const noRoles = (token: Address): TokenRolesDto => ({ token: token.toLowerCase() as `0x${string}`, agent: false, owner: false, roles: [] });

/** The subset of `tokens` (lower case) that the platform knows: indexed `Asset` rows of the configured chain. */
async function knownTokens(tokens: readonly Address[]): Promise<Set<string>> {
  if (tokens.length === 0) return new Set();
  const { chainId } = getServerConfig();
  const rows = await getPrisma().asset.findMany({ where: { chainId, address: { in: tokens.map((t) => t.toLowerCase()) } }, select: { address: true } });
  return new Set(rows.map((r) => r.address));
}

/**
 * Agent, owner and the AccessManager roles held without delay (on the token's current `authority()`), each read
 * with {@link read}: a contract refusal counts as "no", a failing node is CHAIN_UNAVAILABLE (never "no role").
 */
async function chainTokenRoles(wallet: Address, token: Address): Promise<TokenRolesDto> {
  const client = getPublicClient() as unknown as PublicClient;
  const t = getAddress(token);
  const w = getAddress(wallet);
  const [agent, owner, authority] = await Promise.all([
    read(() => client.readContract({ address: t, abi: tokenAbi, functionName: "isAgent", args: [w] })),
    read(() => client.readContract({ address: t, abi: tokenAbi, functionName: "owner" })),
    read(() => client.readContract({ address: t, abi: tokenAbi, functionName: "authority" })),
  ]);
  let roles: RoleName[] = [];
  if (typeof authority === "string" && !isAddressEqual(authority, zeroAddress)) {
    const names = Object.keys(Role) as RoleName[];
    const held = await Promise.all(
      names.map((name) => read(() => client.readContract({ address: authority, abi: accessManagerAbi, functionName: "hasRole", args: [Role[name], w] }))),
    );
    roles = names.filter((_, i) => {
      const h = held[i] as readonly [boolean, number] | null;
      return h?.[0] === true && Number(h[1]) === 0;
    });
  }
  return {
    token: token.toLowerCase() as `0x${string}`,
    agent: agent === true,
    owner: typeof owner === "string" && isAddressEqual(owner, w),
    roles,
  };
}

/**
 * The roles `wallet` holds on one token, read from the chain now (as `getAccountRoles` of @tessera/sdk/suite, but a
 * failing node is an error here, not "no role"): agent
 * (`isAgent`), owner (`owner()`) and, for a token managed by an AccessManager (the suite's per-asset `authority()`),
 * the AccessManager roles it holds without delay (ADMIN, SUPPLY, FREEZER, TRANSFER_MANAGER, RECOVERY_AGENT,
 * COMPLIANCE_AGENT, ALLOWLIST_MANAGER, ISSUER); a token without one yields `roles: []` (agent/owner only).
 * Only assets the platform knows grant roles: a token that is not indexed (not deployed by the configured factory)
 * yields no roles whatever it answers. What each role may do exactly: `getAssetPermissions` (lib/permissions/actions).
 * @throws ApiError CHAIN_UNAVAILABLE when the node cannot answer; database errors as they are.
 */
export async function getTokenRoles(wallet: Address, token: Address): Promise<TokenRolesDto> {
  if (!(await knownTokens([token])).has(token.toLowerCase())) return noRoles(token);
  return chainTokenRoles(wallet, token);
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

/**
 * Every role of `wallet`, read from the chain: compliance officer (identity-registry agent), registry owner,
 * owner/agent/AccessManager roles on each known (indexed) token in `tokens` (those where it holds none, and tokens the
 * platform does not know, are left out), and whether it is
 * a ManualApprovalModule transfer manager of some asset.
 */
export async function getRoles(wallet: Address, tokens: readonly Address[] = []): Promise<RolesDto> {
  const { deployments } = await readRuntimeConfig();
  const client = getPublicClient();
  const registry = deployments?.identityRegistry;
  const unique = [...new Set(tokens.map((t) => t.toLowerCase() as Address))];
  const [complianceOfficer, registryOwner, tokenRoles, approvalManager] = await Promise.all([
    isComplianceOfficer(wallet),
    registry
      ? read(() => client.readContract({ address: registry, abi: identityRegistryAbi, functionName: "owner" }))
      : Promise.resolve(null),
    knownTokens(unique)
      .catch(() => new Set<string>()) // no database: no asset is known, so no token grants a role
      .then((known) => Promise.all(unique.filter((t) => known.has(t)).map((t) => chainTokenRoles(wallet, t)))),
    managesTransferApprovals(wallet).catch(() => null), // a hint for the menu; the approvals routes check it again
  ]);
  return {
    complianceOfficer,
    registryOwner: typeof registryOwner === "string" && isAddressEqual(registryOwner, wallet),
    tokens: tokenRoles.filter((t) => t.agent || t.owner || t.roles.length > 0),
    ...(approvalManager === true ? { approvalManager: true as const } : {}),
  };
}
