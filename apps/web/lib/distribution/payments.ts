import type { Address } from "viem";
import type { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { getServerConfig } from "../config/server-config";
import { indexAtHead } from "../index/at-head";
import { getDistributionPool } from "./pool";
import { draftOf, postingOf } from "./records";
import type { paymentsQuery } from "./schemas";
import { treeOf } from "./tree-cache";
import type { PaymentsResponse, StoredEntitlement } from "./types";

/**
 * The unpaid leaves of a posted distribution (by root and record block; its posting: the first of that pair, or `id`)
 * (no `Claimed` of that posting in the index for them), in leaf order, at most `limit`,
 * each with the wallet to pay (the identity's largest holding wallet at the record date) and its proof: what the
 * corporate-actions desk passes to `pushBatch`. The SDK checks each wallet against the registry before any transaction.
 * @throws ApiError NOT_FOUND (no stored draft or no posting of that root and record date), CONFLICT (leaves not all stored),
 *   INDEX_BEHIND, CHAIN_UNAVAILABLE; database errors
 */
export async function unpaidLeaves(token: Address, root: string, q: z.infer<typeof paymentsQuery>): Promise<PaymentsResponse> {
  const lower = token.toLowerCase();
  const key = { root, recordBlock: q.recordBlock };
  await indexAtHead();
  const [draft, posting] = await Promise.all([draftOf(lower, key), postingOf(lower, key, q.id)]);
  if (!draft) throw new ApiError(ErrorCode.NOT_FOUND, `No stored entitlements for the distribution ${root} at record block ${q.recordBlock} of this asset.`);
  if (draft.storedLeaves !== draft.holders) throw new ApiError(ErrorCode.CONFLICT, "The entitlements of this distribution are not all stored: prepare it again.");
  if (!posting) throw new ApiError(ErrorCode.NOT_FOUND, "This distribution is not posted (or not indexed yet): fund and post it first.");
  const { chainId } = getServerConfig();
  const { rows } = await getDistributionPool().query<Pick<StoredEntitlement, "index" | "identity" | "wallet" | "net"> & { unpaid: number }>(
    `SELECT e."index", e."identity", e."wallet", e."net"::text AS net, (count(*) OVER ())::int AS unpaid
     FROM "DistributionEntitlement" AS e
     WHERE e."chainId" = $1 AND e."token" = $2 AND e."root" = $3 AND e."recordBlock" = $4
       AND NOT EXISTS (SELECT 1 FROM "MoneyLegEvent" AS c WHERE c."chainId" = e."chainId" AND c."contract" = $5 AND c."event" = 'Claimed'
                       AND c."args"->>'id' = $6 AND c."args"->>'index' = e."index"::text)
     ORDER BY e."index" LIMIT $7`,
    [chainId, lower, root, q.recordBlock.toString(), posting.contract, posting.id, q.limit],
  );
  const tree = rows.length ? await treeOf(lower, key, draft.holders) : null;
  return {
    id: posting.id,
    distributor: posting.contract,
    unpaid: rows[0]?.unpaid ?? 0,
    payments: rows.map((r) => ({ index: r.index, identity: r.identity, wallet: r.wallet, amount: r.net, proof: tree!.proof(r.index) })),
  };
}
