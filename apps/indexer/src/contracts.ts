// The contracts the indexer follows, declared once (Ponder's `createConfig({ contracts })` shape, our own code).
// The fetch path (sync/historical.ts: which addresses to ask eth_getLogs for), the follow path (follow.ts: which
// addresses a window discovers) and the write path (store/: which handler gets an event, and for which asset) all
// read this one object. Adding a contract = one entry here + its handlers in src/handlers/ (ARCHITECTURE.md, Indexer).
import {
  accessManagerAbi,
  assetBridgeAbi,
  bondAbi,
  countryAllowModuleAbi,
  countryBlockModuleAbi,
  type Deployments,
  distributorAbi,
  dvpAbi,
  identityMaxBalanceModuleAbi,
  identityRegistryAbi,
  investorLimitsModuleAbi,
  lockUpModuleAbi,
  manualApprovalModuleAbi,
  maxBalanceModuleAbi,
  maxHoldersModuleAbi,
  minHoldingModuleAbi,
  modularComplianceAbi,
  supplyCapModuleAbi,
  tesseraVaultAbi,
  tokenAbi,
  tokenFactoryAbi,
  transferLimitModuleAbi,
  vaultFactoryAbi,
} from "@tessera/contracts";
import type { Abi, ContractEventName, GetEventArgs } from "viem";

/** A fixed address read from the deployments file (undefined: absent in an older file, not followed). */
export interface FixedAddress {
  kind: "fixed";
  from: (d: Deployments) => string | undefined;
}

/**
 * Factory discovery: the child's address is argument `parameter` of `contract`'s event `event`, and the child belongs
 * to the asset (token) in argument `asset`, or, with `asset: "emitter"`, to the emitting token itself. A later source
 * replaces an asset's earlier child (a token's new compliance or AccessManager is followed instead of the old one).
 */
export interface FactorySource {
  contract: string;
  event: string;
  parameter: string;
  asset: string;
}

export interface FactoryAddress {
  kind: "factory";
  sources: readonly FactorySource[];
  /** The `Asset` column that keeps the discovered address (how a restarted indexer knows what it followed). */
  column: "token" | "compliance" | "accessManager" | "vault" | "bridge";
}

/** One followed contract: its generated ABI (`as const`), where its addresses come from, which asset an event is for. */
export interface ContractDeclaration {
  abi: Abi;
  address: FixedAddress | FactoryAddress;
  /**
   * Events of shared singletons that concern one asset: argument `arg` names a followed contract of kind `of`
   * (a module event's `compliance`); events for any other address are not indexed (the module logs of compliances
   * the indexer does not follow). Factory children need none: their asset is the one that discovered them.
   */
  filter?: { arg: string; of: string };
  /**
   * Its events' rows record the transaction's sender (`from`): the blocks holding its events are fetched with their
   * transactions (sync/historical.ts), the sender reaches handlers as `context.sender(txHash)`.
   */
  senders?: true;
}

/** A fixed address of the deployments file. */
const deployment = (from: (d: Deployments) => string | undefined): FixedAddress => ({ kind: "fixed", from });
/** Addresses discovered from events (see {@link FactorySource}). */
const factory = (column: FactoryAddress["column"], ...sources: FactorySource[]): FactoryAddress => ({ kind: "factory", sources, column });
/** Module singletons: state keyed by compliance, so only their events for a followed compliance are indexed. */
const forFollowedCompliance = { arg: "compliance", of: "ModularCompliance" } as const;

/**
 * Every contract the indexer follows. Keys are the contract names of handler keys (`"Token:Transfer"`); the ABIs are
 * the generated ones of @tessera/contracts, so event names and argument types of handlers are checked by tsc.
 */
