// Deterministic synthetic ERC-20 Transfer history for the indexer benchmark: valid balances (no wallet sends more
// than it holds; otherwise the event is a mint), every holder receives at least once when events >= holders, and
// pseudo-random 20-byte addresses (no common prefixes that would flatter the B-trees). Produced lazily so that
// neither the benchmark nor the indexer under test holds the whole history in memory.
import type { RpcLog } from "../src/decode.ts";
import { TRANSFER_TOPIC } from "../src/decode.ts";

export const BENCH_CHAIN_ID = 31337;
export const BENCH_TOKEN = "0x7e55e4a000000000000000000000000000000001";
export const ZERO = "0x0000000000000000000000000000000000000000";
/** Logs per block (1,000,000 events = 10,000 blocks). */
export const LOGS_PER_BLOCK = 100;
export const START_BLOCK = 1_000n;
export const START_TIME = 1_790_000_000;
const UNIT = 10n ** 18n;

/** 32-bit mixer (murmur3 finalizer). */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
const hex8 = (x: number) => x.toString(16).padStart(8, "0");

/** Lower-case address of holder `k` (stable, pseudo-random). */
export function holderAddress(k: number): string {
  return "0x" + hex8(mix(k * 2 + 1)) + hex8(mix(k * 2 + 2)) + k.toString(16).padStart(24, "0");
}
const hash32 = (k: number, salt: number) => {
  let s = "0x";
  for (let i = 0; i < 8; i++) s += hex8(mix(k * 8 + i + salt));
  return s;
};
const topicOf = (address: string) => ("0x000000000000000000000000" + address.slice(2)) as `0x${string}`;

/** One synthetic transfer, before it is rendered as a log or a COPY row. */
export interface SyntheticTransfer {
  block: bigint;
  logIndex: number;
  txHash: string;
  from: string;
  to: string;
  amount: bigint;
}

/** Block timestamp (12 s blocks). */
export const blockTime = (block: bigint) => START_TIME + Number(block - START_BLOCK) * 12;
let lastHash: [bigint, string] = [-1n, ""];
export const blockHash = (block: bigint) => {
  if (lastHash[0] !== block) lastHash = [block, hash32(Number(block), 0x5eed)];
  return lastHash[1];
};

/** The history: `events` transfers over `holders` wallets, the same for a given pair. */
export function* syntheticTransfers(events: number, holders: number): Generator<SyntheticTransfer> {
  const balances = new Uint32Array(holders);
  let rng = 0x12345678;
  const next = () => (rng = mix(rng + 0x6d2b79f5));
  // A stride coprime with `holders` visits every holder once in the first `holders` events.
  let stride = Math.floor(holders * 0.618) | 1;
  while (gcd(stride, holders) !== 1) stride += 2;
  for (let i = 0; i < events; i++) {
    const to = i < holders ? (i * stride) % holders : next() % holders;
    const amount = 1 + (next() % 1000);
    const sender = next() % holders;
    const isTransfer = sender !== to && balances[sender]! >= amount;
    if (isTransfer) balances[sender]! -= amount;
    balances[to]! += amount;
    const block = START_BLOCK + BigInt(Math.floor(i / LOGS_PER_BLOCK));
    yield {
      block,
      logIndex: i % LOGS_PER_BLOCK,
      txHash: "0x" + hex8(mix(i)) + i.toString(16).padStart(56, "0"),
      from: isTransfer ? holderAddress(sender) : ZERO,
      to: holderAddress(to),
      amount: BigInt(amount) * UNIT,
    };
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The same transfer as eth_getLogs returns it. */
export function toRpcLog(t: SyntheticTransfer): RpcLog {
  return {
    address: BENCH_TOKEN,
    topics: [TRANSFER_TOPIC, topicOf(t.from), topicOf(t.to)],
    data: ("0x" + t.amount.toString(16).padStart(64, "0")) as `0x${string}`,
    blockNumber: "0x" + t.block.toString(16),
    blockHash: blockHash(t.block),
    transactionHash: t.txHash,
    transactionIndex: "0x" + t.logIndex.toString(16),
    logIndex: "0x" + t.logIndex.toString(16),
    removed: false,
  };
}

/** Pages of eth_getLogs results of at most `pageSize` logs, block-aligned like a real range query. */
export function* rpcLogPages(events: number, holders: number, pageSize: number): Generator<{ logs: RpcLog[]; toBlock: bigint }> {
  let page: RpcLog[] = [];
  let lastBlock = START_BLOCK;
  for (const t of syntheticTransfers(events, holders)) {
    if (page.length >= pageSize && t.block !== lastBlock) {
      yield { logs: page, toBlock: lastBlock };
      page = [];
    }
    page.push(toRpcLog(t));
    lastBlock = t.block;
  }
  if (page.length > 0) yield { logs: page, toBlock: lastBlock };
}
