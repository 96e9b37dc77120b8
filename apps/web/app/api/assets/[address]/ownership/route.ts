import { z } from "zod";
import { respond } from "@/lib/api/errors";
import { requireTokenReader } from "@/lib/auth/require";
import { asOfQuery, getOwnership } from "@/lib/assets/get-cap-table";
import { addressParam, queryObject } from "@/lib/shared/params";

const params = z.object({ address: addressParam });

/**
 * GET /api/assets/[address]/ownership[?asOfBlock|asOfDate]: ownership by holder (top 10 + others) and by country.
 * Same readers as the cap table (roles read from the chain now): the token's agents, its owner, holders of an
 * AccessManager role of the token, and compliance officers. 401 without a session, 403 for any other wallet,
 * 400 on a bad address or date, 404 when the asset is not indexed.
 */
export async function GET(req: Request, ctx: { params: Promise<{ address: string }> }): Promise<Response> {
  return respond(async () => {
    const { address } = params.parse(await ctx.params);
    await requireTokenReader(req, address);
    return getOwnership(address, asOfQuery.parse(queryObject(req.url)));
  });
}
