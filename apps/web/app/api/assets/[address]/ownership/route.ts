import { z } from "zod";
import { respond } from "@/lib/api/errors";
import { asOfQuery, getOwnership } from "@/lib/assets/get-cap-table";
import { addressParam, queryObject } from "@/lib/shared/params";

const params = z.object({ address: addressParam });

/** GET /api/assets/[address]/ownership[?asOfBlock|asOfDate]: ownership by holder (top 10 + others) and by country. */
export async function GET(req: Request, ctx: { params: Promise<{ address: string }> }): Promise<Response> {
  return respond(async () => {
    const { address } = params.parse(await ctx.params);
    return getOwnership(address, asOfQuery.parse(queryObject(req.url)));
  });
}
