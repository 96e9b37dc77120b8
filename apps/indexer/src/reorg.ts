// Reorg reconciliation: is the indexed tip still on the chain, and if not, where is the common ancestor? A reorg is
// concluded only from a block hash the node answered: an RPC error, a timeout or a null block (a lagging node) throws
// and is retried, never read as "this block is gone". Rolling back goes to the newest recorded range end the node
// still has, through the undo journal (store/rollback.ts); deeper than the journal, the indexer halts.
import type pg from "pg";
import { rollbackTo } from "./store/rollback.ts";
import type { ChainRpc } from "./sync/rpc.ts";

/** What {@link Reconciler.reconcile} did. */
export type Reconciliation =
  /** Nothing was written yet: only fetched windows were on the old branch. */
  | { kind: "nothing-written" }
  /** The tables were rolled back to `ancestor`. */
  | { kind: "rolled-back"; ancestor: bigint }
  /** The reorg is deeper than the journal: nothing was changed; the indexer must halt with `reason`. */
  | { kind: "halt"; reason: string };

/** Compares the indexed chain (IndexerCursor, IndexerBlock) with the node's, and rolls back to the common ancestor. */
export class Reconciler {
  constructor(
    private readonly pool: pg.Pool,
    private readonly rpc: ChainRpc,
    private readonly chainId: number,
    /** Blocks journaled below the head (for the halt message). */
    private readonly finalityDepth: bigint,
    private readonly log: (level: "info" | "warn" | "error", message: string) => void,
  ) {}

  /**
   * Checks the last indexed block (`tip`) against the chain. A reorg is concluded only from a hash the node answered
   * that differs from the indexed one: at the tip, or, when the node has no block at the tip's height (a lagging node
   * or a shorter chain), at the highest recorded range end it does have. `known`: the tip's hash as the node just
   * answered it ({@link ChainRpc.hashAt}), if the caller asked already.
   * @returns the reason of a confirmed reorg, undefined when the tip is still on the chain.
   * @throws Error when the RPC fails, or when the node lacks the tip and no indexed hash it has differs (waiting for
   * it to catch up, or for the other branch to outgrow the indexed one).
   */
  async checkTip(tip: { block: bigint; hash: string }, head: bigint, known?: string | null): Promise<string | undefined> {
    const hash = known === undefined ? await this.rpc.hashAt(tip.block) : known;
    if (hash !== null) return hash === tip.hash ? undefined : `block ${tip.block} now has hash ${hash}, the indexer saw ${tip.hash}`;
    const below = await this.pool.query<{ number: string; hash: string }>(
      `SELECT "number"::text AS "number", "hash" FROM "IndexerBlock" WHERE "chainId" = $1 AND "number" <= $2 ORDER BY "number" DESC LIMIT 1`,
      [this.chainId, head.toString()],
    );
    const row = below.rows[0];
    if (row) {
      const onChain = await this.rpc.hashAt(BigInt(row.number));
      if (onChain !== null && onChain !== row.hash) {
        return `the node has no block ${tip.block} (its head is ${head}), and block ${row.number} now has hash ${onChain}, the indexer saw ${row.hash}`;
      }
    }
    throw new Error(
      `eth_getBlockByNumber(${tip.block}) answered null, the node's head is ${head}: a lagging node, or a reorg to a shorter chain ` +
        `that no block hash confirms yet; not a reorg until one does: retrying`,
    );
  }

  /**
   * Rolls the tables back to the common ancestor with the chain, after a reorg confirmed by a block hash. The ancestor
   * is the highest recorded range end (IndexerBlock) whose hash the node still answers, with every range above it
   * journaled. If the journal does not reach that far, nothing is changed and the answer is to halt.
   *
   * Why halt rather than re-index: the tables are what the apps read live (the cap table), shared by every chain and
   * keyed by chainId. Deleting them and re-indexing from `startBlock` left them empty, or partial, for as long as the
   * re-index took. Rebuilding beside them and swapping would need a shadow copy of every chain-derived table and one
   * transaction replacing all of the chain's rows at once (on PGlite, which serializes transactions, that blocks
   * every reader for as long as it takes). A reorg deeper than `finalityDepth` is a finality failure of the chain or a
   * chain reset (a dev node restarted without its state): an operator has to look at it anyway, so the indexer keeps
   * the last consistent tables readable, stops, and says so in the log and in `IndexerCursor.haltedReason`.
   * @throws Error when the RPC fails or lacks a block needed to decide (nothing is changed; the caller retries).
   */
  async reconcile(reason: string): Promise<Reconciliation> {
    const { pool, chainId } = this;
    const blocks = await pool.query<{ number: string; hash: string; journaled: boolean }>(
      `SELECT "number"::text AS "number", "hash", "journaled" FROM "IndexerBlock" WHERE "chainId" = $1 ORDER BY "number" DESC`,
      [chainId],
    );
    if (blocks.rows.length === 0) {
      const cursor = await pool.query(`SELECT 1 FROM "IndexerCursor" WHERE "chainId" = $1`, [chainId]);
      if (cursor.rowCount === 0) {
        this.log("warn", `reorg before the first write: ${reason}`);
        return { kind: "nothing-written" };
      }
    }
    let ancestor: { block: bigint; hash: string } | undefined;
    /** The lowest recorded range end the node answered with another hash (what proves a halt). */
    let deepest: bigint | undefined;
    for (const row of blocks.rows) {
      const block = BigInt(row.number);
      const onChain = await this.rpc.hashAt(block);
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
      this.log("warn", `reorg: ${reason}; rolling back to the common ancestor, block ${ancestor.block}`);
      await rollbackTo(pool, chainId, ancestor.block, ancestor.hash);
      return { kind: "rolled-back", ancestor: ancestor.block };
    }
    if (deepest === undefined) {
      throw new Error(`no recorded block of chain ${chainId} could be compared with the node while checking a reorg (${reason}); retrying`);
    }
    const cursor = await pool.query<{ lastBlock: string }>(`SELECT "lastBlock"::text AS "lastBlock" FROM "IndexerCursor" WHERE "chainId" = $1`, [chainId]);
    return {
      kind: "halt",
      reason:
        `reorg deeper than the journal: ${reason}; down to block ${deepest} no recorded block is on the chain any more ` +
        `(the journal covers the last ${this.finalityDepth} blocks, INDEXER_FINALITY_DEPTH). Stopped; nothing was deleted: ` +
        `the tables still show the chain as indexed up to block ${cursor.rows[0]?.lastBlock ?? "?"}, which is no longer the canonical chain. ` +
        `To re-index, run an indexer into an empty database and switch the apps to it, or delete chain ${chainId}'s rows ` +
        `(rollbackAll of @tessera/indexer; the tables stay partial until it catches up) and restart it.`,
    };
  }
}
