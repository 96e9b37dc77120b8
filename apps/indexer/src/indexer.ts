import type { Deployments } from "@tessera/contracts";
import type pg from "pg";
import { createPublicClient, http, type Block, type PublicClient } from "viem";
import { fixedAddresses, type DecodedEvent } from "./contracts.ts";
import { decodeLog, toRawLog, type RawLog, type RpcLog } from "./decode.ts";
import { discoveryParents, Followed, isDiscovery } from "./follow.ts";
import { handlerOf } from "./handlers/index.ts";
import { PipelinedWriter } from "./store/pipeline.ts";
import { rollbackTo } from "./store/rollback.ts";
import { settleBalances, type RangeBatch } from "./store/write-range.ts";

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
  /** Delay between head polls once caught up, in ms (default 250). */
  pollIntervalMs?: number;
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
   * eth_getLogs windows fetched at once while behind the head (default 4): the remaining range is cut into up to
   * this many consecutive windows, fetched concurrently, then checked (each must extend the previous one's block
   * hash) and written in order, so that fetching overlaps decoding and writing. A window that discovers contracts to
   * follow (a new asset, a new compliance or AccessManager) drops the windows after it, which are fetched again.
   */
  parallelWindows?: number;
  /** Log sink (default: console.log / console.error with an `[indexer]` prefix). */
  log?: (level: "info" | "warn" | "error", message: string) => void;
}

/**
 * The indexer stopped itself rather than delete what users read: the chain reorganized deeper than its journal
 * (`finalityDepth`). Every row is left as it was. Also recorded in `IndexerCursor.haltedReason`.
 */
export class IndexerHaltedError extends Error {
  constructor(
    readonly chainId: number,
    /** What the indexer saw and what an operator can do. */
    readonly reason: string,
  ) {
    super(`indexer of chain ${chainId} halted: ${reason}`);
    this.name = "IndexerHaltedError";
  }
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

const ADDRESS_CHUNK = 500;

/** A provider refusing a window as too large (geth, erigon, Alchemy, Infura, QuickNode wordings) or timing out. */
const RANGE_ERROR = /range|too many|too large|more than|limit|exceed|size|timeout|timed out|-32005/i;

/** Blocks fetched and decoded but not yet handed to the writer. */
interface Pending {
  from: bigint;
  to: bigint;
  toHash: string;
  events: DecodedEvent[];
  blockTimes: Map<bigint, number>;
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
  const { pool, chainId, deployments } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const maxSpan = BigInt(Math.max(1, options.batchBlocks ?? 2000));
  const flushEvents = Math.max(1, options.flushEvents ?? 10_000);
  const finalityDepth = BigInt(Math.max(1, options.finalityDepth ?? 64));
  const settleEvents = Math.max(1, options.settleEvents ?? 1_000_000);
  const parallelWindows = BigInt(Math.max(1, options.parallelWindows ?? 4));
  /** Smallest window worth fetching on its own when the range is cut for parallel fetching. */
  const MIN_PARALLEL_SPAN = 16n;
  const log =
    options.log ??
    ((level, message) => (level === "info" ? console.log : console.error)(`[indexer ${chainId}] ${level}: ${message}`));
  const client: PublicClient = createPublicClient({
    transport: http(options.rpcUrl, { batch: { batchSize: 100, wait: 0 }, retryCount: 4, retryDelay: 200, timeout: 30_000 }),
  });
  // eth_getLogs without viem's own retries: a refused window must shrink at once, not be retried as is (viem
  // retries -32005 "limit exceeded" with back-off); other failures go to the step loop's back-off.
  const logsClient: PublicClient = createPublicClient({ transport: http(options.rpcUrl, { retryCount: 0, timeout: 30_000 }) });

  /** The deployments file's contracts (contracts.ts), by lower-case address. */
  const fixed = fixedAddresses(deployments);
  const startBlock = BigInt(deployments.startBlock);

