import { withSession } from "@/lib/api/with-session";
import { getPortfolio } from "@/lib/portfolio/get-portfolio";

/**
 * GET /api/portfolio: the signed-in wallet's positions (balance, frozen, NAV, value, lock-up) and total value per
 * currency (401 without a session). No query: the wallet is the session's.
 */
export const GET = withSession(({ session }) => getPortfolio(session));
