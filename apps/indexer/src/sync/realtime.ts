// Realtime sync: once the indexed tip reaches the head, wait for the next block. A WebSocket `eth_subscribe newHeads`
// subscription (same host and port as the HTTP endpoint, as anvil and most providers serve it) ends the wait as soon
// as a block arrives; polling every `pollIntervalMs` stays the fallback (no WebSocket, a refused subscription, a lost
// connection). From a notification the indexer takes only the head's number, as a hint that saves the round trip
// asking for it: the blocks themselves (logs, headers, hashes) are read over HTTP as always and each window must
// extend the indexed tip's hash, so a missed, duplicated, stale or forged notification changes nothing but timing.
import { webSocket } from "viem";

type Log = (level: "info" | "warn" | "error", message: string) => void;

/** Distinct WebSocket URLs per subscriber (viem keeps one socket per URL; each indexer closes its own). */
let subscribers = 0;

/** Waits between head polls, woken early by new heads (when subscribed) and by a stop. */
export class HeadWaiter {
  private wakeCurrent: (() => void) | undefined;
  /** A head arrived while no wait was in progress: the next wait returns at once. */
  private headSeen = false;
  private closeSubscription: (() => Promise<void>) | undefined;
  private closed = false;
  /** The highest block number a notification announced and no step has taken yet (see {@link takeHead}). */
  private announced: bigint | undefined;

  /** Resolves after `ms`, at a new head (or at once if one arrived since the last wait), or at {@link wake}. */
  untilNextHead(ms: number): Promise<void> {
    if (this.headSeen) {
      this.headSeen = false;
      return Promise.resolve();
    }
    return this.sleep(ms);
  }

  /** Resolves after `ms` (a back-off), or at {@link wake}; new heads do not shorten it. */
  backoff(ms: number): Promise<void> {
    return this.sleep(ms, false);
  }

  /**
   * The head number the last notifications announced, once (undefined when none arrived since the last call, or
   * without a subscription). A hint only: the caller still checks every window against the indexed tip's hash.
   */
  takeHead(): bigint | undefined {
    const head = this.announced;
    this.announced = undefined;
    return head;
  }

  /** Ends the wait in progress (a stop). */
  wake(): void {
    this.wakeCurrent?.();
  }

  private waitingForHead = false;

  private sleep(ms: number, forHead = true): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeCurrent = undefined;
        this.waitingForHead = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeCurrent = done;
      this.waitingForHead = forHead;
    });
  }

  private onHead(data: unknown): void {
    const number = (data as { result?: { number?: unknown } } | undefined)?.result?.number;
    if (typeof number === "string" && /^0x[0-9a-f]{1,16}$/i.test(number)) {
      const n = BigInt(number);
      if (this.announced === undefined || n > this.announced) this.announced = n;
    }
    if (this.waitingForHead) this.wakeCurrent?.();
    else this.headSeen = true;
  }

  /**
   * Subscribes to `newHeads` at the WebSocket twin of `httpUrl` (http → ws, https → wss). Never throws: without a
   * subscription the waits are plain polls (logged once).
   */
  async subscribe(httpUrl: string, log: Log): Promise<void> {
    if (!/^https?:\/\//.test(httpUrl)) return;
    const url = new URL(httpUrl.replace(/^http/, "ws"));
    url.searchParams.set("tessera-indexer", String(++subscribers));
    try {
      const transport = webSocket(url.toString(), { reconnect: false, keepAlive: false, retryCount: 0, timeout: 5_000 })({});
      const { unsubscribe } = await transport.value!.subscribe({
        params: ["newHeads"],
        onData: (data) => this.onHead(data),
        onError: () => {},
      });
      const close = async () => {
        await unsubscribe().catch(() => {});
        (await transport.value!.getRpcClient().catch(() => undefined))?.close();
      };
      if (this.closed) await close();
      else this.closeSubscription = close;
    } catch (err) {
      log("info", `no newHeads subscription at ${url.origin} (${err instanceof Error ? err.message.split("\n")[0] : String(err)}); polling`);
    }
  }

  /** Ends the subscription, if any. */
  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    const close = this.closeSubscription;
    this.closeSubscription = undefined;
    await close?.();
  }
}
