/**
 * @tessera/sdk/suite: the compliance suite beyond the first slice — deploy an asset with further modules in one
 * transaction, build module configurations, manage AccessManager roles, refresh claim-based verification.
 * Same conventions as the main entry: simulate, then write; every failure becomes a TesseraError with user text.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  encodeFunctionData,
  isAddressEqual,
  parseEventLogs,
  zeroAddress,
  type Abi,
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from "viem";
import {
  accessManagerAbi,
  countryBlockModuleAbi,
  identityMaxBalanceModuleAbi,
  identityRegistryAbi,
  investorLimitsModuleAbi,
  lockUpModuleAbi,
  manualApprovalModuleAbi,
  minHoldingModuleAbi,
  Role,
  supplyCapModuleAbi,
  tokenAbi,
  tokenFactoryAbi,
  transferLimitModuleAbi,
  type Deployments,
  type RoleName,
} from "@tessera/contracts";
import { addressSchema, assetParamsSchema, TesseraError, type AssetParams, simulateAndWrite } from "./index";

/** A transaction and its receipt. */
export type SuiteWriteResult = { hash: Hash; receipt: TransactionReceipt };

/** A module to add at deployment, with its ABI-encoded configuration calls (see the builders below). */
export type ModuleSetup = { module: Address; calls: Hex[] };

type Modules = Deployments["modules"];

function moduleAddress(modules: Modules, key: keyof Modules): Address {
  const a = modules[key];
  if (!a) {
    throw new TesseraError({
      message: `the platform has no ${key} module (deploy it, or redeploy the platform)`,
      errorName: "InvalidInput",
    });
  }
  return a;
}

/** Builders for `deployAssetWithModules`: each returns the module's address and its configuration call. */
export const moduleSetups = {
  /** At most `maxVolume` token base units sent per investor identity per `periodSeconds`. */
  transferLimit: (modules: Modules, periodSeconds: bigint, maxVolume: bigint): ModuleSetup => ({
    module: moduleAddress(modules, "transferLimit"),
    calls: [encodeFunctionData({ abi: transferLimitModuleAbi, functionName: "setTransferLimit", args: [periodSeconds, maxVolume] })],
  }),
  /** Each mint locked for `periodSeconds` (rounded up to UTC midnight), e.g. 365 days for Reg D. */
  lockUp: (modules: Modules, periodSeconds: bigint): ModuleSetup => ({
    module: moduleAddress(modules, "lockUp"),
    calls: [encodeFunctionData({ abi: lockUpModuleAbi, functionName: "setLockUpPeriod", args: [periodSeconds] })],
  }),
  /** Total supply at most `cap` token base units. */
  supplyCap: (modules: Modules, cap: bigint): ModuleSetup => ({
    module: moduleAddress(modules, "supplyCap"),
    calls: [encodeFunctionData({ abi: supplyCapModuleAbi, functionName: "setSupplyCap", args: [cap] })],
  }),
  /** No position below `min` token base units (a sender may still empty its wallet). */
  minHolding: (modules: Modules, min: bigint): ModuleSetup => ({
    module: moduleAddress(modules, "minHolding"),
    calls: [encodeFunctionData({ abi: minHoldingModuleAbi, functionName: "setMinHolding", args: [min] })],
  }),
  /** Recipients in these ISO-3166 numeric countries are refused. */
  countryBlock: (modules: Modules, countries: number[]): ModuleSetup => ({
    module: moduleAddress(modules, "countryBlock"),
    calls: [encodeFunctionData({ abi: countryBlockModuleAbi, functionName: "batchBlockCountries", args: [countries] })],
  }),
  /** At most `max` token base units per investor identity, summed over its wallets. */
  identityMaxBalance: (modules: Modules, max: bigint): ModuleSetup => ({
    module: moduleAddress(modules, "identityMaxBalance"),
    calls: [encodeFunctionData({ abi: identityMaxBalanceModuleAbi, functionName: "setIdentityMaxBalance", args: [max] })],
  }),
  /** T-REX's per-identity pair in one module: max balance per investor and max volume sent per `periodSeconds`. */
  investorLimits: (modules: Modules, maxBalance: bigint, periodSeconds: bigint, maxVolume: bigint): ModuleSetup => ({
    module: moduleAddress(modules, "investorLimits"),
    calls: [
      encodeFunctionData({
        abi: investorLimitsModuleAbi,
        functionName: "setInvestorLimits",
        args: [maxBalance, periodSeconds, maxVolume],
      }),
    ],
  }),
  /** Holder transfers need a transfer manager's approval (maker-checker); `managers` may approve. */
  manualApproval: (modules: Modules, managers: Address[]): ModuleSetup => ({
    module: moduleAddress(modules, "manualApproval"),
    calls: managers.map((m) =>
      encodeFunctionData({ abi: manualApprovalModuleAbi, functionName: "setTransferManager", args: [m, true] }),
    ),
  }),
};

