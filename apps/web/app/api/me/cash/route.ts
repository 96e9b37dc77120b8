import { withSession } from "@/lib/api/with-session";
import { cashQuery, exportCashCsv, listCashMovements } from "@/lib/cash/list-cash-movements";

/**
 * GET /api/me/cash?page&pageSize[&format=csv]: the signed-in investor's cash history (every payment-token movement of
 * their wallets from subscriptions, redemptions, distributions, DvP trades and bond redemptions), newest first, paged
 * (pageSize at most 100); `format=csv` streams the whole history. 401 without a session, 400 on a bad query, 503 when
 * the database or the node cannot answer.
 */
export const GET = withSession(({ session, query }) => (query.format === "csv" ? exportCashCsv(session) : listCashMovements(session, query)), {
  query: cashQuery,
});
