// The store: the indexer's write path: one block range (or several merged ranges) and the cursor in ONE transaction.
//
// Why hand-written SQL and COPY instead of Prisma here: on the backfill hot path Prisma's per-row writes cost about
// 0.5 ms a row (Prisma `createMany` ≈ 2k events/s, per-event create + upsert ≈ 170 ev/s; `$executeRaw` with unnest
// ≈ 15k), while COPY reaches most of what psql's server-side COPY does (`npm run bench:indexer` prints both in the same
// run; the figures below are from it). Balances: near the head each transaction aggregates
// its deltas in memory and applies them by one set-based upsert. Far below the head (backfill, `deferBalances`) a
// transaction writes only the Transfer rows (COPY) and the cursor's `backfillBlock`; balances, supply and holder counts
// are settled later from those committed rows by one aggregation and one set-based update per stretch of up to
// INDEXER_SETTLE_EVENTS events, as the ceiling does: each holder's row is updated once per stretch instead of once
// per transaction. Measured (1,000,000 Transfer logs, 2 cores shared with other engineers' e2e runs, load average
// 9-12, so absolute rates far below a quiet machine's): per-transaction balances 84% of the ceiling with 10,000
// holders and 58% with 1,000,000 (quiet; 44% under load), peak RSS 455-481 MB with 50,000-event transactions;
// settled per stretch with 10,000-event transactions, two runs: 82% / 73% with 10,000 holders (8,539 vs 10,447 and
// 9,168 vs 12,489 ev/s) and 83% / 69% with 1,000,000 (8,261 vs 9,915 and 6,661 vs 9,721 ev/s), peak RSS 360-386 MB.
// What is left of the gap is Node's share of the 2 cores (decoding and formatting the COPY text), not the balances. The transaction runs on one `pg` connection of the pool shared with Prisma (`createPool` of
// @tessera/db); Prisma stays the schema's owner and the API's read path. Durable tables only: no unlogged tables, no
// synchronous_commit=off.
import type pg from "pg";
import { contractNames, declarationOf, type ContractName, type DecodedEvent } from "../contracts.ts";
import { discoveryParents, Followed } from "../follow.ts";
import { handlerOf, type AssetHandlerContext, type HandlerResult } from "../handlers/index.ts";
import { Journal } from "./journal.ts";
import { inTransaction, supportsCopy, utcText } from "./sql.ts";
import { applyTransfers, CREATE_STAGES, insertTransfers, settle, type TransferEvent } from "./transfers.ts";

/** Everything fetched from the chain for one block range, ready to be written in one transaction. */
export interface RangeBatch {
  chainId: number;
  fromBlock: bigint;
  toBlock: bigint;
  /** Hash of `toBlock`, stored with the cursor and in IndexerBlock (reorg detection). */
  toBlockHash: string;
  /** Decoded events in chain order (block number, then log index). */
  events: DecodedEvent[];
  /** Unix seconds of every block holding an indexed event. */
  blockTimes: Map<bigint, number>;
  /** Senders of the transactions whose rows record them (see `Pending.senders` of sync/historical.ts). */
  senders?: ReadonlyMap<string, string>;
  /** The deployments file's contracts by lower-case address (`fixedAddresses` of contracts.ts). */
  fixed: ReadonlyMap<string, ContractName>;
  /**
   * Record pre-images of every changed row in IndexerUndo, so that a reorg can revert this range alone
   * (set for ranges within the finality depth of the head; backfill far below the head skips it).
   */
  journal?: boolean;
  /** Blocks of reorg history (IndexerBlock, IndexerUndo) kept below `toBlock` (default 256). */
  keepBlocks?: number;
  /**
   * Backfill mode (only with `journal` off): write the Transfer rows and every other event, but leave balances,
   * total supply and holder counts for a later settlement (the cursor's `backfillBlock` moves, `lastBlock` does not).
   * The next write without it, or {@link settleBalances}, first applies every pending range from its Transfer rows
   * in one set-based statement, in its own transaction: nothing is held in memory, so a crash loses nothing.
   */
  deferBalances?: boolean;
}

/** What {@link writeRange} changed. */
export interface WriteResult extends HandlerResult {
  /** Transfers inserted now (0 when the range had been written before). */
  transfers: number;
  /** False when the stored cursor was already at or past `toBlock` (nothing applied). */
  applied: boolean;
  /** The cursor's `lastBlock` after the write: every table is complete up to it (balances settled). */
  lastBlock: bigint | undefined;
  /** True while Transfer rows are written past `lastBlock` with balances not yet settled (`backfillBlock`). */
  unsettled: boolean;
}