export const contracts = {
  IdentityRegistry: { abi: identityRegistryAbi, address: deployment((d) => d.identityRegistry) },
  TokenFactory: { abi: tokenFactoryAbi, address: deployment((d) => d.factory) },
  Token: {
    abi: tokenAbi,
    address: factory("token", { contract: "TokenFactory", event: "AssetDeployed", parameter: "token", asset: "token" }),
  },
  ModularCompliance: {
    abi: modularComplianceAbi,
    address: factory(
      "compliance",
      { contract: "TokenFactory", event: "AssetDeployed", parameter: "compliance", asset: "token" },
      { contract: "Token", event: "ComplianceAdded", parameter: "compliance", asset: "emitter" },
    ),
  },
  AccessManager: {
    abi: accessManagerAbi,
    address: factory(
      "accessManager",
      { contract: "TokenFactory", event: "AccessManagerDeployed", parameter: "accessManager", asset: "token" },
      { contract: "Token", event: "AuthorityUpdated", parameter: "authority", asset: "emitter" },
    ),
  },
  CountryAllowModule: { abi: countryAllowModuleAbi, address: deployment((d) => d.modules.countryAllow), filter: forFollowedCompliance },
  MaxHoldersModule: { abi: maxHoldersModuleAbi, address: deployment((d) => d.modules.maxHolders), filter: forFollowedCompliance },
  MaxBalanceModule: { abi: maxBalanceModuleAbi, address: deployment((d) => d.modules.maxBalance), filter: forFollowedCompliance },
  TransferLimitModule: { abi: transferLimitModuleAbi, address: deployment((d) => d.modules.transferLimit), filter: forFollowedCompliance },
  IdentityMaxBalanceModule: {
    abi: identityMaxBalanceModuleAbi, address: deployment((d) => d.modules.identityMaxBalance), filter: forFollowedCompliance,
  },
  CountryBlockModule: { abi: countryBlockModuleAbi, address: deployment((d) => d.modules.countryBlock), filter: forFollowedCompliance },
  SupplyCapModule: { abi: supplyCapModuleAbi, address: deployment((d) => d.modules.supplyCap), filter: forFollowedCompliance },
  MinHoldingModule: { abi: minHoldingModuleAbi, address: deployment((d) => d.modules.minHolding), filter: forFollowedCompliance },
  LockUpModule: { abi: lockUpModuleAbi, address: deployment((d) => d.modules.lockUp), filter: forFollowedCompliance },
  ManualApprovalModule: { abi: manualApprovalModuleAbi, address: deployment((d) => d.modules.manualApproval), filter: forFollowedCompliance },
  InvestorLimitsModule: { abi: investorLimitsModuleAbi, address: deployment((d) => d.modules.investorLimits), filter: forFollowedCompliance },
  // The money leg (handlers/money-leg.ts): each asset's vault, discovered from the VaultFactory, and the platform's
  // Distributor, DvP and Bond singletons (every asset they serve is a platform token: they refuse others).
  VaultFactory: { abi: vaultFactoryAbi, address: deployment((d) => d.vaultFactory), senders: true },
  TesseraVault: {
    abi: tesseraVaultAbi,
    address: factory("vault", { contract: "VaultFactory", event: "VaultDeployed", parameter: "vault", asset: "token" }),
    senders: true,
  },
  Distributor: { abi: distributorAbi, address: deployment((d) => d.distributor), senders: true },
  DvP: { abi: dvpAbi, address: deployment((d) => d.dvp), senders: true },
  Bond: { abi: bondAbi, address: deployment((d) => d.bond), senders: true },
  // Cross-chain (handlers/crosschain.ts): the AssetBridge a platform token trusts (its BridgeSet), so only bridges set
  // by tokens the factory deployed are followed; their links and transfers make the cross-chain index.
  AssetBridge: {
    abi: assetBridgeAbi,
    address: factory("bridge", { contract: "Token", event: "BridgeSet", parameter: "bridge", asset: "emitter" }),
  },
} as const satisfies Record<string, ContractDeclaration>;

/** The name of a followed contract, e.g. `"Token"`. */
export type ContractName = keyof typeof contracts;
/** Event names of a contract's ABI, e.g. `EventName<"Token">` includes `"Transfer"`. */
export type EventName<C extends ContractName> = ContractEventName<(typeof contracts)[C]["abi"]>;
/** Decoded arguments of an event, typed from the generated ABI (addresses lower-case, uint ≤ 48 bits as number). */
export type EventArgs<C extends ContractName, E extends EventName<C>> = GetEventArgs<
  (typeof contracts)[C]["abi"],
  E,
  { EnableUnion: false; IndexedOnly: false; Required: true }
