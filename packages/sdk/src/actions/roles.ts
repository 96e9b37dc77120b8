/**
 * Per-asset roles on the OpenZeppelin AccessManager (`grantRole`, `revokeRole`, `hasRole`) and an account's powers on a
 * token (`getAccountRoles`, what the web's session roles read). Role names and ids: `Role` of `@tessera/contracts`.
 * Browser-safe.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  isAddressEqual,
  zeroAddress,
  type Abi,
  type Address,
  type PublicClient,
  type WalletClient,
} from "viem";
import { z } from "zod";
import { accessManagerAbi, Role, tokenAbi, type RoleName } from "@tessera/contracts";
import { addressSchema, parseInput } from "../schemas";
import { simulateAndWrite, type WriteResult } from "../send";

/** Parameters of {@link grantRole}, {@link revokeRole} and {@link hasRole}. */
export type RoleParams = { accessManager: Address; role: RoleName; account: Address };

/** A write to the asset's AccessManager, through the one send path. */
async function managerWrite(walletClient: WalletClient, publicClient: PublicClient, accessManager: Address, functionName: string, args: readonly unknown[]) {
  return simulateAndWrite(walletClient, publicClient, { address: accessManager, abi: accessManagerAbi as Abi, functionName, args });
}

/**
 * Grants `role` on the asset's AccessManager to `account`, without execution delay (the wallet must be its admin: the
 * issuer).
 * @throws TesseraError (AccessManagerUnauthorizedAccount)
 */
export async function grantRole(walletClient: WalletClient, publicClient: PublicClient, params: RoleParams): Promise<WriteResult> {
  return managerWrite(walletClient, publicClient, params.accessManager, "grantRole", [Role[params.role], params.account, 0]);
}

/**
 * Revokes `role` from `account` on the asset's AccessManager.
 * @throws TesseraError (AccessManagerUnauthorizedAccount)
 */
export async function revokeRole(walletClient: WalletClient, publicClient: PublicClient, params: RoleParams): Promise<WriteResult> {
  return managerWrite(walletClient, publicClient, params.accessManager, "revokeRole", [Role[params.role], params.account]);
}

/**
 * Whether `account` holds `role` now.
 */
export async function hasRole(
  publicClient: PublicClient,
  params: RoleParams,
): Promise<boolean> {
  const [member] = (await publicClient.readContract({
    address: params.accessManager,
    abi: accessManagerAbi as Abi,
    functionName: "hasRole",
    args: [Role[params.role], params.account],
  })) as readonly [boolean, number];
  return member;
}

const accountRolesSchema = z.object({ token: addressSchema, account: addressSchema });

/** What {@link getAccountRoles} reads: an account's powers on one token. */
export type AccountRoles = {
  token: Address;
  /** The token's AccessManager (`authority()`), or null for a token without one (or a contract that is not a token). */
  accessManager: Address | null;
  /** ERC-3643 `isAgent(account)`: every agent power (mint, burn, pause, freeze, forced transfer, recovery). */
  agent: boolean;
  /** `owner() == account`: adds and removes agents, sets registry and compliance. */
  owner: boolean;
  /**
   * AccessManager roles the account holds with no execution delay (so it may call their functions now), in role-id
   * order: ADMIN (grants roles; the issuer), SUPPLY, FREEZER, TRANSFER_MANAGER, RECOVERY_AGENT, COMPLIANCE_AGENT,
   * ALLOWLIST_MANAGER, ISSUER (ARCHITECTURE.md "Roles"). Empty when the token has no AccessManager.
   */
  roles: RoleName[];
};

/** True for a read that failed because the contract is missing or does not have the function (not an RPC failure). */
function isContractRefusal(err: unknown): boolean {
  return (
    err instanceof BaseError &&
    Boolean(err.walk((e) => e instanceof ContractFunctionRevertedError || e instanceof ContractFunctionZeroDataError))
  );
}

/** A view whose contract may lack it: null on a revert or missing code; RPC failures are thrown as they are. */
async function optionalRead<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (err) {
    if (isContractRefusal(err)) return null;
    throw err;
  }
}

/**
 * Reads an account's powers on a token now: the token's own `isAgent` and `owner()`, and, when the token is managed by
 * an OpenZeppelin AccessManager (`authority()`, the suite's per-asset manager), every role of `Role` the account holds
 * without execution delay (`hasRole`). A token without an AccessManager, or an address that is not a token, yields
 * `accessManager: null` and no roles (agent/owner as read, false when the views are missing).
 * @param publicClient A client of the token's chain.
 * @param params.token The token. @param params.account The wallet.
 * @returns {@link AccountRoles}
 * @throws TesseraError InvalidInput for a malformed address; viem's error as is when the node cannot be reached (so a
 *   server can answer "chain unavailable").
 */
export async function getAccountRoles(publicClient: PublicClient, params: { token: Address; account: Address }): Promise<AccountRoles> {
  const { token: t, account: a } = parseInput(accountRolesSchema, params);
  const [agent, owner, authority] = await Promise.all([
    optionalRead(() => publicClient.readContract({ address: t, abi: tokenAbi, functionName: "isAgent", args: [a] })),
    optionalRead(() => publicClient.readContract({ address: t, abi: tokenAbi, functionName: "owner" })),
    optionalRead(() => publicClient.readContract({ address: t, abi: tokenAbi, functionName: "authority" })),
  ]);
  const accessManager = typeof authority === "string" && !isAddressEqual(authority, zeroAddress) ? authority : null;
  let roles: RoleName[] = [];
  if (accessManager) {
    const names = Object.keys(Role) as RoleName[];
    const held = await Promise.all(
      names.map((name) =>
        optionalRead(() =>
          publicClient.readContract({ address: accessManager, abi: accessManagerAbi, functionName: "hasRole", args: [Role[name], a] }),
        ),
      ),
    );
    // Held (h[0]) with no execution delay (h[1] === 0): the account may call the role's functions now.
    roles = names.filter((_, i) => held[i]?.[0] === true && held[i]?.[1] === 0);
  }
  return {
    token: t,
    accessManager,
    agent: agent === true,
    owner: typeof owner === "string" && isAddressEqual(owner, a),
    roles,
  };
}