/**
 * Writes one block range and the cursor in ONE database transaction. Idempotent: under a per-chain lock the stored
 * cursor is re-read and only events of blocks after it are applied. Transfers go straight into "Transfer" by COPY
 * when the table provably holds no row of this chain above the cursor (checked in the same transaction: rows and
 * cursor only ever commit together); otherwise through a staging table and `INSERT … ON CONFLICT DO NOTHING`, and
 * balances, total supply and holder counts are derived from the rows actually inserted. Balance deltas are
 * aggregated in memory and applied by one set-based upsert, or, with `deferBalances` (backfill below the finality
 * depth), left to a later settlement from the committed Transfer rows (see {@link RangeBatch.deferBalances}); a
 * write without it first settles whatever is pending. Every other event goes to its handler (src/handlers/, keyed
 * `"Contract:EventName"`) in chain order, the factory's first (see {@link SETUP_CONTRACTS}). The transaction awaits nothing but its own
 * connection (safe on PGlite, which serializes whole transactions).
 * @returns what changed, and the cursor's settled `lastBlock` afterwards.
 * @throws the database's error (the transaction is rolled back: nothing of the range is kept).
 */
export async function writeRange(pool: pg.Pool, batch: RangeBatch): Promise<WriteResult> {
  const { chainId } = batch;
  const useCopy = await supportsCopy(pool);
  const result: WriteResult = {
    transfers: 0, newAssets: new Map(), complianceChanges: new Map(), applied: false, lastBlock: undefined, unsettled: false,
  };
  let settledPending = false;
  await inTransaction(pool, chainId, async (client) => {
    settledPending = false; // a retried transaction starts over
    result.newAssets.clear();
    result.complianceChanges.clear();
    const cursor = await readCursor(client, chainId);
    result.lastBlock = cursor?.lastBlock;
    result.unsettled = cursor?.backfillBlock !== undefined;
    // A halted chain (a reorg deeper than the journal, see IndexerCursor.haltedReason) takes no more writes.
    if (cursor?.haltedReason) return;
    // Transfer rows (and the other events) are written up to `stored`; balances up to `cursor.lastBlock`.
    const stored = cursor ? (cursor.backfillBlock ?? cursor.lastBlock) : undefined;
    if (stored !== undefined && stored >= batch.toBlock) return;
    const events = stored === undefined ? batch.events : batch.events.filter((e) => e.blockNumber > stored);
    await client.query(CREATE_STAGES);
    // Rows of this chain above the cursor exist only if the cursor was lost (or deleted): then each row is inserted
    // only if missing, and balances move by the inserted rows alone, never deferred (a settlement would recount them).
    const above = await client.query(
      `SELECT 1 FROM "Transfer" WHERE "chainId" = $1 AND "blockNumber" > $2 LIMIT 1`,
      [chainId, (stored ?? -1n).toString()],
    );
    const defer = Boolean(batch.deferBalances) && !batch.journal && above.rowCount === 0;
    // Settle the pending backfill before this range, unjournaled: it belongs to ranges below the finality depth,
    // which no reorg rolled back to a journaled ancestor can undo (a deeper one halts the indexer, see reorg.ts).
    if (!defer && cursor?.backfillBlock !== undefined) {
      await settle(client, chainId, cursor.lastBlock, cursor.backfillBlock);
      settledPending = true;
    }
    const journal = batch.journal ? new Journal(client, chainId, batch.fromBlock) : undefined;

    // 1. The handlers, in chain order (the factory's first); Transfer handlers only collect the range's transfers.
    const followed = await loadFollowed(client, chainId, batch.fixed);
    const context = new RangeContext(client, chainId, journal, followed, batch.blockTimes, batch.senders, result);
    for (const e of events) {
      if (!SETUP_CONTRACTS.has(e.contract)) continue;
      const done = context.dispatch(e);
      if (done) await done;
    }
    for (const e of events) {
      if (SETUP_CONTRACTS.has(e.contract)) continue;
      // Synchronous handlers (Token:Transfer appends to the batch) cost no microtask.
      const done = context.dispatch(e);
      if (done) await done;
    }

    // 2. Transfers: rows by COPY (or unnest), then balances, supply and holder counts from the inserted transfers only,
    // aggregated in memory (or later, for a whole backfill stretch at once, from the Transfer rows: see `settle`).
    const transfers = context.transfers;
    const applied = await insertTransfers(client, chainId, transfers, batch.blockTimes, useCopy, above.rowCount === 0);
    result.transfers = applied.length;
    if (!defer) {
      if (journal) await journal.assets(new Set(applied.map((e) => e.address)));
      await applyTransfers(client, chainId, applied, useCopy, journal);
    }

    // 3. Reorg history and the cursor, in the same transaction.
    await writeCursor(client, batch, cursor, defer, result);
    result.applied = true;
  });
  if (settledPending) await analyzeAfterSettlement(pool);
  return result;
}

