// Historical sync: the blocks between the indexed tip and the head, as eth_getLogs windows of the followed contracts
// (contracts.ts via follow.ts), fetched several at once, decoded, and checked to form one chain. Window sizes adapt
// to the provider (halved when it refuses a range, grown back after quiet windows).
import type { Block } from "viem";
import { senderContracts, type DecodedEvent } from "../contracts.ts";
import { decodeLog } from "../decode.ts";
import { discoveryParents, type Followed, isDiscovery } from "../follow.ts";
import { handlerOf } from "../handlers/index.ts";
import type { ChainRpc } from "./rpc.ts";

/** Blocks fetched and decoded but not yet handed to the store. */
export interface Pending {
  from: bigint;
  to: bigint;
  toHash: string;
  /** Decoded events in chain order. */
  events: DecodedEvent[];
  /** Unix seconds of every block holding an indexed event, and of `from` and `to`. */
  blockTimes: Map<bigint, number>;
  /**
   * Sender (`from`, lower-case) of every transaction holding an event of a contract whose rows record it
   * (contracts.ts `senders`), by transaction hash (lower-case).
   */
  senders?: Map<string, string>;
}

/** One fetched and decoded eth_getLogs window. */
export interface Window extends Pending {
  /** Parent hash of block `from` (must be the hash of the block before it as indexed). */
  parentHash: string;
  /** Raw logs in the window (its span grows while they are few). */
  logCount: number;
  /** It holds events that add addresses to follow (contracts.ts factory sources): the windows after it are refetched. */
  discovers: boolean;
}

/**
 * Fetches and decodes the window [from, to] of every contract `followed` names: the factory's logs, every other
 * followed address's logs and block `to`'s header at once, then the logs of the children the factory created in the
 * window (if any), then the headers of the blocks with indexed events (one JSON-RPC batch; none for a one-block window,
 * whose header came with its logs). A block holding an event whose row records its transaction's sender (contracts.ts
 * `senders`: the money leg) is fetched with its transactions instead of its header alone: the same request, and the
 * senders come from the very block the logs were checked against (a one-block window asks for it once more, only
 * then). Checks that block `to` did not change while the window was fetched and that every
 * log belongs to the header of its block.
 * `onLogs` is called once every eth_getLogs of the window has answered (only its headers are left to fetch).
 * @throws on any RPC failure or a block that moved (the caller retries; nothing is concluded from it).
 */
