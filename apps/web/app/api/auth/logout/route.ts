import { errorResponse } from "@/lib/api/errors";
import { assertSameOrigin } from "@/lib/auth/require";
import { cookieHeader, SESSION_COOKIE } from "@/lib/auth/session";

/** POST /api/auth/logout: ends the session (deletes the cookie). */
export async function POST(req: Request): Promise<Response> {
  try {
    assertSameOrigin(req);
    return Response.json(
      { session: null },
      { headers: { "cache-control": "no-store", "set-cookie": cookieHeader(req, SESSION_COOKIE, "", 0) } },
    );
  } catch (err) {
    return errorResponse(err);
  }
}
