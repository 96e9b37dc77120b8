import { errorResponse } from "@/lib/api/errors";
import { listMyTransfers, myTransfersQuery } from "@/lib/me/my-transfers";
import { queryObject } from "@/lib/shared/params";

/**
 * GET /api/me/transfers?page&pageSize&token&kind&direction[&format=csv]: the signed-in wallet's own transfers,
 * issuances and redemptions, newest first (401 without a session, 400 on a bad query); CSV download with format=csv.
 */
export async function GET(req: Request): Promise<Response> {
  try {
    const out = await listMyTransfers(req, myTransfersQuery.parse(queryObject(req.url)));
    return out instanceof Response ? out : Response.json(out, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
