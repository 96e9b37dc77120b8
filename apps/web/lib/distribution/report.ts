import { entitlementCsv, paymentCsv, type Entitlement, type EntitlementClaim } from "@tessera/sdk/distribution";
import type { Address } from "viem";
import type { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { getServerConfig } from "../config/server-config";
import { getDistributionPool } from "./pool";
import { draftOf, entitlementRowOf, postingOf } from "./records";
import type { reportQuery } from "./schemas";
import type { LeafPayment, StoredEntitlement } from "./types";
import { erc20Info } from "../chain/contract-reads";

/** Leaves read per query while a report streams. */
const REPORT_BATCH = 5_000;

/**
 * The entitlement report (per investor: units, gross, withholding, net) or the payment report (the same with what was
 * claimed, to which wallet, in which transaction, of its posting: the first of its root and record date, or `id`) of a
 * stored distribution (by root and record block), as a CSV download streamed in keyset pages
 * of the stored leaves (`entitlementCsv`/`paymentCsv` of @tessera/sdk/distribution): any size, flat memory.
 * @throws ApiError NOT_FOUND (no stored draft; a payment report of a distribution not posted), CONFLICT (not all
 *   leaves stored); database errors (before the first byte)
 */
export async function distributionReport(token: Address, root: string, q: z.infer<typeof reportQuery>): Promise<Response> {
  const lower = token.toLowerCase();
  const key = { root, recordBlock: q.recordBlock };
  const draft = await draftOf(lower, key);
  if (!draft) throw new ApiError(ErrorCode.NOT_FOUND, `No stored entitlements for the distribution ${root} at record block ${q.recordBlock} of this asset.`);
  if (draft.storedLeaves !== draft.holders) throw new ApiError(ErrorCode.CONFLICT, "The entitlements of this distribution are not all stored: prepare it again.");
  const posting = q.type === "payments" ? await postingOf(lower, key, q.id) : null;
  if (q.type === "payments" && !posting) throw new ApiError(ErrorCode.NOT_FOUND, "This distribution is not posted (or not indexed yet): there are no payments to report.");
  const [share, payment] = await Promise.all([erc20Info(lower), erc20Info(draft.paymentToken)]);
  const decimals = { tokenDecimals: share.decimals, paymentDecimals: payment.decimals };
  const { chainId } = getServerConfig();
  const pool = getDistributionPool();
  const claims = new Map<number, EntitlementClaim>();

  /** The stored leaves in index order, one page at a time; `claims` holds the current page's payments. */
  async function* leaves(): AsyncGenerator<Entitlement> {
    let after = -1;
    for (;;) {
      const { rows } = await pool.query<StoredEntitlement & LeafPayment & { amount: string | null }>(
        `SELECT e."index", e."identity", e."wallet", e."country", e."units"::text AS units, e."gross"::text AS gross,
                e."withholding"::text AS withholding, e."net"::text AS net, c."txHash", c."args"->>'wallet' AS "paidTo", c."args"->>'amount' AS amount
         FROM "DistributionEntitlement" AS e
         LEFT JOIN "MoneyLegEvent" AS c ON $6::text IS NOT NULL AND c."chainId" = e."chainId" AND c."token" = e."token"
           AND c."source" = 'distributor' AND c."event" = 'Claimed' AND c."args"->>'id' = $6 AND c."args"->>'index' = e."index"::text
         WHERE e."chainId" = $1 AND e."token" = $2 AND e."root" = $3 AND e."recordBlock" = $4 AND e."index" > $5
         ORDER BY e."index" LIMIT ${REPORT_BATCH}`,
        [chainId, lower, root, q.recordBlock.toString(), after, posting?.id ?? null],
      );
      claims.clear();
      for (const { txHash, paidTo, amount, ...leaf } of rows) {
        if (txHash) claims.set(leaf.index, { index: leaf.index, amount: BigInt(amount ?? "0"), wallet: paidTo ?? undefined, txHash });
        yield entitlementRowOf(leaf);
      }
      if (rows.length < REPORT_BATCH) return;
      after = rows[rows.length - 1]!.index;
    }
  }

  const chunks = q.type === "payments" ? paymentCsv(leaves(), (i) => claims.get(i), decimals) : entitlementCsv(leaves(), decimals);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (err) {
        console.error("[api] distribution report failed", err);
        controller.error(err);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  const name = `${share.symbol}-${draft.kind}-block-${draft.recordBlock}-${q.type}.csv`.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
}
