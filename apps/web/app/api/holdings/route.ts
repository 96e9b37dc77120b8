import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { listHoldings } from "@/lib/holdings/list-holdings";
import { requireWalletReader } from "@/lib/permissions/guards";
import { addressParam } from "@/lib/shared/params";

/**
 * GET /api/holdings?wallet=0x…: a wallet's holdings across assets.
 * The signed-in wallet reads its own holdings; a compliance officer (read from the chain now) reads any wallet's.
 * 401 without a session, 403 for another wallet's holdings, 400 on a bad address.
 * (The investor app reads the signed-in wallet's positions from GET /api/portfolio; this route serves the transfer form.)
 */
export const GET = withSession(({ query }) => listHoldings(query.wallet), {
  query: z.object({ wallet: addressParam }),
  permission: (session, { query }) => requireWalletReader(session, query.wallet),
});
