import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { asOfQuery, getOwnership } from "@/lib/assets/get-cap-table";
import { addressParam } from "@/lib/shared/params";

/**
 * GET /api/assets/[token]/ownership[?asOfBlock|asOfDate]: ownership by holder (top 10 + others) and by country.
 * Same readers as the cap table (roles from the index at the chain head): the token's agents, its owner, holders of an
 * AccessManager role of the token, and compliance officers. 401 without a session, 403 for any other wallet,
 * 400 on a bad address or date, 404 when the asset is not indexed.
 */
export const GET = withSession(({ params, query }) => getOwnership(params.token, query), {
  params: z.object({ token: addressParam }),
  query: asOfQuery,
  permission: { asset: "token", can: "read" },
});
