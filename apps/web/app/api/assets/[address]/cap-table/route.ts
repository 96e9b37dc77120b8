import { z } from "zod";
import { respond } from "@/lib/api/errors";
import { getCapTable } from "@/lib/assets/get-cap-table";
import { addressParam, paginationQuery, queryObject } from "@/lib/shared/params";

const params = z.object({ address: addressParam });

/** GET /api/assets/[address]/cap-table?page&pageSize: holders by balance, largest first. */
export async function GET(req: Request, ctx: { params: Promise<{ address: string }> }): Promise<Response> {
  return respond(async () => {
    const { address } = params.parse(await ctx.params);
    const query = paginationQuery.parse(queryObject(req.url));
    return getCapTable(address, query);
  });
}
