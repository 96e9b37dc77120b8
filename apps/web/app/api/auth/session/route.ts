import { z } from "zod";
import { withPublic } from "@/lib/api/with-session";
import { getSessionInfo } from "@/lib/auth/get-session";
import { loadSession } from "@/lib/auth/session";
import { addressParam } from "@/lib/shared/params";

/** GET /api/auth/session[?token=0x…]: the signed-in wallet and its roles (lib/permissions/roles), or `{ session: null }`. */
export const GET = withPublic(async ({ req, query }) => getSessionInfo(await loadSession(req), { token: query.token }), {
  query: z.object({ token: addressParam.optional() }),
});
