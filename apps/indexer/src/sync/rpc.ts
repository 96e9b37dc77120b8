// The chain as the indexer reads it: one JSON-RPC endpoint, blocks, hashes and logs. Errors are never guessed into
// answers: a failed request throws (the indexer backs off and retries); only what the node answered counts.
import { createPublicClient, http, type Block, type PublicClient } from "viem";
import { toRawLog, type RawLog, type RpcLog } from "../decode.ts";

/** Addresses per eth_getLogs request (providers cap the filter's address list). */
const ADDRESS_CHUNK = 500;

/** A provider refusing a window as too large (geth, erigon, Alchemy, Infura, QuickNode wordings) or timing out. */
export const RANGE_ERROR = /range|too many|too large|more than|limit|exceed|size|timeout|timed out|-32005/i;

/** The error's text as viem reports it (short message and details), for logs and {@link RANGE_ERROR}. */
export const errorText = (err: unknown): string =>
  err instanceof Error ? `${err.message} ${(err as { details?: string }).details ?? ""}` : String(err);

/** Reads blocks and logs from one JSON-RPC HTTP endpoint. */
export class ChainRpc {
  /** Blocks and the head: viem's JSON-RPC batching (up to 100 calls per HTTP request) and its retries. */
  private readonly client: PublicClient;
  /**
   * eth_getLogs without viem's own retries: a refused window must shrink at once, not be retried as is (viem retries
   * -32005 "limit exceeded" with back-off); other failures go to the indexer's back-off.
   */
  private readonly logsClient: PublicClient;

  /** @param options.retryDelayMs first retry delay of a failed block/head request in ms (default 200, doubled per retry). */
  constructor(readonly url: string, options: { retryDelayMs?: number } = {}) {
    this.client = createPublicClient({
      transport: http(url, { batch: { batchSize: 100, wait: 0 }, retryCount: 4, retryDelay: options.retryDelayMs ?? 200, timeout: 30_000 }),
    });
    this.logsClient = createPublicClient({ transport: http(url, { retryCount: 0, timeout: 30_000 }) });
  }

  /** The node's head block number (never cached). */
  head(): Promise<bigint> {
    return this.client.getBlockNumber({ cacheTime: 0 });
  }

  /**
   * Header of block `n`; with `withTransactions`, its transactions too (as objects: hash, from, …), still one
   * eth_getBlockByNumber. @throws when the node fails or lacks it.
   */
  block(n: bigint, withTransactions = false): Promise<Block> {
    return this.client.getBlock({ blockNumber: n, includeTransactions: withTransactions }) as Promise<Block>;
  }

  /**
   * Hash of block `n` as the RPC node answers it, or null when the node answers that it has no such block (a node
   * that has not seen it yet, or a chain now shorter than that). Never guesses: an HTTP error, a timeout or a
   * JSON-RPC error throws, and is never read as "the block is gone".
   */
  async hashAt(n: bigint): Promise<string | null> {
    try {
      const block = (await this.client.request({ method: "eth_getBlockByNumber", params: [`0x${n.toString(16)}`, false] } as never)) as
        | { hash?: string | null }
        | null;
      return block?.hash ?? null;
    } catch (err) {
      const message = err instanceof Error ? ((err as { shortMessage?: string }).shortMessage ?? err.message) : String(err);
      throw new Error(`eth_getBlockByNumber(${n}) failed (${message}); an RPC failure, not a reorg: retrying`);
    }
  }

  /**
   * Logs of `addresses` in blocks [from, to] (removed ones dropped), in chunks of {@link ADDRESS_CHUNK} addresses.
   * @throws when the node fails or answers anything but a list (a null from a node lacking the range is an error,
   * never "no logs").
   */
  async getLogs(addresses: string[], from: bigint, to: bigint): Promise<RawLog[]> {
    const out: RawLog[] = [];
    for (let i = 0; i < addresses.length; i += ADDRESS_CHUNK) {
      const logs = (await this.logsClient.request({
        method: "eth_getLogs",
        params: [{ address: addresses.slice(i, i + ADDRESS_CHUNK) as `0x${string}`[], fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}` }],
      } as never)) as RpcLog[] | null;
      if (!Array.isArray(logs)) {
        throw new Error(`eth_getLogs for blocks ${from}-${to} answered ${JSON.stringify(logs)?.slice(0, 80)}, not a list of logs; retrying`);
      }
      for (const l of logs) if (!l.removed) out.push(toRawLog(l));
    }
    return out;
  }
}