  // Producer state, rebuilt from the database on start, after a reorg and after any failure.
  let loaded = false;
  /** Last block fetched (written, being written or pending) and its hash. */
  let tip: { block: bigint; hash: string } | undefined;
  let pending: Pending | undefined;
  let span = maxSpan;
  /** Largest window the provider is known to accept (probed upwards again after a run of good windows). */
  let spanLimit = maxSpan;
  let goodWindows = 0;
  /** What the producer follows: the fixed contracts and every factory child discovered so far. */
  let followed = new Followed(fixed);
  /** Every table is complete up to here (the cursor's lastBlock: balances settled). */
  let indexedUpTo = startBlock - 1n;
  /** Events handed to the writer with deferred balances since the last settlement. */
  let unsettledEvents = 0;
  /** The last committed write left balances unsettled (cursor backfillBlock set). */
  let unsettled = false;
  let reloadNeeded = false;

  let stopping = false;
  let haltError: IndexerHaltedError | undefined;
  let resolveHalted: (e: IndexerHaltedError) => void = () => {};
  const halted = new Promise<IndexerHaltedError>((resolve) => (resolveHalted = resolve));
  let wake: (() => void) | undefined;
  const waiters: { block: bigint; resolve: () => void; reject: (e: Error) => void }[] = [];

