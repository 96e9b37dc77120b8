// The typed handler registry (Ponder's `ponder.on("Contract:Event", ({ event, context }) => …)` shape, our own code):
// one handler per `"Contract:EventName"` key of contracts.ts, `event.args` typed from the generated ABI. The registry
// type requires every key of every declared contract: a missing key or a typo is a type error, and `null` states
// "not indexed" explicitly.
import type pg from "pg";
import type { AssetContract, ContractName, EventKey, EventName, IndexedEvent } from "../contracts.ts";
import type { Followed } from "../follow.ts";
import type { Journal } from "../store/journal.ts";

/** What a range's write changed, beyond its rows (see store/write-range.ts `WriteResult`). */
export interface HandlerResult {
  /** Assets created now: token → compliance. */
  newAssets: Map<string, string>;
  /** Tokens whose compliance changed: token → new compliance. */
  complianceChanges: Map<string, string>;
}

/** What a handler may use: the range's transaction and the store's helpers. Handlers run in chain order. */
export interface HandlerContext {
  readonly chainId: number;
  /** The range's database transaction (one connection; never await another connection's query here). */
  readonly db: pg.PoolClient;
  /** Pre-images for reorgs (ranges within the finality depth of the head), else undefined. */
  readonly journal: Journal | undefined;
  /** The write side's followed addresses (assets created earlier in the range included). */
  readonly followed: Followed;
  readonly result: HandlerResult;
  /** The Transfer events of the range: the store writes them after the handlers, by COPY (or unnest) and set-based balances. */
  readonly transfers: IndexedEvent<"Token", "Transfer">[];
  /**
   * The sender (`from`, lower-case) of transaction `txHash` (lower-case), for events of contracts declared with
   * `senders` (contracts.ts); null otherwise.
   */
  sender(txHash: string): string | null;
  /** Timestamp of a block as `timestamp(3)` text (UTC). */
  blockTime(block: bigint): string;
  /**
   * `UPDATE "Asset" SET <assignments> WHERE chainId = $1 AND token = $2<extra>` with `values` as $3…, after
   * journaling the asset's pre-image (once per range).
   */
  setAsset(token: string, assignments: string, values: unknown[], extra?: string): Promise<void>;
}

/** The context of events that concern one asset (factory children and filtered module singletons). */
export interface AssetHandlerContext extends HandlerContext {
  /** The asset (token address, lower-case) the event is for. */
  readonly token: string;
}

/** Event(s) `E` of contract `C` (a union of names: one handler for several events narrows on `event.name`). */
export type EventOf<C extends ContractName, E extends EventName<C>> = { [K in E]: IndexedEvent<C, K> }[E];
/** The context a handler of contract `C` gets. */
export type ContextOf<C extends ContractName> = C extends AssetContract ? AssetHandlerContext : HandlerContext;

/**
 * The handler of event `E` of contract `C`. For one function handling several events, write its parameters as
 * `(event: EventOf<C, "A" | "B">, context: ContextOf<C>)` (the alias over a union would be compared by name).
 */
export type Handler<C extends ContractName, E extends EventName<C>> = (event: EventOf<C, E>, context: ContextOf<C>) => void | Promise<void>;

type HandlerFor<K extends EventKey> = K extends `${infer C}:${infer E}`
  ? C extends ContractName
    ? E extends EventName<C>
      ? Handler<C, E>
      : never
    : never
  : never;

/** The complete registry: every event of every declared contract, a handler or `null` (not indexed). */
export type Handlers = { [K in EventKey]: HandlerFor<K> | null };
/** The registry's part for contract(s) `C` (one handler file's object, `satisfies HandlersOf<"Token">`). */
export type HandlersOf<C extends ContractName> = Pick<Handlers, Extract<EventKey, `${C}:${string}`>>;
