import {
  accessManagerAbi,
  countryAllowModuleAbi,
  countryBlockModuleAbi,
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
  tokenAbi,
  tokenFactoryAbi,
  transferLimitModuleAbi,
} from "@tessera/contracts";
import { decodeEventLog, toEventSelector, type Abi, type Hex, type Log } from "viem";

/** A raw log as returned by eth_getLogs (non-pending). */
export type RawLog = Pick<Log, "address" | "topics" | "data" | "logIndex" | "transactionHash" | "blockNumber" | "blockHash">;

/** A log exactly as the JSON-RPC method eth_getLogs returns it (quantities as hex strings). */
export interface RpcLog {
  address: string;
  topics: `0x${string}`[];
  data: `0x${string}`;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  transactionIndex?: string;
  logIndex: string;
  removed?: boolean;
}

/** Converts an eth_getLogs entry to a {@link RawLog} (block number as bigint, log index as number). */
export function toRawLog(l: RpcLog): RawLog {
  return {
    address: l.address as `0x${string}`,
    topics: l.topics as RawLog["topics"],
    data: l.data,
    logIndex: Number(l.logIndex),
    transactionHash: l.transactionHash as `0x${string}`,
    blockNumber: BigInt(l.blockNumber),
    blockHash: l.blockHash as `0x${string}`,
  };
}

/**
 * Which Tessera contract emitted a log, which decides the ABI it is decoded with. `module`: any other compliance
 * module singleton of the deployments file (their events, every one keyed by `compliance`, share one merged ABI);
 * `accessManager`: an asset's OpenZeppelin AccessManager.
 */
export type Source =
  | "token"
  | "identityRegistry"
  | "factory"
  | "compliance"
  | "countryAllow"
  | "maxHolders"
  | "maxBalance"
  | "module"
  | "accessManager";

/** Sources whose events are compliance configuration (recorded as ComplianceEvent rows). */
export const MODULE_SOURCES: ReadonlySet<Source> = new Set(["countryAllow", "maxHolders", "maxBalance", "module"]);

/** The events of every other module, once each (by signature). */
const otherModuleEvents = (() => {
  const seen = new Map<string, Abi[number]>();
  for (const abi of [transferLimitModuleAbi, identityMaxBalanceModuleAbi, countryBlockModuleAbi, supplyCapModuleAbi,
    minHoldingModuleAbi, lockUpModuleAbi, manualApprovalModuleAbi, investorLimitsModuleAbi] as Abi[]) {
    for (const item of abi) {
      if (item.type !== "event") continue;
      seen.set(`${item.name}(${item.inputs.map((i) => i.type).join(",")})`, item);
    }
  }
  return [...seen.values()] as Abi;
})();

const ABIS: Record<Source, Abi> = {
  token: tokenAbi as Abi,
  identityRegistry: identityRegistryAbi as Abi,
  factory: tokenFactoryAbi as Abi,
  compliance: modularComplianceAbi as Abi,
  countryAllow: countryAllowModuleAbi as Abi,
  maxHolders: maxHoldersModuleAbi as Abi,
  maxBalance: maxBalanceModuleAbi as Abi,
  module: otherModuleEvents,
  accessManager: accessManagerAbi as Abi,
};

/** topic0 of ERC-20 `Transfer(address,address,uint256)`: decoded by hand on the hot path. */
export const TRANSFER_TOPIC = toEventSelector("Transfer(address,address,uint256)");
/** topic0 of the factory's `AssetDeployed` event. */
export const ASSET_DEPLOYED_TOPIC = toEventSelector(
  "AssetDeployed(address,address,address,address,string,string,uint8,uint8)",
);

/** topic0 of the factory's `AccessManagerDeployed(address,address)` event (emitted right after AssetDeployed). */
export const ACCESS_MANAGER_DEPLOYED_TOPIC = toEventSelector("AccessManagerDeployed(address,address)");

/** A decoded event: its name and arguments, addresses lower-cased. */
export interface DecodedEvent {
  source: Source;
  /** Emitting contract, lower-case. */
  address: string;
  name: string;
  args: Record<string, unknown>;
  blockNumber: bigint;
  logIndex: number;
  txHash: string;
}

const lowerAddresses = (value: unknown): unknown => {
  if (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value)) return value.toLowerCase();
  if (Array.isArray(value)) return value.map(lowerAddresses);
  return value;
};

/** Lower-case hex (JSON-RPC nodes send lower case already: then no copy is made). */
const lower = (hex: string): string => (/[A-F]/.test(hex) ? hex.toLowerCase() : hex);

/** `0x` + the low 20 bytes of a 32-byte topic, lower-case. */
const topicAddress = (topic: Hex): string => lower("0x" + topic.slice(26));

/**
 * Decodes one log of a known Tessera contract. ERC-20 `Transfer` is decoded directly (no checksumming: about
 * 20x faster than viem's generic decoder); everything else through viem with the contract's generated ABI.
 * @returns undefined for events the ABI does not know (nothing to index).
 */
export function decodeLog(source: Source, log: RawLog): DecodedEvent | undefined {
  const topics = log.topics;
  if (source === "token" && topics[0] === TRANSFER_TOPIC && topics.length === 3 && log.data.length === 66) {
    // Hot path (hand-written, no EIP-55 checksumming, one object literal of a fixed shape): ≈ 20x viem's decoder.
    return {
      source,
      address: lower(log.address),
      name: "Transfer",
      args: { from: topicAddress(topics[1]!), to: topicAddress(topics[2]!), value: BigInt(log.data) },
      blockNumber: log.blockNumber as bigint,
      logIndex: Number(log.logIndex),
      txHash: lower(log.transactionHash as string),
    };
  }
  try {
    const decoded = decodeEventLog({ abi: ABIS[source], data: log.data, topics: topics as [Hex, ...Hex[]], strict: true });
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((decoded.args ?? {}) as Record<string, unknown>)) args[k] = lowerAddresses(v);
    return {
      source,
      address: lower(log.address),
      name: String(decoded.eventName),
      args,
      blockNumber: log.blockNumber as bigint,
      logIndex: Number(log.logIndex),
      txHash: lower(log.transactionHash as string),
    };
  } catch {
    return undefined;
  }
}
