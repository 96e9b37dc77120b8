// The indexer: wires sync (historical windows, realtime head following), reorg reconciliation and the store for one
// chain, and keeps the little state that connects them (the fetched tip, the range not yet handed over) in one object.
// Which contracts it follows and what their events write are declared in contracts.ts and src/handlers/.
import type { Deployments } from "@tessera/contracts";
import type pg from "pg";
import { fixedAddresses, type ContractName } from "./contracts.ts";
import { Followed } from "./follow.ts";
import { IndexerHaltedError, Progress } from "./progress.ts";
import { Reconciler } from "./reorg.ts";
import { Store } from "./store/store.ts";
import type { RangeBatch, WriteResult } from "./store/write-range.ts";
import { fetchWindow, WindowQueue, WindowSizer, type Pending, type Window } from "./sync/historical.ts";
import { HeadWaiter } from "./sync/realtime.ts";
import { ChainRpc, errorText, RANGE_ERROR } from "./sync/rpc.ts";

export { IndexerHaltedError } from "./progress.ts";

/** Options of {@link startIndexer}. */
export interface IndexerOptions {
  /** `pg` pool of `@tessera/db`'s `createPool` (PostgreSQL, or PGlite served over the wire). */
  pool: pg.Pool;
  /** JSON-RPC HTTP endpoint of the chain. */
  rpcUrl: string;
  /** Chain id; every row written is keyed by it. */
  chainId: number;
  /** The platform's addresses and start block (`deployments/<chainId>.json`). */
  deployments: Deployments;
  /**
   * Delay between head polls once caught up, in ms (default 250); with a newHeads subscription, the longest wait. A
   * failed step backs off by this times 2^failures (up to 64 times, at most 10 s).
   */
  pollIntervalMs?: number;
  /**
   * First delay of the RPC client's own retries of a failed block or head request, in ms (default 200; viem doubles
   * it per retry, 4 retries). Fault-injection tests lower it; production keeps the default.
   */
  rpcRetryDelayMs?: number;
  /**
   * Follow the head by `eth_subscribe newHeads` over WebSocket at the RPC URL's host and port (default true): a new
   * block ends the wait at once. Polling stays the fallback when the endpoint has no WebSocket.
   */
  subscribeHeads?: boolean;
  /**
   * Largest eth_getLogs window in blocks (default 2000). The window halves when the provider refuses a range
   * (too many results, range too large, timeout) and doubles back after successful quiet windows.
   */
  batchBlocks?: number;
  /**
   * Events per database transaction while backfilling (default 10 000): windows fetched while the previous
   * transaction is still committing are merged into the next one, up to this many events. With balances settled
   * per stretch (`settleEvents`) a transaction costs little more than its COPY, so small ones lose no speed and keep
   * fewer decoded events alive (peak RSS of the 1M-event bench: 50 000 → about 500 MB, 10 000 → about 370 MB).
   */
  flushEvents?: number;
  /**
   * Backfill far below the head (beyond `finalityDepth`) writes Transfer rows ahead of the balances and settles
   * balances, total supply and holder counts from those rows once this many events are pending (default 1 000 000),
   * and always before the first range within the finality depth. Updating each holder once per stretch instead of
   * once per transaction is what keeps backfill with a million holders near the server's own COPY speed.
   * 1 settles every transaction.
   */
  settleEvents?: number;
  /**
   * Blocks below the head that can still be reorganized (default 64). Ranges within it keep pre-images of the rows
   * they change (IndexerUndo), so a reorg rolls back to the common ancestor; a deeper one stops the indexer
   * ({@link IndexerHaltedError}) and deletes nothing.
   */
  finalityDepth?: number;
  /**
   * eth_getLogs windows outstanding while behind the head (default 4): consecutive windows are fetched ahead
   * continuously (a window frees its place as soon as its logs answer, while its headers are fetched; at most twice
   * this many fetched and not yet written), each checked (it must extend the previous one's block hash) and written
   * in order, so that fetching overlaps decoding and writing. A window that discovers contracts to follow (a new asset, a new compliance or AccessManager) drops
   * the windows after it, which are fetched again.
   */
  parallelWindows?: number;
  /** Log sink (default: console.log / console.error with an `[indexer]` prefix). */
  log?: (level: "info" | "warn" | "error", message: string) => void;
}

