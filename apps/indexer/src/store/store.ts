// The store as the indexer drives it: the cursor it resumes from, the ranges it hands over (journaled near the head,
// balances deferred far below it), the settlement of deferred balances, and the halt record. Owns the write side's
// state (the pipelined writer, the count of events whose balances are pending).
import type pg from "pg";
import type { ContractName } from "../contracts.ts";
import { Followed } from "../follow.ts";
import type { Pending } from "../sync/historical.ts";
import { PipelinedWriter } from "./pipeline.ts";
import { settleBalances, type RangeBatch, type WriteResult } from "./write-range.ts";

/** The stored cursor, as a (re)starting indexer reads it. */
export interface StoredCursor {
  /** Last block whose rows are written (backfillBlock while balances are pending, else lastBlock) and its hash. */
  tip: { block: bigint; hash: string } | undefined;
  /** Every table is complete up to here (balances settled). */
  lastBlock: bigint | undefined;
  /** Set when an earlier run halted (a reorg deeper than the journal). */
  haltedReason: string | undefined;
}

export interface StoreOptions {
  /** Blocks below the head that are journaled (IndexerUndo) and kept in IndexerBlock. */
  finalityDepth: bigint;
  /** Deferred balances are settled once this many events are pending. */
  settleEvents: number;
}

/** Writes ranges of one chain in order, one transaction each, the next fetched while the previous commits. */
export class Store {
  private readonly writer: PipelinedWriter;
  /** Events handed over with deferred balances since the last settlement. */
  private unsettledEvents = 0;
  /** The last committed write left balances unsettled (cursor backfillBlock set). */
  private unsettled = false;

  /** @param onCommitted called as each range commits (in order). */
  constructor(
    private readonly pool: pg.Pool,
    private readonly chainId: number,
    private readonly fixed: ReadonlyMap<string, ContractName>,
    private readonly options: StoreOptions,
    onCommitted: (batch: RangeBatch, result: WriteResult) => void,
  ) {
    this.writer = new PipelinedWriter(pool, (batch, result) => {
      if (result.applied) this.unsettled = result.unsettled;
      onCommitted(batch, result);
    });
  }

  /** True while a write is in flight. */
  get busy(): boolean {
    return this.writer.busy;
  }

  /** Reads the cursor (after waiting for any write in flight, its failure ignored: the cursor says what committed). */
  async readCursor(): Promise<StoredCursor> {
    await this.writer.flush().catch(() => {});
    const { rows } = await this.pool.query<{
      lastBlock: string; lastBlockHash: string; backfillBlock: string | null; backfillBlockHash: string | null; haltedReason: string | null;
    }>(
      `SELECT "lastBlock"::text AS "lastBlock", "lastBlockHash", "backfillBlock"::text AS "backfillBlock", "backfillBlockHash", "haltedReason"
       FROM "IndexerCursor" WHERE "chainId" = $1`,
      [this.chainId],
    );
    const row = rows[0];
    this.unsettled = row?.backfillBlock != null;
    this.unsettledEvents = 0;
    return {
      // Rows are written up to backfillBlock when a backfill's balances are pending, else up to lastBlock.
      tip: row
        ? row.backfillBlock !== null
          ? { block: BigInt(row.backfillBlock), hash: row.backfillBlockHash! }
          : { block: BigInt(row.lastBlock), hash: row.lastBlockHash }
        : undefined,
      lastBlock: row ? BigInt(row.lastBlock) : undefined,
      haltedReason: row?.haltedReason ?? undefined,
    };
  }

  /** The followed contracts as the database knows them: the deployments file's and every Asset's children. */
  async readFollowed(): Promise<Followed> {
    const columns = Followed.assetColumns.map((c) => `"${c}"`).join(", ");
    const assets = await this.pool.query<Record<string, string | null>>(`SELECT ${columns} FROM "Asset" WHERE "chainId" = $1`, [this.chainId]);
    return new Followed(this.fixed).addAssets(assets.rows);
  }

  /**
   * Hands `p` to the writer (after the write in flight commits). Ranges within the finality depth of `head` are
   * journaled; ranges below it defer their balances until `settleEvents` are pending.
   * @throws the previous write's error.
   */
  async submit(p: Pending, head: bigint): Promise<void> {
    const { finalityDepth, settleEvents } = this.options;
    const journal = p.to + finalityDepth > head;
    const deferBalances = !journal && this.unsettledEvents + p.events.length < settleEvents;
    this.unsettledEvents = deferBalances ? this.unsettledEvents + p.events.length : 0;
    await this.writer.write({
      chainId: this.chainId,
      fromBlock: p.from,
      toBlock: p.to,
      toBlockHash: p.toHash,
      events: p.events,
      blockTimes: p.blockTimes,
      senders: p.senders,
      fixed: this.fixed,
      journal,
      keepBlocks: Number(finalityDepth),
      deferBalances,
    });
  }

  /** Waits for the write in flight. @throws its error. */
  async flush(): Promise<void> {
    await this.writer.flush();
  }

  /** Waits for the write in flight, ignoring its failure (before a rollback or a reload). */
  async drain(): Promise<void> {
    await this.writer.flush().catch(() => {});
  }

  /**
   * Settles balances a backfill left pending (caught up at the head, e.g. a restart right there).
   * @returns the cursor's `lastBlock` afterwards, or undefined when nothing was pending.
   */
  async settleIfPending(): Promise<bigint | undefined> {
    if (!this.unsettled) return undefined;
    const last = await settleBalances(this.pool, this.chainId);
    this.unsettled = false;
    this.unsettledEvents = 0;
    return last;
  }

  /** Records a halt in `IndexerCursor.haltedReason`. @throws the database's error. */
  async recordHalt(reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE "IndexerCursor" SET "haltedReason" = $2, "updatedAt" = now() AT TIME ZONE 'UTC' WHERE "chainId" = $1`,
      [this.chainId, reason],
    );
  }
}
