import { z } from "zod";
import { respond } from "@/lib/api/errors";
import { getSessionInfo } from "@/lib/auth/get-session";
import { addressParam, queryObject } from "@/lib/shared/params";

const query = z.object({ token: addressParam.optional() });

/** GET /api/auth/session[?token=0x…]: the signed-in wallet and its roles read from the chain, or `{ session: null }`. */
export async function GET(req: Request): Promise<Response> {
  return respond(async () => {
    const { token } = query.parse(queryObject(req.url));
    return getSessionInfo(req, { token });
  });
}
