import { withSession } from "@/lib/api/with-session";
import { listMyCrosschainTransfers, myCrosschainQuery } from "@/lib/crosschain/crosschain";

/**
 * GET /api/me/crosschain-transfers?page&pageSize&token: the signed-in investor's cross-chain transfers with their
 * status (sent, delivered, refused with the reason in words, returned), newest first, paged (pageSize at most 100);
 * `token` keeps one asset's. 401 without a session, 400 on a bad query, 503 when the database cannot answer.
 */
export const GET = withSession(({ session, query }) => listMyCrosschainTransfers(session, query), { query: myCrosschainQuery });
