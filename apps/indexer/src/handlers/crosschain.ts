// The cross-chain index (ARCHITECTURE.md, Cross-chain index): each platform token's AssetBridge (the token's
// BridgeSet names it; contracts.ts follows it from there), its links (CrosschainLink) and its transfers
// (CrosschainTransfer, keyed by message id, and CrosschainReturn).
//
// A transfer's halves come from two chains, each indexed by its own worker at its own pace, so every write is an
// upsert of the columns its half owns: the source half (CrosschainTransferSent) the `source*` columns, the
// destination half (Received or Refused) the `destination*` columns plus `returnId`/`code`, the return (Returned, on
// the source chain, naming only the return's message id) a CrosschainReturn row copied into `returned*` once the
// refusal naming it is known, whichever comes first. Columns both halves know (chains, wallets, amount) are written by
// whichever half comes first and are equal in both. A reorg clears the columns of the halves its chain wrote above the
// common ancestor (one event each, so no pre-image is needed) and leaves the other chain's half as it is.
import { parseEvmInteropAddress } from "@tessera/sdk";
import type pg from "pg";
import type { AssetHandlerContext, HandlersOf } from "./types.ts";

const ZERO = "0x0000000000000000000000000000000000000000";

/** SQL: a CrosschainTransfer row's status from the halves it holds (returned > refused > delivered > sent). */
export const STATUS_SQL = `CASE WHEN "returnedBlock" IS NOT NULL THEN 'returned' WHEN "returnId" IS NOT NULL THEN 'refused'
  WHEN "destinationBlock" IS NOT NULL THEN 'delivered' ELSE 'sent' END`;

/**
 * The chain id and lower-case wallet of an ERC-7930 EVM address; chain 0 and the raw bytes when it names no EVM
 * chain (a bridge only routes to linked chains, so this is a link the platform cannot follow, still recorded).
 */
export function interop(value: `0x${string}`): { chainId: number; wallet: string } {
  try {
    const { chainId, address } = parseEvmInteropAddress(value);
    return { chainId, wallet: address.toLowerCase() };
  } catch {
    return { chainId: 0, wallet: value.toLowerCase() };
  }
}

/**
 * Serializes the two writers of a return with the refusal naming it: the L2's worker writes the refusal and the L1's
 * the return, in concurrent transactions. Each copies the return onto the transfer if the other's row is there, and
 * under READ COMMITTED neither sees the other's uncommitted row: both would commit and the transfer stay "refused".
 * A transaction-scoped advisory lock on the return's message id makes the second wait for the first's commit, so its
 * copy sees the first's row.
 */
