import { z } from "zod";
import { respond } from "@/lib/api/errors";
import { listInvestors } from "@/lib/investors/list-investors";
import { addressParam, queryObject } from "@/lib/shared/params";

const query = z.object({ identityRegistry: addressParam.optional() });

/** GET /api/investors[?identityRegistry=0x…]: registered wallets. */
export async function GET(req: Request): Promise<Response> {
  return respond(async () => listInvestors(query.parse(queryObject(req.url))));
}
