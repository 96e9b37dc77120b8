import { withPublic } from "@/lib/api/with-session";
import { cookieHeader, endSession, SESSION_COOKIE } from "@/lib/auth/session";

/** POST /api/auth/logout: ends the session on the server (the cookie stops working even if kept) and deletes the cookie. */
export const POST = withPublic(
  async ({ req }) => {
    await endSession(req);
    return Response.json({ session: null }, { headers: { "cache-control": "no-store", "set-cookie": cookieHeader(req, SESSION_COOKIE, "", 0) } });
  },
  { sameOrigin: true },
);
