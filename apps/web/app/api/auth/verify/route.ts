import { errorResponse } from "@/lib/api/errors";
import { readJson } from "@/lib/api/body";
import { getSessionInfo } from "@/lib/auth/get-session";
import { assertSameOrigin } from "@/lib/auth/require";
import { cookieHeader, NONCE_COOKIE, sessionCookie } from "@/lib/auth/session";
import { signInBody, verifySignIn } from "@/lib/auth/verify-sign-in";

/**
 * POST /api/auth/verify `{ message, signature }`: checks the signed EIP-4361 message against the configured public
 * origin and uses up its nonce, then starts a server-side session (httpOnly, SameSite=Lax cookie); answers the session
 * with its roles. 401 UNAUTHENTICATED with the reason otherwise, 403 from another origin.
 */
export async function POST(req: Request): Promise<Response> {
  try {
    assertSameOrigin(req);
    const body = signInBody.parse(await readJson(req));
    const { session, token } = await verifySignIn(req, body);
    const cookie = sessionCookie(req, token, session);
    // Answer with the roles as the next request will see them (the new cookie is not on this request).
    const withCookie = new Request(req.url, { headers: { cookie: cookie.split(";")[0], host: req.headers.get("host") ?? "" } });
    const info = await getSessionInfo(withCookie);
    const headers = new Headers({ "cache-control": "no-store" });
    headers.append("set-cookie", cookie);
    headers.append("set-cookie", cookieHeader(req, NONCE_COOKIE, "", 0)); // a nonce is good for one sign-in
    return Response.json(info, { headers });
  } catch (err) {
    return errorResponse(err);
  }
}