>;
/** A handler key, `"Contract:EventName"`, for every event of every declared contract. */
export type EventKey = { [C in ContractName]: `${C}:${EventName<C>}` }[ContractName];
/** Contracts whose events concern one asset (factory children and filtered singletons). */
export type AssetContract = {
  [C in ContractName]: (typeof contracts)[C] extends { address: { kind: "factory" } } | { filter: object } ? C : never;
}[ContractName];

/** A decoded event of contract `C`. */
export interface IndexedEvent<C extends ContractName = ContractName, E extends EventName<C> = EventName<C>> {
  contract: C;
  name: E;
  /** Emitting contract, lower-case. */
  address: string;
  args: EventArgs<C, E>;
  blockNumber: bigint;
  logIndex: number;
  /** Lower-case. */
  txHash: string;
}

/** Any decoded event of any declared contract, discriminated by `contract` and `name`. */
export type DecodedEvent = { [C in ContractName]: { [E in EventName<C>]: IndexedEvent<C, E> }[EventName<C>] }[ContractName];

export const contractNames = Object.keys(contracts) as ContractName[];

/** Declarations of a contract, widened (for code that walks every contract). */
export const declarationOf = (name: ContractName): ContractDeclaration => contracts[name];

/** Contracts whose rows record their transactions' senders ({@link ContractDeclaration.senders}). */
export const senderContracts: ReadonlySet<ContractName> = new Set(contractNames.filter((name) => declarationOf(name).senders));

/** Names of the events of a contract's ABI. */
export function eventNames<C extends ContractName>(name: C): EventName<C>[] {
  return contracts[name].abi.filter((item) => item.type === "event").map((item) => (item as { name: string }).name) as EventName<C>[];
}

/** Addresses of the deployments file, lower-case, by contract (contracts with a fixed address only). */
export function fixedAddresses(deployments: Deployments): Map<string, ContractName> {
  const out = new Map<string, ContractName>();
  for (const name of contractNames) {
    const address = declarationOf(name).address;
    if (address.kind !== "fixed") continue;
    const a = address.from(deployments);
    if (a) out.set(a.toLowerCase(), name);
  }
  return out;
}

/** Per contract, per event name: the children it discovers (the lookup on the hot path, without building a key). */
export const discoveriesByEvent: ReadonlyMap<string, ReadonlyMap<string, { child: ContractName; source: FactorySource }[]>> = new Map();

/** Every factory source `contract:event` → the children it discovers (for follow.ts and the windows' `discovers`). */
export const discoverySources: ReadonlyMap<string, { child: ContractName; source: FactorySource }[]> = (() => {
  const out = new Map<string, { child: ContractName; source: FactorySource }[]>();
  for (const child of contractNames) {
    const address = declarationOf(child).address;
    if (address.kind !== "factory") continue;
    for (const source of address.sources) {
      const key = `${source.contract}:${source.event}`;
      // A declaration naming an event or argument its ABI lacks fails at start, not silently.
      const parent = (contracts as Record<string, ContractDeclaration>)[source.contract];
      const event = parent?.abi.find((i) => i.type === "event" && i.name === source.event) as { inputs: { name?: string }[] } | undefined;
      const declares = (arg: string) => event?.inputs.some((i) => i.name === arg) ?? false;
      if (!declares(source.parameter) || (source.asset !== "emitter" && !declares(source.asset))) {
        throw new Error(`contracts.ts: ${child} is discovered by ${key}.${source.parameter}, which its ABI does not declare`);
      }
      out.set(key, [...(out.get(key) ?? []), { child, source }]);
      const byEvent = discoveriesByEvent as Map<string, Map<string, { child: ContractName; source: FactorySource }[]>>;
      if (!byEvent.has(source.contract)) byEvent.set(source.contract, new Map());
      byEvent.get(source.contract)!.set(source.event, out.get(key)!);
    }
  }
  return out;
})();
