import { withPublic } from "@/lib/api/with-session";
import { getSessionInfo } from "@/lib/auth/get-session";
import { cookieHeader, NONCE_COOKIE, readNonce, sessionCookie } from "@/lib/auth/session";
import { signInBody, verifySignIn } from "@/lib/auth/verify-sign-in";

/**
 * POST /api/auth/verify `{ message, signature }`: checks the signed EIP-4361 message against the configured public
 * origin and uses up its nonce, then starts a server-side session (httpOnly, SameSite=Lax cookie); answers the session
 * with its roles. 401 UNAUTHENTICATED with the reason otherwise, 403 from another origin.
 */
export const POST = withPublic(
  async ({ req, body }) => {
    const { session, token } = await verifySignIn(body, readNonce(req));
    const info = await getSessionInfo(session);
    const headers = new Headers({ "cache-control": "no-store" });
    headers.append("set-cookie", sessionCookie(req, token, session));
    headers.append("set-cookie", cookieHeader(req, NONCE_COOKIE, "", 0)); // a nonce is good for one sign-in
    return Response.json(info, { headers });
  },
  { body: signInBody, sameOrigin: true },
);