/**
 * Contracts whose handlers run before the range's other events: the factory (deployAsset emits the token's, the
 * modules' and the AccessManager's events before AssetDeployed in the same transaction).
 */
const SETUP_CONTRACTS: ReadonlySet<ContractName> = discoveryParents;

/** The followed addresses as the database knows them (every Asset row), inside the range's transaction. */
async function loadFollowed(client: pg.PoolClient, chainId: number, fixed: ReadonlyMap<string, ContractName>): Promise<Followed> {
  const columns = Followed.assetColumns.map((c) => `"${c}"`).join(", ");
  const assets = await client.query<Record<string, string | null>>(`SELECT ${columns} FROM "Asset" WHERE "chainId" = $1`, [chainId]);
  return new Followed(fixed).addAssets(assets.rows);
}

/** A range's {@link HandlerContext}: dispatches each event to its handler (handlers/index.ts). */
class RangeContext implements AssetHandlerContext {
  readonly transfers: TransferEvent[] = [];
  /** The asset of the event being handled (contracts per asset only). */
  token = "";
  private readonly times = new Map<bigint, string>();

  constructor(
    readonly db: pg.PoolClient,
    readonly chainId: number,
    readonly journal: Journal | undefined,
    readonly followed: Followed,
    private readonly blockTimes: Map<bigint, number>,
    private readonly senders: ReadonlyMap<string, string> | undefined,
    readonly result: WriteResult,
  ) {}

  sender(txHash: string): string | null {
    return this.senders?.get(txHash) ?? null;
  }

  blockTime(block: bigint): string {
    let t = this.times.get(block);
    if (t === undefined) {
      t = utcText(this.blockTimes.get(block) ?? 0);
      this.times.set(block, t);
    }
    return t;
  }

  async setAsset(token: string, assignments: string, values: unknown[], extra = ""): Promise<void> {
    await this.journal?.assets([token]);
    await this.db.query(`UPDATE "Asset" SET ${assignments} WHERE "chainId" = $1 AND "token" = $2${extra}`, [this.chainId, token, ...values]);
  }

  /**
   * Runs the event's handler. Events of per-asset contracts (contracts.ts: factory children, filtered singletons) run
   * with their asset as `token`, and not at all when they concern no followed asset. Discoveries are applied first.
   */
  dispatch(e: DecodedEvent): void | Promise<void> {
    if (PER_ASSET.has(e.contract)) {
      const token = this.followed.assetOfEvent(e);
      if (token === undefined) return;
      this.token = token;
    }
    this.followed.discover(e);
    const handler = handlerOf(e);
    return handler ? handler(e, this) : undefined;
  }
}

/** Contracts whose events concern one asset (contracts.ts `AssetContract`). */
const PER_ASSET: ReadonlySet<ContractName> = new Set(
  contractNames.filter((name) => declarationOf(name).address.kind === "factory" || declarationOf(name).filter !== undefined),
);

