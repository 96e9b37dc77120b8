import { withSession } from "@/lib/api/with-session";
import { listMyTransfers, myTransfersQuery } from "@/lib/me/my-transfers";

/**
 * GET /api/me/transfers?page&pageSize&token&kind&direction[&format=csv]: the signed-in wallet's own transfers,
 * issuances and redemptions, newest first (401 without a session, 400 on a bad query); CSV download with format=csv.
 */
export const GET = withSession(({ session, query }) => listMyTransfers(session, query), { query: myTransfersQuery });
