import { z } from "zod";
import { errorResponse, respond } from "@/lib/api/errors";
import { requireTokenReader } from "@/lib/auth/require";
import { capTableQuery, exportCapTableCsv, getCapTable } from "@/lib/assets/get-cap-table";
import { csvResponse } from "@/lib/shared/csv";
import { addressParam, queryObject } from "@/lib/shared/params";

const params = z.object({ address: addressParam });

/**
 * GET /api/assets/[address]/cap-table?page&pageSize&sort&dir&q&country&frozen&asOfBlock|asOfDate[&format=csv]:
 * holders (largest first by default), now or at a record date; `format=csv` downloads every matching holder.
 * Who may call it (roles read from the chain now): the token's agents, its owner, holders of an AccessManager role
 * of the token, and compliance officers. 401 without a session, 403 for any other wallet, 400 on a bad address or
 * query, 404 when the asset is not indexed.
 */
export async function GET(req: Request, ctx: { params: Promise<{ address: string }> }): Promise<Response> {
  const query = capTableQuery.safeParse(queryObject(req.url));
  if (query.success && query.data.format === "csv") {
    try {
      const { address } = params.parse(await ctx.params);
      await requireTokenReader(req, address);
      const { csv, symbol } = await exportCapTableCsv(address, query.data);
      const when = query.data.asOfBlock !== undefined ? `-block-${query.data.asOfBlock}` : query.data.asOfDate ? `-${query.data.asOfDate}` : "";
      return csvResponse(`cap-table-${symbol}${when}.csv`, csv);
    } catch (err) {
      return errorResponse(err);
    }
  }
  return respond(async () => {
    const { address } = params.parse(await ctx.params);
    await requireTokenReader(req, address);
    return getCapTable(address, capTableQuery.parse(queryObject(req.url)));
  });
}