/** A running indexer. */
export interface Indexer {
  /** Stops polling after the range in flight is committed (or abandoned before its transaction). */
  stop(): Promise<void>;
  /**
   * Resolves once every block up to `block` is written (cursor `lastBlock >= block`).
   * @throws IndexerHaltedError if the indexer halts first; Error if it is stopped first.
   */
  waitForBlock(block: bigint | number): Promise<void>;
  /**
   * Resolves with the error when the indexer halts itself (a reorg deeper than its journal, now or recorded by an
   * earlier run): it then follows the chain no more and has deleted nothing. Never resolves otherwise.
   */
  readonly halted: Promise<IndexerHaltedError>;
}

/**
 * Starts following the chain and writing the cap table (Asset, Investor, Holding, Transfer, IndexerCursor), the
 * assets' documents and agents, their AccessManager roles (RoleMember, RoleChange) and compliance configuration
 * history (ComplianceEvent). Resumes from the stored cursor, or from `deployments.startBlock`. Each write covers whole
 * blocks and moves the cursor in the same transaction, so a crash (even SIGKILL) neither loses nor double-counts
 * anything; below the finality depth balances are settled per stretch of up to `settleEvents` events from the
 * committed Transfer rows (`waitForBlock` and the cursor's `lastBlock` wait for the settlement). Fetching
 * and decoding the next window overlaps the write of the previous one. On a reorg (the last fetched block's hash
 * changed, or a new window's parent hash does not match) it rolls the tables back to the common ancestor found in
 * IndexerBlock; a reorg deeper than the journal halts it ({@link IndexerHaltedError}) with every row kept. A reorg is
 * only ever concluded from block hashes the node did answer: an RPC error, a timeout or a null block (a lagging
 * node) is never read as "this block is gone". RPC and database errors are logged and retried with exponential
 * back-off (the state is re-read from the database after any failure).
 */
export function startIndexer(options: IndexerOptions): Indexer {
  const indexer = new ChainIndexer(options);
  const loop = indexer.run();
  return {
    async stop() {
      await indexer.stop(loop);
    },
    halted: indexer.progress.halted,
    waitForBlock: (block) => indexer.progress.waitFor(block),
  };
}

type Log = NonNullable<IndexerOptions["log"]>;

/** One chain's indexer: the loop of {@link step}s and the state they share. */
class ChainIndexer {
  readonly progress: Progress;
  private readonly chainId: number;
  private readonly startBlock: bigint;
  private readonly pollIntervalMs: number;
  private readonly subscribeHeads: boolean;
  private readonly rpcUrl: string;
  private readonly flushEvents: number;
  private readonly parallelWindows: bigint;
  private readonly log: Log;
  private readonly rpc: ChainRpc;
  private readonly store: Store;
  private readonly reconciler: Reconciler;
  private readonly sizer: WindowSizer;
  private readonly waiter = new HeadWaiter();
  private readonly fixed: ReadonlyMap<string, ContractName>;

  // Producer state, rebuilt from the database on start, after a reorg and after any failure (`loaded` false).
  private loaded = false;
  /** Someone else (another indexer) wrote past us: re-read the state. */
  private reloadNeeded = false;
  private stopping = false;
  /** Last block fetched (written, being written or pending) and its hash. */
  private tip: { block: bigint; hash: string } | undefined;
  /** Blocks fetched and decoded, not yet handed to the store. */
  private pending: Pending | undefined;
  /** What the producer follows: the fixed contracts and every factory child discovered so far. */
  private followed: Followed;
  /** The head as last read (reused while the tip is more than {@link farBehind} blocks below it). */
  private knownHead: bigint | undefined;
  /** Blocks below the known head beyond which a step asks neither for the head nor for the tip's hash. */
  private readonly farBehind: bigint;

  constructor(options: IndexerOptions) {
    const { pool, chainId, deployments } = options;
    this.chainId = chainId;
    this.startBlock = BigInt(deployments.startBlock);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.subscribeHeads = options.subscribeHeads ?? true;
    this.rpcUrl = options.rpcUrl;
    this.flushEvents = Math.max(1, options.flushEvents ?? 10_000);
    this.parallelWindows = BigInt(Math.max(1, options.parallelWindows ?? 4));
    const finalityDepth = BigInt(Math.max(1, options.finalityDepth ?? 64));
    this.farBehind = 2n * finalityDepth;
    this.log =
      options.log ?? ((level, message) => (level === "info" ? console.log : console.error)(`[indexer ${chainId}] ${level}: ${message}`));
    this.fixed = fixedAddresses(deployments);
    this.followed = new Followed(this.fixed);
    this.progress = new Progress(this.startBlock - 1n);
    this.rpc = new ChainRpc(options.rpcUrl, { retryDelayMs: options.rpcRetryDelayMs });
    this.sizer = new WindowSizer(BigInt(Math.max(1, options.batchBlocks ?? 2000)));
    this.store = new Store(pool, chainId, this.fixed, { finalityDepth, settleEvents: Math.max(1, options.settleEvents ?? 1_000_000) },
      (batch, result) => this.committed(batch, result));
    this.reconciler = new Reconciler(pool, this.rpc, chainId, finalityDepth, this.log);
  }