async function lockReturn(db: pg.PoolClient, returnId: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 12))`, [returnId.toLowerCase()]);
}

/** Copies a known return (CrosschainReturn) into the refused transfer naming it, if both are indexed. */
async function attachReturn(db: pg.PoolClient, where: string, id: string): Promise<void> {
  await db.query(
    `UPDATE "CrosschainTransfer" AS t SET "returnedBlock" = r."blockNumber", "returnedTxHash" = r."txHash", "returnedAt" = r."blockTime",
       "status" = 'returned'
     FROM "CrosschainReturn" AS r WHERE ${where} = $1 AND r."returnId" = t."returnId"`,
    [id],
  );
}

/** Columns every half writes when it is the first one (equal in both halves). */
const SHARED = `"messageId", "status", "sourceChainId", "destinationChainId", "from", "to", "identity", "amount"`;

export const crosschainHandlers = {
  "AssetBridge:LinkRegistered": async (event, context) => {
    const remote = interop(event.args.counterpart);
    await context.db.query(
      `INSERT INTO "CrosschainLink" ("chainId", "blockNumber", "logIndex", "txHash", "token", "bridge", "gateway", "remoteChainId", "remoteBridge")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [context.chainId, event.blockNumber.toString(), event.logIndex, event.txHash, context.token, event.address, event.args.gateway,
        remote.chainId, remote.wallet],
    );
  },
  // The source half: the tokens were burnt here. Status stays what the other halves made it (or "sent").
  "AssetBridge:CrosschainTransferSent": async (event, context) => {
    const { sendId, from, to, identity, amount } = event.args;
    const dest = interop(to);
    await context.db.query(
      `INSERT INTO "CrosschainTransfer" (${SHARED}, "sourceToken", "sourceBlock", "sourceLogIndex", "sourceTxHash", "sourceAt")
       VALUES ($1, 'sent', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT ("messageId") DO UPDATE SET "sourceChainId" = EXCLUDED."sourceChainId", "sourceToken" = EXCLUDED."sourceToken",
         "identity" = COALESCE("CrosschainTransfer"."identity", EXCLUDED."identity"), "sourceBlock" = EXCLUDED."sourceBlock",
         "sourceLogIndex" = EXCLUDED."sourceLogIndex", "sourceTxHash" = EXCLUDED."sourceTxHash", "sourceAt" = EXCLUDED."sourceAt"`,
      [sendId, context.chainId, dest.chainId, from, dest.wallet, identity, amount.toString(), context.token,
        event.blockNumber.toString(), event.logIndex, event.txHash, context.blockTime(event.blockNumber)],
    );
  },
  // The destination half, delivered: minted to the receiver here.
  "AssetBridge:CrosschainTransferReceived": (event, context) => destinationHalf(event.args.receiveId, event, context, {
    from: event.args.from, to: event.args.to, identity: event.args.identity, amount: event.args.amount,
  }),
  // The destination half, refused by this chain's rules: the tokens travel back in message `returnId`.
  "AssetBridge:CrosschainTransferRefused": async (event, context) => {
    const { receiveId, returnId, code } = event.args;
    await lockReturn(context.db, returnId);
    await destinationHalf(receiveId, event, context, { from: event.args.from, to: event.args.to, identity: null, amount: event.args.amount, returnId, code });
    await attachReturn(context.db, `t."messageId"`, receiveId);
  },
  // The return of a refused transfer arrived here, on its source chain: the tokens were minted back to the sender.
  "AssetBridge:CrosschainTransferReturned": async (event, context) => {
    const { receiveId, to, amount, code } = event.args;
    await lockReturn(context.db, receiveId);
    await context.db.query(
      `INSERT INTO "CrosschainReturn" ("returnId", "chainId", "token", "to", "amount", "code", "blockNumber", "logIndex", "txHash", "blockTime")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [receiveId, context.chainId, context.token, to, amount.toString(), code, event.blockNumber.toString(), event.logIndex, event.txHash,
        context.blockTime(event.blockNumber)],
    );
    await attachReturn(context.db, `t."returnId"`, receiveId);
  },
} satisfies HandlersOf<"AssetBridge">;

/** Upserts the destination half of message `id` (Received, or Refused with its return id and restriction code). */
async function destinationHalf(
  id: string,
  event: { blockNumber: bigint; logIndex: number; txHash: string },
  context: AssetHandlerContext,
  half: { from: `0x${string}`; to: string; identity: string | null; amount: bigint; returnId?: string; code?: number },
): Promise<void> {
  const source = interop(half.from);
  const status = half.returnId ? "refused" : "delivered";
  await context.db.query(
    `INSERT INTO "CrosschainTransfer" (${SHARED}, "destinationToken", "returnId", "code", "destinationBlock", "destinationLogIndex",
       "destinationTxHash", "destinationAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT ("messageId") DO UPDATE SET "status" = EXCLUDED."status", "destinationChainId" = EXCLUDED."destinationChainId",
       "destinationToken" = EXCLUDED."destinationToken", "identity" = COALESCE("CrosschainTransfer"."identity", EXCLUDED."identity"),
       "returnId" = EXCLUDED."returnId", "code" = EXCLUDED."code", "destinationBlock" = EXCLUDED."destinationBlock",
       "destinationLogIndex" = EXCLUDED."destinationLogIndex", "destinationTxHash" = EXCLUDED."destinationTxHash",
       "destinationAt" = EXCLUDED."destinationAt"`,
    [id, status, source.chainId, context.chainId, source.wallet, half.to, half.identity, half.amount.toString(), context.token,
      half.returnId ?? null, half.code ?? null, event.blockNumber.toString(), event.logIndex, event.txHash, context.blockTime(event.blockNumber)],
  );
}

/** The token's `BridgeSet`: the bridge it trusts now (null when unset), kept in `Asset.bridge`. */
export const bridgeSet = (bridge: string) => (bridge === ZERO ? null : bridge);

/**
 * Reverts chain `chainId`'s part of the cross-chain index to the state right after block `ancestor` (-1: all of it),
 * in the rollback's transaction: its links and returns above it are deleted, and each transfer loses the halves this
 * chain wrote above it (a row with no half left is deleted); the other chain's halves stay. Statuses are re-derived.
 */
export async function rollbackCrosschain(client: pg.PoolClient, chainId: number, ancestor: string): Promise<void> {
  const p = [chainId, ancestor];
  await client.query(`DELETE FROM "CrosschainLink" WHERE "chainId" = $1 AND "blockNumber" > $2`, p);
  await client.query(`DELETE FROM "CrosschainReturn" WHERE "chainId" = $1 AND "blockNumber" > $2`, p);
  await client.query(
    `UPDATE "CrosschainTransfer" SET "returnedBlock" = NULL, "returnedTxHash" = NULL, "returnedAt" = NULL
     WHERE "sourceChainId" = $1 AND "returnedBlock" > $2`,
    p,
  );
  await client.query(
    `UPDATE "CrosschainTransfer" SET "sourceToken" = NULL, "sourceBlock" = NULL, "sourceLogIndex" = NULL, "sourceTxHash" = NULL, "sourceAt" = NULL
     WHERE "sourceChainId" = $1 AND "sourceBlock" > $2`,
    p,
  );
  // The refusal goes with its return's copy (the CrosschainReturn row, on the other chain, stays and is copied again
  // when the refusal is indexed again).
  await client.query(
    `UPDATE "CrosschainTransfer" SET "destinationToken" = NULL, "destinationBlock" = NULL, "destinationLogIndex" = NULL,
       "destinationTxHash" = NULL, "destinationAt" = NULL, "returnId" = NULL, "code" = NULL,
       "returnedBlock" = NULL, "returnedTxHash" = NULL, "returnedAt" = NULL
     WHERE "destinationChainId" = $1 AND "destinationBlock" > $2`,
    p,
  );
  await client.query(
    `DELETE FROM "CrosschainTransfer" WHERE ("sourceChainId" = $1 OR "destinationChainId" = $1)
       AND "sourceBlock" IS NULL AND "destinationBlock" IS NULL`,
    [chainId],
  );
  await client.query(
    `UPDATE "CrosschainTransfer" SET "status" = ${STATUS_SQL}
     WHERE ("sourceChainId" = $1 OR "destinationChainId" = $1) AND "status" <> ${STATUS_SQL}`,
    [chainId],
  );
}
