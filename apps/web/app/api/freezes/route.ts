import { respond } from "@/lib/api/errors";
import { freezesQuery, listFreezes } from "@/lib/compliance/list-freezes";
import { queryObject } from "@/lib/shared/params";

/** GET /api/freezes?token&page&pageSize: frozen wallets and partially frozen amounts (officers: all; agents: their token). */
export async function GET(req: Request): Promise<Response> {
  return respond(async () => listFreezes(req, freezesQuery.parse(queryObject(req.url))));
}