/**
 * Deploys an asset with the `params` rules plus further modules, all configured, in one transaction; the wallet
 * becomes owner and agent of the token, owner of the compliance and admin of the asset's AccessManager.
 * @returns The token, compliance and AccessManager addresses, plus the transaction.
 * @throws TesseraError (e.g. ModuleAlreadyAdded, or a module's configuration error)
 */
export async function deployAssetWithModules(
  walletClient: WalletClient,
  publicClient: PublicClient,
  deployments: Pick<Deployments, "factory">,
  params: AssetParams,
  modules: ModuleSetup[],
): Promise<SuiteWriteResult & { token: Address; compliance: Address; accessManager: Address }> {
  const parsed = assetParamsSchema.safeParse(params);
  if (!parsed.success) throw new TesseraError({ message: parsed.error.issues[0]?.message ?? "invalid asset", errorName: "InvalidInput" });
  const p = parsed.data;
  const r = await simulateAndWrite(walletClient, publicClient, {
    address: deployments.factory,
    abi: tokenFactoryAbi as Abi,
    functionName: "deployAssetWithModules",
    args: [
      {
        name: p.name,
        symbol: p.symbol,
        decimals: p.decimals,
        assetClass: p.assetClass,
        allowedCountries: p.allowedCountries,
        maxHolders: p.maxHolders,
        maxBalance: p.maxBalance,
      },
      modules,
    ],
  });
  const [asset] = parseEventLogs({ abi: tokenFactoryAbi, eventName: "AssetDeployed", logs: r.receipt.logs });
  const [roles] = parseEventLogs({ abi: tokenFactoryAbi, eventName: "AccessManagerDeployed", logs: r.receipt.logs });
  if (!asset || !roles) throw new TesseraError({ message: "the factory did not report the new asset", errorName: "Unknown" });
  return { ...r, token: asset.args.token, compliance: asset.args.compliance, accessManager: roles.args.accessManager };
}

/**
 * Grants `role` on the asset's AccessManager to `account` (the wallet must be its admin: the issuer).
 * @throws TesseraError
 */
export async function grantRole(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { accessManager: Address; role: RoleName; account: Address },
): Promise<SuiteWriteResult> {
  return simulateAndWrite(walletClient, publicClient, {
    address: params.accessManager,
    abi: accessManagerAbi as Abi,
    functionName: "grantRole",
    args: [Role[params.role], params.account, 0],
  });
}

/**
 * Revokes `role` from `account` on the asset's AccessManager.
 * @throws TesseraError
 */
export async function revokeRole(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { accessManager: Address; role: RoleName; account: Address },
): Promise<SuiteWriteResult> {
  return simulateAndWrite(walletClient, publicClient, {
    address: params.accessManager,
    abi: accessManagerAbi as Abi,
    functionName: "revokeRole",
    args: [Role[params.role], params.account],
  });
}

/**
 * Whether `account` holds `role` now.
 */
export async function hasRole(
  publicClient: PublicClient,
  params: { accessManager: Address; role: RoleName; account: Address },
): Promise<boolean> {
  const [member] = (await publicClient.readContract({
    address: params.accessManager,
    abi: accessManagerAbi as Abi,
    functionName: "hasRole",
    args: [Role[params.role], params.account],
  })) as readonly [boolean, number];
  return member;
}

/**
 * Recomputes `wallet`'s KYC expiry from its ONCHAINID claims (anyone may call it; see ARCHITECTURE.md).
 * @returns The transaction; the new expiry is in the registry's KycUpdated event.
 * @throws TesseraError (WalletNotRegistered, NoClaimTopics)
 */
export async function refreshVerification(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { identityRegistry: Address; wallet: Address },
): Promise<SuiteWriteResult> {
  return simulateAndWrite(walletClient, publicClient, {
    address: params.identityRegistry,
    abi: identityRegistryAbi as Abi,
    functionName: "refreshVerification",
    args: [params.wallet],
  });
}

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
  const token = addressSchema.safeParse(params.token);
  const account = addressSchema.safeParse(params.account);
  if (!token.success || !account.success) throw new TesseraError({ message: "not a valid address", errorName: "InvalidInput" });
  const t = token.data;
  const a = account.data;
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
    roles = names.filter((_, i) => {
      const h = held[i];
      return h !== null && h !== undefined && h[0] && h[1] === 0;
    });
  }
  return {
    token: t,
    accessManager,
    agent: agent === true,
    owner: typeof owner === "string" && isAddressEqual(owner, a),
    roles,
  };
}
