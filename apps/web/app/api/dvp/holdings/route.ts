import { withSession } from "@/lib/api/with-session";
import { listTradeHoldings } from "@/lib/dvp/list-trade-holdings";

/**
 * GET /api/dvp/holdings: what the signed-in wallet can trade: its holdings of the platform's assets with their locked
 * and available amounts (index), and its payment-token balance (chain, now). Signed-in wallets (401); 503 when the
 * node cannot answer.
 */
export const GET = withSession(({ session }) => listTradeHoldings(session));