  /** Steps until stopped: no progress → wait for the next head; a failure → back off and reload. */
  async run(): Promise<void> {
    if (this.subscribeHeads) void this.waiter.subscribe(this.rpcUrl, this.log);
    let failures = 0;
    while (!this.stopping) {
      try {
        const progressed = await this.step();
        failures = 0;
        if (!progressed && !this.stopping) await this.waiter.untilNextHead(this.pollIntervalMs);
      } catch (err) {
        failures++;
        const delay = Math.min(10_000, this.pollIntervalMs * 2 ** Math.min(failures, 6));
        this.log("warn", `step failed (attempt ${failures}, retrying in ${delay} ms): ${err instanceof Error ? err.message : String(err)}`);
        this.loaded = false; // re-read the cursor: the failed transaction may or may not have committed
        this.knownHead = undefined; // and ask the node again
        if (!this.stopping) await this.waiter.backoff(delay);
      }
    }
    await this.store.flush().catch((err) => this.log("warn", `last write failed: ${err instanceof Error ? err.message : String(err)}`));
    await this.waiter.close();
  }

  async stop(loop: Promise<void>): Promise<void> {
    this.stopping = true;
    this.progress.stopping();
    this.waiter.wake();
    await loop;
    this.progress.stop();
  }

  /** A range committed: move the settled height, or reload when another writer was ahead. */
  private committed(batch: RangeBatch, result: WriteResult): void {
    if (!result.applied) {
      this.reloadNeeded = true;
      return;
    }
    if (result.lastBlock !== undefined) this.progress.set(result.lastBlock);
    if (batch.events.length > 0 || batch.toBlock - batch.fromBlock > 10n) {
      this.log("info", `blocks ${batch.fromBlock}-${batch.toBlock}: ${batch.events.length} events, ${result.transfers} transfers, ${result.newAssets.size} new assets` +
        (result.unsettled ? ` (balances settled up to block ${result.lastBlock})` : ""));
    }
  }

  /** Re-reads the cursor and the followed contracts from the database. */
  private async load(): Promise<void> {
    this.pending = undefined;
    this.knownHead = undefined;
    const cursor = await this.store.readCursor();
    if (cursor.haltedReason) {
      await this.halt(cursor.haltedReason, false);
      return;
    }
    this.tip = cursor.tip;
    this.followed = await this.store.readFollowed();
    this.loaded = true;
    this.reloadNeeded = false;
    this.log("info", this.tip ? `resuming after block ${this.tip.block}` : `starting at block ${this.startBlock}`);
    this.progress.set(cursor.lastBlock ?? this.startBlock - 1n);
  }

  /**
   * Stops following the chain for good and says so: the log, `IndexerCursor.haltedReason` (unless `record` is false:
   * read from there), waiters and {@link Indexer.halted}. Deletes nothing.
   */
  private async halt(reason: string, record = true): Promise<void> {
    const error = new IndexerHaltedError(this.chainId, reason);
    this.log("error", error.message);
    if (record) {
      await this.store.recordHalt(reason)
        .catch((err) => this.log("error", `could not record the halt in IndexerCursor: ${err instanceof Error ? err.message : String(err)}`));
    }
    this.stopping = true;
    this.pending = undefined;
    this.progress.stopping();
    this.progress.halt(error);
  }

  /** A reorg confirmed by a block hash: drop what is not written, roll back (or halt), then reload. */
  private async handleReorg(reason: string): Promise<void> {
    this.pending = undefined;
    await this.store.drain();
    const outcome = await this.reconciler.reconcile(reason);
    if (outcome.kind === "halt") await this.halt(outcome.reason);
    else this.loaded = false;
  }

