import { errorResponse } from "@/lib/api/errors";
import { assertSameOrigin } from "@/lib/auth/require";
import { cookieHeader, endSession, SESSION_COOKIE } from "@/lib/auth/session";

/** POST /api/auth/logout: ends the session on the server (the cookie stops working even if kept) and deletes the cookie. */
export async function POST(req: Request): Promise<Response> {
  try {
    assertSameOrigin(req);
    await endSession(req);
    return Response.json(
      { session: null },
      { headers: { "cache-control": "no-store", "set-cookie": cookieHeader(req, SESSION_COOKIE, "", 0) } },
    );
  } catch (err) {
    return errorResponse(err);
  }
}
