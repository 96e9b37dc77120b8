import { identityRegistryAbi } from "@tessera/contracts";
import { getAccountRoles } from "@tessera/sdk/suite";
import { isAddressEqual, type Address, type PublicClient } from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import { getPublicClient } from "../chain/public-client";
import { readRuntimeConfig } from "../config/read-deployments";
import { managesTransferApprovals } from "../compliance/approvals";
import type { RolesDto, TokenRolesDto } from "../shared/api-types";

/** Reads a contract view; a failing RPC becomes CHAIN_UNAVAILABLE (a missing contract or reverting view: null). */
async function read<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (err) {
    const e = err as { name?: string; details?: string; message?: string };
    if (e?.name === "HttpRequestError" || /ECONNREFUSED|fetch failed/.test(String(e?.details ?? e?.message ?? ""))) {
      throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable.");
    }
    return null;
  }
}

/**
 * The roles `wallet` holds on one token, read from the chain now (`getAccountRoles` of @tessera/sdk/suite): agent
 * (`isAgent`), owner (`owner()`) and, for a token managed by an AccessManager (the suite's per-asset `authority()`),
 * the AccessManager roles it holds without delay (ADMIN, SUPPLY, FREEZER, TRANSFER_MANAGER, RECOVERY_AGENT,
 * COMPLIANCE_AGENT, ALLOWLIST_MANAGER, ISSUER); a token without one yields `roles: []` (agent/owner only).
 * An address that is not a Tessera token yields no roles.
 * @throws ApiError CHAIN_UNAVAILABLE when the node cannot be reached.
 */
export async function getTokenRoles(wallet: Address, token: Address): Promise<TokenRolesDto> {
  const client = getPublicClient() as unknown as PublicClient;
  const r = await read(() => getAccountRoles(client, { token, account: wallet }));
  return {
    token: token.toLowerCase() as `0x${string}`,
    agent: r?.agent === true,
    owner: r?.owner === true,
    roles: r?.roles ?? [],
  };
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
 * owner/agent/AccessManager roles on each token in `tokens` (those where it holds none are left out), and whether it is
 * a ManualApprovalModule transfer manager of some asset.
 */
export async function getRoles(wallet: Address, tokens: readonly Address[] = []): Promise<RolesDto> {
  const { deployments } = await readRuntimeConfig();
  const client = getPublicClient();
  const registry = deployments?.identityRegistry;
  const [complianceOfficer, registryOwner, tokenRoles, approvalManager] = await Promise.all([
    isComplianceOfficer(wallet),
    registry
      ? read(() => client.readContract({ address: registry, abi: identityRegistryAbi, functionName: "owner" }))
      : Promise.resolve(null),
    Promise.all([...new Set(tokens.map((t) => t.toLowerCase() as Address))].map((t) => getTokenRoles(wallet, t))),
    read(() => managesTransferApprovals(wallet)),
  ]);
  return {
    complianceOfficer,
    registryOwner: typeof registryOwner === "string" && isAddressEqual(registryOwner, wallet),
    tokens: tokenRoles.filter((t) => t.agent || t.owner || t.roles.length > 0),
    ...(approvalManager === true ? { approvalManager: true as const } : {}),
  };
}