  /** One step: check for a reorg, fetch the next windows, hand them to the store when due. True if it made progress. */
  private async step(): Promise<boolean> {
    if (!this.loaded || this.reloadNeeded) await this.load();
    if (this.stopping) return false;
    const tip = this.tip;
    let head: bigint;
    const announced = this.waiter.takeHead();
    if (tip && this.knownHead !== undefined && this.knownHead - tip.block > this.farBehind) {
      // Far below the head as last read: no round trip for the head or the tip. The next window's parent hash must
      // still be the tip's hash (checked in `backfill`), so a reorg of the tip is seen there.
      head = this.knownHead;
    } else if (tip && announced !== undefined && announced > tip.block) {
      // A new head announced by the subscription: the same, without the round trip (a block on top of a replaced tip
      // has another parent hash, which `backfill` checks before anything is written).
      head = announced;
      this.knownHead = announced;
    } else {
      // The head and the tip's hash in one round trip (one JSON-RPC batch where the provider takes batches).
      const [h, tipHash] = await Promise.all([this.rpc.head(), tip ? this.rpc.hashAt(tip.block) : undefined]);
      head = h;
      this.knownHead = h;
      if (tip) {
        const reorg = await this.reconciler.checkTip(tip, head, tipHash);
        if (reorg) {
          await this.handleReorg(reorg);
          return true;
        }
      }
    }
    const from = this.tip ? this.tip.block + 1n : this.startBlock;
    if (from > head) {
      await this.atHead(head);
      return false;
    }
    return this.backfill(from, head);
  }

  /** Caught up: hand over what is pending, and settle balances a backfill left pending. */
  private async atHead(head: bigint): Promise<void> {
    if (this.pending) await this.submit(head);
    await this.store.flush();
    const last = await this.store.settleIfPending();
    if (last !== undefined) this.progress.set(last);
  }

  /**
   * Behind the head: windows fetched continuously ahead ({@link WindowQueue}: `parallelWindows` with eth_getLogs
   * outstanding at any time, the next one started as soon as one's logs answer), each checked (it must extend the previous one's block hash)
   * and handed over in order while the later ones are still being fetched. Returns at the head, after a window that
   * discovers contracts (the windows fetched after it lacked their logs: the next step fetches them again), or when
   * a window fails or does not extend the previous one (the next step checks the tip and fetches it again).
   */
  private async backfill(from: bigint, head: bigint): Promise<boolean> {
    const queue = new WindowQueue((f, t, onLogs) => fetchWindow(this.rpc, this.followed, f, t, onLogs), this.sizer, this.parallelWindows, from, head);
    queue.fill();
    try {
      for (let first = true, slot = queue.shift(); slot; first = false, slot = queue.shift()) {
        let window: Window;
        try {
          window = await slot.window;
        } catch (err) {
          if (slot.to > slot.from && RANGE_ERROR.test(errorText(err))) {
            this.sizer.refused(slot.from, slot.to);
            this.log("warn", `eth_getLogs refused blocks ${slot.from}-${slot.to}; retrying with windows of ${this.sizer.span} blocks`);
            return true;
          }
          if (first) throw err;
          return true; // fetched again (and its failure reported) from the next step on
        }
        if (this.stopping || this.reloadNeeded) return true;
        if (this.tip && window.parentHash !== this.tip.hash) {
          if (!first) return true; // the chain moved between the windows' fetches: the next step checks the tip
          await this.handleReorg(`block ${window.from}'s parent is ${window.parentHash}, not the indexed block ${this.tip.block} (${this.tip.hash})`);
          return true;
        }
        // The producer's view of followed contracts moves with the events (the store applies the same discoveries).
        for (const e of window.events) this.followed.discover(e);
        this.sizer.succeeded(window.logCount);
        this.tip = { block: window.to, hash: window.toHash };
        this.append(window);
        // Keep `parallelWindows` requests outstanding while this one is written, unless the windows after it were
        // fetched without the logs of the contracts it discovers.
        if (!window.discovers) queue.fill();
        // Hand over at the head, when the store is free (it then writes while the next windows are fetched), or
        // when the pending range is full.
        if (window.to >= head || !this.store.busy || this.pending!.events.length >= this.flushEvents) await this.submit(head);
        if (window.discovers) return true;
      }
      return true;
    } finally {
      queue.clear();
    }
  }

  /** Merges a window into the range not yet handed over. */
  private append(window: Window): void {
    const p = this.pending;
    if (!p) {
      this.pending = {
        from: window.from, to: window.to, toHash: window.toHash, events: window.events, blockTimes: window.blockTimes, senders: window.senders,
      };
      return;
    }
    p.to = window.to;
    p.toHash = window.toHash;
    for (const e of window.events) p.events.push(e);
    for (const [n, t] of window.blockTimes) p.blockTimes.set(n, t);
    if (window.senders) {
      if (!p.senders) p.senders = new Map();
      for (const [hash, from] of window.senders) p.senders.set(hash, from);
    }
  }

  private async submit(head: bigint): Promise<void> {
    const p = this.pending!;
    this.pending = undefined;
    await this.store.submit(p, head);
  }
}