export async function fetchWindow(rpc: ChainRpc, followed: Followed, from: bigint, to: bigint, onLogs?: () => void): Promise<Window> {
  // One round trip: block `to`'s header, the factory's logs and every other followed contract's logs, at once.
  const parentAddresses = followed.addresses().filter((a) => discoveryParents.has(followed.fixed.get(a)!));
  const known = followed.addresses(discoveryParents);
  const [toHeaderBefore, parentLogs, knownLogs] = await Promise.all([
    rpc.block(to),
    rpc.getLogs(parentAddresses, from, to),
    rpc.getLogs(known, from, to),
  ]);
  const view = followed.clone();
  const events: DecodedEvent[] = [];
  for (const l of parentLogs) {
    const e = decodeLog(followed.fixed.get(l.address.toLowerCase())!, l);
    if (!e) continue;
    events.push(e);
    view.discover(e);
  }
  // Children the factory created in this window (a new asset's token, compliance and AccessManager): one more request.
  const knownSet = new Set(known);
  const discovered = view.addresses(discoveryParents).filter((a) => !knownSet.has(a));
  const logs = discovered.length > 0 ? [...knownLogs, ...(await rpc.getLogs(discovered, from, to))] : [...knownLogs];
  const childEvents: DecodedEvent[] = [];
  for (const l of logs) {
    const contract = view.contractAt(l.address.toLowerCase());
    if (!contract) continue;
    const e = decodeLog(contract, l);
    if (e) childEvents.push(e);
  }
  // Children of children: a token's BridgeSet (its AssetBridge; deployed, set and linked in consecutive blocks, so
  // usually in one window), ComplianceAdded or AuthorityUpdated names an address not fetched above: its logs of this
  // window next (one more request per generation; the write side indexes those after the discovering event only).
  const fetched = new Set([...known, ...discovered]);
  for (let batch = childEvents; batch.length > 0;) {
    events.push(...batch);
    for (const e of batch) view.discover(e);
    const more = view.addresses(discoveryParents).filter((a) => !fetched.has(a));
    batch = [];
    if (more.length === 0) break;
    for (const a of more) fetched.add(a);
    const moreLogs = await rpc.getLogs(more, from, to);
    logs.push(...moreLogs);
    for (const l of moreLogs) {
      const contract = view.contractAt(l.address.toLowerCase());
      const e = contract ? decodeLog(contract, l) : undefined;
      if (e) batch.push(e);
    }
  }
  onLogs?.();
  events.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));

  // Block times of the events the handlers index (their rows carry them), and the window's ends.
  const headerBlocks = new Set<bigint>([from, to]);
  /** Blocks fetched with their transactions, and the transactions whose senders are wanted. */
  const senderBlocks = new Set<bigint>();
  const senderTxs = new Set<string>();
  for (const e of events) {
    if (!handlerOf(e)) continue;
    headerBlocks.add(e.blockNumber);
    if (senderContracts.has(e.contract)) {
      senderBlocks.add(e.blockNumber);
      senderTxs.add(e.txHash);
    }
  }
  // A one-block window (following the head) needs no second round trip: its header came with its logs, and every
  // log's block hash is checked against it below (a block replaced between the two requests fails that check).
  const headers: Block[] = from === to
    ? [senderBlocks.size > 0 ? await rpc.block(to, true) : toHeaderBefore]
    : await Promise.all([...headerBlocks].map((n) => rpc.block(n, senderBlocks.has(n))));
  const byNumber = new Map(headers.map((h) => [h.number!, h]));
  const toHeader = byNumber.get(to)!;
  if (toHeader.hash !== toHeaderBefore.hash) throw new Error(`block ${to} changed while its window was fetched (reorg); retrying`);
  for (const l of [...parentLogs, ...logs]) {
    const expected = byNumber.get(l.blockNumber as bigint)?.hash;
    if (expected && l.blockHash && expected !== l.blockHash) {
      throw new Error(`log of block ${l.blockNumber} has hash ${l.blockHash}, the header ${expected} (reorg); retrying`);
    }
  }
  let senders: Map<string, string> | undefined;
  if (senderTxs.size > 0) {
    senders = new Map();
    for (const h of headers) {
      for (const tx of h.transactions) {
        if (typeof tx === "string") continue;
        const hash = tx.hash.toLowerCase();
        if (senderTxs.has(hash)) senders.set(hash, tx.from.toLowerCase());
      }
    }
    // Every wanted transaction is in its block (the log's block hash matched the header's): a node answering
    // otherwise is wrong, and the window is fetched again rather than written without a sender.
    for (const hash of senderTxs) if (!senders.has(hash)) throw new Error(`transaction ${hash} is not in the block of its logs; retrying`);
  }
  return {
    from,
    to,
    toHash: toHeader.hash!,
    senders,
    parentHash: byNumber.get(from)!.parentHash,
    events,
    blockTimes: new Map(headers.map((h) => [h.number!, Number(h.timestamp)])),
    logCount: parentLogs.length + logs.length,
    discovers: events.some(isDiscovery),
  };
}

/** Smallest window worth fetching on its own when the range is cut for parallel fetching. */
const MIN_PARALLEL_SPAN = 16n;
/** Logs per window above which windows shrink. */
const MAX_WINDOW_LOGS = 20_000;
/** Logs per window below which windows grow (up to what the provider accepted). */
const QUIET_WINDOW_LOGS = 1000;

/**
 * The eth_getLogs window size: at most `maxSpan` blocks, halved when the provider refuses a range, doubled after quiet
 * windows up to what the provider accepted, and probed beyond that after a run of 32 good windows.
 */
export class WindowSizer {
  /** Current window size in blocks. */
  span: bigint;
  /** Largest window the provider is known to accept. */
  private limit: bigint;
  private goodWindows = 0;

  constructor(private readonly maxSpan: bigint) {
    this.span = maxSpan;
    this.limit = maxSpan;
  }

  /**
   * Up to `parallel` consecutive windows of at most `span` blocks from `from` towards `head` (cut evenly, none
   * smaller than {@link MIN_PARALLEL_SPAN} unless the range is).
   */
  plan(from: bigint, head: bigint, parallel: bigint): [bigint, bigint][] {
    const end = head - from + 1n > this.span * parallel ? from + this.span * parallel - 1n : head;
    let size = (end - from + 1n + parallel - 1n) / parallel;
    if (size < MIN_PARALLEL_SPAN) size = MIN_PARALLEL_SPAN;
    if (size > this.span) size = this.span;
    const ranges: [bigint, bigint][] = [];
    for (let f = from; f <= end; f += size) ranges.push([f, f + size - 1n > end ? end : f + size - 1n]);
    return ranges;
  }

