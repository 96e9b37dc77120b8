import { decodeEventLog, toEventSelector, type Hex, type Log } from "viem";
import { contracts, type ContractName, type DecodedEvent } from "./contracts.ts";

export type { DecodedEvent } from "./contracts.ts";
/** @deprecated the contract names of contracts.ts; kept as an alias for older imports. */
export type Source = ContractName;

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

/** topic0 of ERC-20 `Transfer(address,address,uint256)`: decoded by hand on the hot path. */
export const TRANSFER_TOPIC = toEventSelector("Transfer(address,address,uint256)");

const lowerAddresses = (value: unknown): unknown => {
  if (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value)) return value.toLowerCase();
  if (Array.isArray(value)) return value.map(lowerAddresses);
  return value;
};

/** Lower-case hex (JSON-RPC nodes send lower case already: then no copy is made). */
const lower = (hex: string): string => (/[A-F]/.test(hex) ? hex.toLowerCase() : hex);

/** `0x` + the low 20 bytes of a 32-byte topic, lower-case. */
const topicAddress = (topic: Hex): `0x${string}` => lower("0x" + topic.slice(26)) as `0x${string}`;

/**
 * Decodes one log of a declared contract (contracts.ts) with its generated ABI. The Token's ERC-20 `Transfer` is
 * decoded directly (no checksumming: about 20x faster than viem's generic decoder); everything else through viem.
 * Addresses in the arguments are lower-case.
 * @returns undefined for events the ABI does not know (nothing to index).
 */
export function decodeLog(contract: ContractName, log: RawLog): DecodedEvent | undefined {
  const topics = log.topics;
  if (contract === "Token" && topics[0] === TRANSFER_TOPIC && topics.length === 3 && log.data.length === 66) {
    // Hot path (hand-written, no EIP-55 checksumming, one object literal of a fixed shape): ≈ 20x viem's decoder.
    return {
      contract: "Token",
      address: lower(log.address),
      name: "Transfer",
      args: { from: topicAddress(topics[1]!), to: topicAddress(topics[2]!), value: BigInt(log.data) },
      blockNumber: log.blockNumber as bigint,
      logIndex: Number(log.logIndex),
      txHash: lower(log.transactionHash as string),
    };
  }
  try {
    const decoded = decodeEventLog({ abi: contracts[contract].abi, data: log.data, topics: topics as [Hex, ...Hex[]], strict: true });
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((decoded.args ?? {}) as Record<string, unknown>)) args[k] = lowerAddresses(v);
    return {
      contract,
      address: lower(log.address),
      name: decoded.eventName,
      args,
      blockNumber: log.blockNumber as bigint,
      logIndex: Number(log.logIndex),
      txHash: lower(log.transactionHash as string),
    } as DecodedEvent;
  } catch {
    return undefined;
  }
}