  const settleWaiters = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (indexedUpTo >= waiters[i]!.block) waiters.splice(i, 1)[0]!.resolve();
    }
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => ((wake = undefined), resolve()), ms);
      wake = () => (clearTimeout(t), (wake = undefined), resolve());
    });

  const writer = new PipelinedWriter(pool, (batch, result) => {
    if (!result.applied) {
      // Someone else (another indexer) wrote past us: re-read the state.
      reloadNeeded = true;
      return;
    }
    if (result.lastBlock !== undefined) indexedUpTo = result.lastBlock;
    unsettled = result.unsettled;
    if (batch.events.length > 0 || batch.toBlock - batch.fromBlock > 10n) {
      log("info", `blocks ${batch.fromBlock}-${batch.toBlock}: ${batch.events.length} events, ${result.transfers} transfers, ${result.newAssets.size} new assets` +
        (result.unsettled ? ` (balances settled up to block ${result.lastBlock})` : ""));
    }
    settleWaiters();
  });

  async function load(): Promise<void> {
    pending = undefined;
    await writer.flush().catch(() => {});
    const cursor = await pool.query<{
      lastBlock: string; lastBlockHash: string; backfillBlock: string | null; backfillBlockHash: string | null; haltedReason: string | null;
    }>(
      `SELECT "lastBlock"::text AS "lastBlock", "lastBlockHash", "backfillBlock"::text AS "backfillBlock", "backfillBlockHash", "haltedReason"
       FROM "IndexerCursor" WHERE "chainId" = $1`,
      [chainId],
    );
    const row = cursor.rows[0];
    if (row?.haltedReason) {
      await halt(row.haltedReason, false);
      return;
    }
    // Rows are written up to backfillBlock when a backfill's balances are pending, else up to lastBlock.
    tip = row
      ? row.backfillBlock !== null
        ? { block: BigInt(row.backfillBlock), hash: row.backfillBlockHash! }
        : { block: BigInt(row.lastBlock), hash: row.lastBlockHash }
      : undefined;
    indexedUpTo = row ? BigInt(row.lastBlock) : startBlock - 1n;
    unsettled = row?.backfillBlock != null;
    unsettledEvents = 0;
    const columns = Followed.assetColumns.map((c) => `"${c}"`).join(", ");
    const assets = await pool.query<Record<string, string | null>>(`SELECT ${columns} FROM "Asset" WHERE "chainId" = $1`, [chainId]);
    followed = new Followed(fixed).addAssets(assets.rows);
    loaded = true;
    reloadNeeded = false;
    log("info", tip ? `resuming after block ${tip.block}` : `starting at block ${startBlock}`);
    settleWaiters();
  }

  /**
   * Hash of block `n` as the RPC node answers it, or null when the node answers that it has no such block (a node
   * that has not seen it yet, or a chain now shorter than that). Never guesses: an HTTP error, a timeout or a
   * JSON-RPC error throws (the step loop backs off and retries), and is never read as "the block is gone".
   */
  async function hashAt(n: bigint): Promise<string | null> {
    try {
      const block = (await client.request({ method: "eth_getBlockByNumber", params: [`0x${n.toString(16)}`, false] } as never)) as
        | { hash?: string | null }
        | null;
      return block?.hash ?? null;
    } catch (err) {
      const message = err instanceof Error ? (err as { shortMessage?: string }).shortMessage ?? err.message : String(err);
      throw new Error(`eth_getBlockByNumber(${n}) failed (${message}); an RPC failure, not a reorg: retrying`);
    }
  }

  /**
   * Checks the last indexed block (`tip`) against the chain. A reorg is concluded only from a hash the node answered
   * that differs from the indexed one: at the tip, or, when the node has no block at the tip's height (a lagging node
   * or a shorter chain), at the highest recorded range end it does have. Returns the reason of a confirmed reorg,
   * undefined when the tip is still on the chain.
   * @throws Error when the RPC fails, or when the node lacks the tip and no indexed hash it has differs (waiting for
   * it to catch up, or for the other branch to outgrow the indexed one).
   */
  async function checkTip(t: { block: bigint; hash: string }, head: bigint): Promise<string | undefined> {
    const hash = await hashAt(t.block);
    if (hash !== null) return hash === t.hash ? undefined : `block ${t.block} now has hash ${hash}, the indexer saw ${t.hash}`;
    const below = await pool.query<{ number: string; hash: string }>(
      `SELECT "number"::text AS "number", "hash" FROM "IndexerBlock" WHERE "chainId" = $1 AND "number" <= $2 ORDER BY "number" DESC LIMIT 1`,
      [chainId, head.toString()],
    );
    const row = below.rows[0];
    if (row) {
      const onChain = await hashAt(BigInt(row.number));
      if (onChain !== null && onChain !== row.hash) {
        return `the node has no block ${t.block} (its head is ${head}), and block ${row.number} now has hash ${onChain}, the indexer saw ${row.hash}`;
      }
    }
    throw new Error(
      `eth_getBlockByNumber(${t.block}) answered null, the node's head is ${head}: a lagging node, or a reorg to a shorter chain ` +
        `that no block hash confirms yet; not a reorg until one does: retrying`,
    );
  }

  /**
   * Stops following the chain for good and says so: the log, `IndexerCursor.haltedReason` (unless `record` is false:
   * read from there), waiters and {@link Indexer.halted}. Deletes nothing.
   */
  async function halt(reason: string, record = true): Promise<void> {
    const error = new IndexerHaltedError(chainId, reason);
    log("error", error.message);
    if (record) {
      await pool
        .query(`UPDATE "IndexerCursor" SET "haltedReason" = $2, "updatedAt" = now() AT TIME ZONE 'UTC' WHERE "chainId" = $1`, [chainId, reason])
        .catch((err) => log("error", `could not record the halt in IndexerCursor: ${err instanceof Error ? err.message : String(err)}`));
    }
    haltError = error;
    stopping = true;
    pending = undefined;
    for (const w of waiters.splice(0)) w.reject(error);
    resolveHalted(error);
  }

  /**
   * Rolls the tables back to the common ancestor with the chain, after a reorg confirmed by a block hash. The ancestor
   * is the highest recorded range end (IndexerBlock) whose hash the node still answers, with every range above it
   * journaled. If the journal does not reach that far, the indexer halts and deletes nothing.
   *
   * Why halt rather than re-index: the tables are what the apps read live (the cap table), shared by every chain and
   * keyed by chainId. Deleting them and re-indexing from `startBlock` left them empty, or partial, for as long as the
   * re-index took. Rebuilding beside them and swapping would need a shadow copy of every chain-derived table and one
   * transaction replacing all of the chain's rows at once (on PGlite, which serializes transactions, that blocks
   * every reader for as long as it takes). A reorg deeper than `finalityDepth` is a finality failure of the chain or a
   * chain reset (a dev node restarted without its state): an operator has to look at it anyway, so the indexer keeps
   * the last consistent tables readable, stops, and says so in the log and in `IndexerCursor.haltedReason`.
   * @throws Error when the RPC fails or lacks a block needed to decide (nothing is changed; the step is retried).
   */
  async function handleReorg(reason: string): Promise<void> {
    pending = undefined;
    await writer.flush().catch(() => {});
    const blocks = await pool.query<{ number: string; hash: string; journaled: boolean }>(
      `SELECT "number"::text AS "number", "hash", "journaled" FROM "IndexerBlock" WHERE "chainId" = $1 ORDER BY "number" DESC`,
      [chainId],
    );
    if (blocks.rows.length === 0) {
      const cursor = await pool.query(`SELECT 1 FROM "IndexerCursor" WHERE "chainId" = $1`, [chainId]);
      if (cursor.rowCount === 0) {
        // Nothing written yet: only fetched windows were on the old branch.
        log("warn", `reorg before the first write: ${reason}`);
        loaded = false;
        return;
      }
    }
    let ancestor: { block: bigint; hash: string } | undefined;
    /** The lowest recorded range end the node answered with another hash (what proves a halt). */
    let deepest: bigint | undefined;
    for (const row of blocks.rows) {
      const block = BigInt(row.number);
      const onChain = await hashAt(block);
      if (onChain === row.hash) {
        ancestor = { block, hash: row.hash };
        break;
      }
      if (onChain === null) {
        // Above the node's chain (a shorter branch, or a lagging node): a journaled range can be reverted either
        // way; past an unjournaled one only an answered hash may decide.
        if (row.journaled) continue;
        throw new Error(`the RPC node has no block ${block} while checking a reorg (${reason}); retrying`);
      }
      deepest = block;
      if (!row.journaled) break; // this range cannot be reverted alone
    }
    if (ancestor) {
      log("warn", `reorg: ${reason}; rolling back to the common ancestor, block ${ancestor.block}`);
      await rollbackTo(pool, chainId, ancestor.block, ancestor.hash);
      loaded = false;
      return;
    }
    if (deepest === undefined) {
      throw new Error(`no recorded block of chain ${chainId} could be compared with the node while checking a reorg (${reason}); retrying`);
    }
    const cursor = await pool.query<{ lastBlock: string }>(`SELECT "lastBlock"::text AS "lastBlock" FROM "IndexerCursor" WHERE "chainId" = $1`, [chainId]);
    await halt(
      `reorg deeper than the journal: ${reason}; down to block ${deepest} no recorded block is on the chain any more ` +
        `(the journal covers the last ${finalityDepth} blocks, INDEXER_FINALITY_DEPTH). Stopped; nothing was deleted: ` +
        `the tables still show the chain as indexed up to block ${cursor.rows[0]?.lastBlock ?? "?"}, which is no longer the canonical chain. ` +
        `To re-index, run an indexer into an empty database and switch the apps to it, or delete chain ${chainId}'s rows ` +
        `(rollbackAll of @tessera/indexer; the tables stay partial until it catches up) and restart it.`,
    );
  }

  async function getLogs(addresses: string[], from: bigint, to: bigint, topic0?: `0x${string}`[]): Promise<RawLog[]> {
    const out: RawLog[] = [];
    for (let i = 0; i < addresses.length; i += ADDRESS_CHUNK) {
      const logs = (await logsClient.request({
        method: "eth_getLogs",
        params: [
          {
            address: addresses.slice(i, i + ADDRESS_CHUNK) as `0x${string}`[],
            fromBlock: `0x${from.toString(16)}`,
            toBlock: `0x${to.toString(16)}`,
            ...(topic0 ? { topics: [topic0.length === 1 ? topic0[0] : topic0] } : {}),
          },
        ],
      } as never)) as RpcLog[] | null;
      // Not a list (a null from a node that lacks the range, a proxy's garbage): an error, never "no logs".
      if (!Array.isArray(logs)) {
        throw new Error(`eth_getLogs for blocks ${from}-${to} answered ${JSON.stringify(logs)?.slice(0, 80)}, not a list of logs; retrying`);
      }
      for (const l of logs) if (!l.removed) out.push(toRawLog(l));
    }
    return out;
  }

  /** Fetches and decodes the window [from, to], checking that it links to `tip` and did not move while fetched. */
  async function fetchWindow(from: bigint, to: bigint): Promise<Window> {
    const toHeaderBefore = await client.getBlock({ blockNumber: to });

    // Children discovered in this window first (the factory's logs), then the logs of every followed contract.
    const parentAddresses = followed.addresses().filter((a) => discoveryParents.has(fixed.get(a)!));
    const factoryLogs = await getLogs(parentAddresses, from, to);
    const view = followed.clone();
    const events: DecodedEvent[] = [];
    for (const l of factoryLogs) {
      const e = decodeLog(fixed.get(l.address.toLowerCase())!, l);
      if (!e) continue;
      events.push(e);
      view.discover(e);
    }
    const logs = await getLogs(view.addresses(discoveryParents), from, to);
    for (const l of logs) {
      const contract = view.contractAt(l.address.toLowerCase());
      if (!contract) continue;
      const e = decodeLog(contract, l);
      if (e) events.push(e);
    }
    // A token can switch compliance mid-window (ComplianceAdded): its new compliance's logs were not fetched
    // above. Rare; the next window includes it (the window `discovers`).
    events.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));

    const headerBlocks = new Set<bigint>([from, to]);
    // Block times of the rows that carry one: transfers, assets, role and compliance configuration events.
    // Block times of the events the handlers index (rows carry them).
    for (const e of events) if (handlerOf(e)) headerBlocks.add(e.blockNumber);
    const headers: Block[] = await Promise.all([...headerBlocks].map((n) => client.getBlock({ blockNumber: n })));
    const byNumber = new Map(headers.map((h) => [h.number!, h]));
    const toHeader = byNumber.get(to)!;
    if (toHeader.hash !== toHeaderBefore.hash) throw new Error(`block ${to} changed while its window was fetched (reorg); retrying`);
    for (const l of [...factoryLogs, ...logs]) {
      const expected = byNumber.get(l.blockNumber as bigint)?.hash;
      if (expected && l.blockHash && expected !== l.blockHash) {
        throw new Error(`log of block ${l.blockNumber} has hash ${l.blockHash}, the header ${expected} (reorg); retrying`);
      }
    }
    const discovers = events.some(isDiscovery);
    const blockTimes = new Map(headers.map((h) => [h.number!, Number(h.timestamp)]));
    return {
      from, to, toHash: toHeader.hash!, parentHash: byNumber.get(from)!.parentHash, events, blockTimes,
      logCount: factoryLogs.length + logs.length, discovers,
    };
  }

  /** The producer's view of followed contracts moves with the decoded events (the writer applies the same ones). */
  function follow(events: DecodedEvent[]): void {
    for (const e of events) followed.discover(e);
  }

  async function submit(head: bigint): Promise<void> {
    const p = pending!;
    pending = undefined;
    const journal = p.to + finalityDepth > head;
    const deferBalances = !journal && unsettledEvents + p.events.length < settleEvents;
    unsettledEvents = deferBalances ? unsettledEvents + p.events.length : 0;
    const batch: RangeBatch = {
      chainId,
      fromBlock: p.from,
      toBlock: p.to,
      toBlockHash: p.toHash,
      events: p.events,
      blockTimes: p.blockTimes,
      fixed,
      journal,
      keepBlocks: Number(finalityDepth),
      deferBalances,
    };
    await writer.write(batch);
  }

  /** One step: check for a reorg, fetch the next window, hand it to the writer when due. True if it made progress. */
  async function step(): Promise<boolean> {
    if (!loaded || reloadNeeded) await load();
    if (stopping) return false;
    const head = await client.getBlockNumber({ cacheTime: 0 });

    if (tip) {
      const reorg = await checkTip(tip, head);
      if (reorg) {
        await handleReorg(reorg);
        return true;
      }
    }

    const from = tip ? tip.block + 1n : startBlock;
    if (from > head) {
      if (pending) await submit(head);
      await writer.flush();
      if (unsettled) {
        // Caught up with a backfill's balances still pending (a restart right at the head): settle them now.
        const last = await settleBalances(pool, chainId);
        if (last !== undefined) indexedUpTo = last;
        unsettled = false;
        unsettledEvents = 0;
        settleWaiters();
      }
      return false;
    }
    // Behind the head: up to `parallelWindows` consecutive windows of at most `span` blocks, fetched at once.
    const end = head - from + 1n > span * parallelWindows ? from + span * parallelWindows - 1n : head;
    const total = end - from + 1n;
    let size = (total + parallelWindows - 1n) / parallelWindows;
    if (size < MIN_PARALLEL_SPAN) size = MIN_PARALLEL_SPAN;
    if (size > span) size = span;
    const ranges: [bigint, bigint][] = [];
    for (let f = from; f <= end; f += size) ranges.push([f, f + size - 1n > end ? end : f + size - 1n]);
    const fetched = ranges.map(([f, t]) => fetchWindow(f, t));
    for (const p of fetched) p.catch(() => {}); // windows after a failed or dropped one are abandoned
    for (let i = 0; i < fetched.length; i++) {
      let window: Window;
      try {
        window = await fetched[i]!;
      } catch (err) {
        if (i > 0) break; // fetched again from the next step on
        const [f, t] = ranges[0]!;
        const message = err instanceof Error ? `${err.message} ${(err as { details?: string }).details ?? ""}` : String(err);
        if (t > f && RANGE_ERROR.test(message)) {
          span = (t - f + 1n) / 2n || 1n;
          spanLimit = span;
          goodWindows = 0;
          log("warn", `eth_getLogs refused blocks ${f}-${t}; retrying with windows of ${span} blocks`);
          return true;
        }
        throw err;
      }
      if (stopping) return false;
      if (tip && window.parentHash !== tip.hash) {
        if (i > 0) break; // the chain moved between the windows' fetches: the next step checks it again
        await handleReorg(`block ${window.from}'s parent is ${window.parentHash}, not the indexed block ${tip.block} (${tip.hash})`);
        return true;
      }
      follow(window.events);
      // Grow after quiet windows (few logs) up to what the provider accepted; probe beyond it after 32 good windows.
      if (++goodWindows >= 32 && spanLimit < maxSpan) {
        spanLimit = spanLimit * 2n > maxSpan ? maxSpan : spanLimit * 2n;
        goodWindows = 0;
      }
      if (span < spanLimit && window.logCount < 1000) span = span * 2n > spanLimit ? spanLimit : span * 2n;

      tip = { block: window.to, hash: window.toHash };
      if (pending) {
        pending.to = window.to;
        pending.toHash = window.toHash;
        for (const e of window.events) pending.events.push(e);
        for (const [n, t] of window.blockTimes) pending.blockTimes.set(n, t);
      } else {
        pending = { from: window.from, to: window.to, toHash: window.toHash, events: window.events, blockTimes: window.blockTimes };
      }
      // Hand over at the head, when the writer is free (it then works while the next window is fetched), or when
      // the pending batch is full.
      if (window.to >= head || !writer.busy || pending.events.length >= flushEvents) await submit(head);
      // Windows after one that discovered contracts to follow were fetched without their logs.
      if (window.discovers) break;
    }
    return true;
  }

  const loop = (async () => {
    let failures = 0;
    while (!stopping) {
      try {
        const progressed = await step();
        failures = 0;
        if (!progressed && !stopping) await sleep(pollIntervalMs);
      } catch (err) {
        failures++;
        const delay = Math.min(10_000, pollIntervalMs * 2 ** Math.min(failures, 6));
        log("warn", `step failed (attempt ${failures}, retrying in ${delay} ms): ${err instanceof Error ? err.message : String(err)}`);
        loaded = false; // re-read the cursor: the failed transaction may or may not have committed
        if (!stopping) await sleep(delay);
      }
    }
    await writer.flush().catch((err) => log("warn", `last write failed: ${err instanceof Error ? err.message : String(err)}`));
  })();

  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      for (const w of waiters.splice(0)) w.reject(new Error(`indexer stopped before block ${w.block}`));
    },
    halted,
    waitForBlock(block) {
      const target = BigInt(block);
      if (indexedUpTo >= target) return Promise.resolve();
      if (haltError) return Promise.reject(haltError);
      if (stopping) return Promise.reject(new Error(`indexer stopped before block ${target}`));
      return new Promise((resolve, reject) => waiters.push({ block: target, resolve, reject }));
    },
  };
}

/** One fetched and decoded eth_getLogs window. */
interface Window extends Pending {
  /** Parent hash of block `from` (must be the hash of the block before it as indexed). */
  parentHash: string;
  /** Raw logs in the window (its span grows while they are few). */
  logCount: number;
  /** It holds events that add addresses to follow (AssetDeployed, AccessManagerDeployed, ComplianceAdded, AuthorityUpdated). */
  discovers: boolean;
}