  /** The provider refused [from, to]: windows of half that from now on. */
  refused(from: bigint, to: bigint): void {
    this.span = (to - from + 1n) / 2n || 1n;
    this.limit = this.span;
    this.goodWindows = 0;
  }

  /**
   * A window was fetched with `logCount` logs: windows are sized by the logs they return, halved above
   * {@link MAX_WINDOW_LOGS} (smaller responses, sooner writes), doubled below {@link QUIET_WINDOW_LOGS}.
   */
  succeeded(logCount: number): void {
    if (++this.goodWindows >= 32 && this.limit < this.maxSpan) {
      this.limit = this.limit * 2n > this.maxSpan ? this.maxSpan : this.limit * 2n;
      this.goodWindows = 0;
    }
    if (logCount > MAX_WINDOW_LOGS && this.span > 1n) this.span /= 2n;
    else if (this.span < this.limit && logCount < QUIET_WINDOW_LOGS) this.span = this.span * 2n > this.limit ? this.limit : this.span * 2n;
  }
}

/** A window being fetched: its blocks [from, to] and the fetch (which may reject). */
export interface WindowFetch {
  from: bigint;
  to: bigint;
  window: Promise<Window>;
}

/**
 * Windows fetched ahead, continuously: `parallel` windows have their eth_getLogs outstanding at any time, from `from`
 * towards `head`, sized by the {@link WindowSizer} when each is started. A window whose logs have answered (only its
 * headers are left to fetch) or that failed frees its place at once, so the next window's eth_getLogs starts while
 * the earlier ones fetch headers and the caller checks, decodes and writes them; at most `2 × parallel` windows are
 * started and not yet taken (the memory bound). The caller takes them in chain order ({@link shift}). Windows already
 * started when one turns out to discover contracts, to break the chain of hashes or to fail are dropped by the
 * caller ({@link clear}); their results are ignored.
 */
export class WindowQueue {
  private readonly inFlight: WindowFetch[] = [];
  private next: bigint;
  /** Windows whose eth_getLogs have not all answered. */
  private fetchingLogs = 0n;

  /**
   * @param fetch fetches the window [from, to] (e.g. {@link fetchWindow} of the followed contracts as they are when it
   * starts), calling `onLogs` once its eth_getLogs have answered; a rejection is kept for {@link shift}'s caller.
   * @param parallel windows whose eth_getLogs are outstanding at once, at most (≥ 1).
   */
  constructor(
    private readonly fetch: (from: bigint, to: bigint, onLogs: () => void) => Promise<Window>,
    private readonly sizer: WindowSizer,
    private readonly parallel: bigint,
    from: bigint,
    private readonly head: bigint,
  ) {
    this.next = from;
  }

  /**
   * Starts windows until `parallel` have their eth_getLogs outstanding, `2 × parallel` are started and not taken, or
   * the range up to `head` is covered. Called again by itself whenever a window's logs answer.
   */
  fill(): void {
    const byLogs = this.parallel - this.fetchingLogs;
    const byMemory = 2n * this.parallel - BigInt(this.inFlight.length);
    const free = byLogs < byMemory ? byLogs : byMemory;
    if (free <= 0n || this.next > this.head) return;
    for (const [from, to] of this.sizer.plan(this.next, this.head, free)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.fetchingLogs--;
        this.fill();
      };
      this.fetchingLogs++;
      const window = this.fetch(from, to, release);
      window.then(release, release); // a failure frees the place too (and is nobody's if the window was dropped)
      this.inFlight.push({ from, to, window });
      this.next = to + 1n;
    }
  }

  /** The oldest window started, removed from the queue (undefined when none is). */
  shift(): WindowFetch | undefined {
    return this.inFlight.shift();
  }

  /** Windows started and not yet taken. */
  get size(): number {
    return this.inFlight.length;
  }

  /** Windows whose eth_getLogs are outstanding. */
  get fetching(): number {
    return Number(this.fetchingLogs);
  }

  /** Drops every window started; nothing more is started. */
  clear(): void {
    this.inFlight.length = 0;
    this.next = this.head + 1n;
  }
}