/** IndexerBlock (the range's end and hash) and the cursor, in the range's transaction. */
async function writeCursor(
  client: pg.PoolClient,
  batch: RangeBatch,
  cursor: Awaited<ReturnType<typeof readCursor>>,
  defer: boolean,
  result: WriteResult,
): Promise<void> {
  const { chainId } = batch;
  const keep = BigInt(batch.keepBlocks ?? 256);
  // One statement (one round trip: this runs for every block at the head): the range's end in IndexerBlock, the
  // journal pruned past the finality depth, and the cursor. The CTEs touch disjoint rows (the pruned blocks are all
  // below the inserted one), so their shared snapshot changes nothing.
  const remember = `WITH block AS (
      INSERT INTO "IndexerBlock" ("chainId", "number", "hash", "journaled") VALUES ($1, $2, $3, $4)
      ON CONFLICT ("chainId", "number") DO UPDATE SET "hash" = EXCLUDED."hash", "journaled" = EXCLUDED."journaled"
      RETURNING 1
    ), pruned_blocks AS (
      DELETE FROM "IndexerBlock" WHERE "chainId" = $1 AND "number" < $5 RETURNING 1
    ), pruned_undo AS (
      DELETE FROM "IndexerUndo" WHERE "chainId" = $1 AND "rangeFrom" <= $5 RETURNING 1
    )`;
  const blockParams = [chainId, batch.toBlock.toString(), batch.toBlockHash, Boolean(batch.journal), (batch.toBlock - keep).toString()];
  if (defer) {
    // lastBlock stays (a first range starts the cursor just below itself); the written rows reach backfillBlock.
    await client.query(
      `${remember}
       INSERT INTO "IndexerCursor" ("chainId", "lastBlock", "lastBlockHash", "backfillBlock", "backfillBlockHash", "updatedAt")
       VALUES ($1, $6, '', $2, $3, now() AT TIME ZONE 'UTC')
       ON CONFLICT ("chainId") DO UPDATE SET "backfillBlock" = EXCLUDED."backfillBlock",
         "backfillBlockHash" = EXCLUDED."backfillBlockHash", "updatedAt" = EXCLUDED."updatedAt"`,
      [...blockParams, (batch.fromBlock - 1n).toString()],
    );
    result.lastBlock = cursor?.lastBlock ?? batch.fromBlock - 1n;
    result.unsettled = true;
  } else {
    await client.query(
      `${remember}
       INSERT INTO "IndexerCursor" ("chainId", "lastBlock", "lastBlockHash", "updatedAt") VALUES ($1, $2, $3, now() AT TIME ZONE 'UTC')
       ON CONFLICT ("chainId") DO UPDATE SET "lastBlock" = EXCLUDED."lastBlock", "lastBlockHash" = EXCLUDED."lastBlockHash",
         "backfillBlock" = NULL, "backfillBlockHash" = NULL, "updatedAt" = EXCLUDED."updatedAt"`,
      blockParams,
    );
    result.lastBlock = batch.toBlock;
    result.unsettled = false;
  }
}

/** The chain's cursor row, read inside the writer's transaction. */
export async function readCursor(client: pg.PoolClient, chainId: number) {
  const { rows } = await client.query<{ lastBlock: string; backfillBlock: string | null; backfillBlockHash: string | null; haltedReason: string | null }>(
    `SELECT "lastBlock"::text AS "lastBlock", "backfillBlock"::text AS "backfillBlock", "backfillBlockHash", "haltedReason"
     FROM "IndexerCursor" WHERE "chainId" = $1`,
    [chainId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    lastBlock: BigInt(row.lastBlock),
    backfillBlock: row.backfillBlock === null ? undefined : BigInt(row.backfillBlock),
    backfillBlockHash: row.backfillBlockHash ?? undefined,
    haltedReason: row.haltedReason ?? undefined,
  };
}

/**
 * Settles a pending backfill (see {@link RangeBatch.deferBalances}): applies the balances of the Transfer rows
 * written past `lastBlock` and moves `lastBlock` to `backfillBlock`, in one transaction under the chain's lock.
 * @returns the cursor's `lastBlock` afterwards (undefined: no cursor yet).
 */
export async function settleBalances(pool: pg.Pool, chainId: number): Promise<bigint | undefined> {
  let settled = false;
  const last = await inTransaction(pool, chainId, async (client) => {
    const cursor = await readCursor(client, chainId);
    if (!cursor || cursor.backfillBlock === undefined) return cursor?.lastBlock;
    await client.query(CREATE_STAGES);
    await settle(client, chainId, cursor.lastBlock, cursor.backfillBlock);
    await client.query(
      `UPDATE "IndexerCursor" SET "lastBlock" = "backfillBlock", "lastBlockHash" = "backfillBlockHash", "backfillBlock" = NULL,
         "backfillBlockHash" = NULL, "updatedAt" = now() AT TIME ZONE 'UTC' WHERE "chainId" = $1`,
      [chainId],
    );
    settled = true;
    return cursor.backfillBlock;
  });
  if (settled) await analyzeAfterSettlement(pool);
  return last;
}

/**
 * Refreshes the planner's statistics after a settlement. A settlement can write up to a million holdings at once,
 * faster than autovacuum re-analyzes them; with the old statistics the planner sorts every holder for the cap table's
 * first page (measured: 468 ms at 1M holders) instead of reading 50 rows off the (chainId, token, balance DESC) index
 * (0.2 ms). Statistics only: a failure changes no data and is ignored.
 */
async function analyzeAfterSettlement(pool: pg.Pool): Promise<void> {
  await pool.query(`ANALYZE "Holding", "Transfer"`).catch(() => {});
}

