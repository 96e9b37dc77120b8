import { BaseError } from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import { getPublicClient } from "../chain/public-client";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";

/**
 * Reads that come from the index (roles, transfer approvers, approvals, compliance modules) but must answer what the
 * chain says now wait here first: the index must have written every block up to the chain head seen at the start of
 * the request. So a role granted or a transfer requested in a transaction the wallet has just seen confirmed is
 * there (read-your-writes), exactly as when those routes read the chain. Following the head by newHeads
 * subscription, the index is tens of milliseconds behind (at most one INDEXER_POLL_MS, 250 ms by default, when it
 * polls), so the wait is short.
 */

/** How often the index's cursor is read while waiting, ms. */
const POLL_MS = 25;

/** The chain head a read was judged at. */
export interface ChainHead {
  /** Block number. */
  block: bigint;
  /** The block's timestamp, unix seconds (what `block.timestamp` is in a view call at the head). */
  timestamp: bigint;
}

/**
 * Waits until the index (`IndexerCursor.lastBlock`) has reached the chain head as the node answers it now.
 * @returns the head (number and timestamp)
 * @throws ApiError CHAIN_UNAVAILABLE when the node cannot answer; INDEX_BEHIND when the indexer is halted or does not
 *   reach the head within the server config's `indexWaitMs` (INDEX_WAIT_MS, default 5 s); database errors as they are
 */
export async function indexAtHead(): Promise<ChainHead> {
  let head: ChainHead;
  try {
    const b = await getPublicClient().getBlock({ blockTag: "latest" });
    head = { block: b.number, timestamp: b.timestamp };
  } catch (err) {
    console.error("[api] blockchain node error", err instanceof BaseError ? err.shortMessage : err);
    throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable.");
  }
  const { chainId, indexWaitMs } = getServerConfig();
  const deadline = Date.now() + indexWaitMs;
  for (;;) {
    const cursor = await getPrisma().indexerCursor.findUnique({ where: { chainId }, select: { lastBlock: true, haltedReason: true } });
    if (cursor && cursor.lastBlock >= head.block) return head;
    if (cursor?.haltedReason) throw new ApiError(ErrorCode.INDEX_BEHIND, `The indexer is halted: ${cursor.haltedReason}`);
    if (Date.now() >= deadline) {
      throw new ApiError(
        ErrorCode.INDEX_BEHIND,
        `The index has not reached the chain head yet (block ${cursor?.lastBlock ?? "none"} of ${head.block}); try again in a moment.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
