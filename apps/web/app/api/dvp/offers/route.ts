import { withSession } from "@/lib/api/with-session";
import { listOffers, offersQuery } from "@/lib/dvp/list-offers";

/**
 * GET /api/dvp/offers?view=open|history&token&page&pageSize: the DvP offers the signed-in wallet may see (its own, those
 * naming it, those to any verified buyer of the platform's assets), from the index with each open one's status read
 * from the chain now. Signed-in wallets (401); 400 on bad input (pageSize ≤ 100); 503 when the node cannot answer or
 * the index is behind.
 */
export const GET = withSession(({ session, query }) => listOffers(session, query), { query: offersQuery });
