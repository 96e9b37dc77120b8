import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { exportTransactionsCsv, transactionsQuery } from "@/lib/assets/export-transactions";
import { addressParam } from "@/lib/shared/params";

/**
 * GET /api/assets/[token]/transactions?format=csv: every indexed transaction of the asset (token movements and
 * money-leg events) as a streamed CSV (columns: TRANSACTIONS_CSV_HEADER). Same readers as the cap table: the token's
 * agents, its owner, holders of an AccessManager role of the token, and compliance officers. 401 without a session,
 * 403 for any other wallet, 400 on a bad address or query, 404 when the asset is not indexed.
 */
export const GET = withSession(({ params }) => exportTransactionsCsv(params.token), {
  params: z.object({ token: addressParam }),
  query: transactionsQuery,
  permission: { asset: "token", can: "read" },
});
