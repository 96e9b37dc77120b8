import { errorResponse } from "@/lib/api/errors";
import { issueNonce, nonceCookie } from "@/lib/auth/session";
import type { NonceResponse } from "@/lib/shared/api-types";

/**
 * GET /api/auth/nonce: a fresh Sign-In with Ethereum nonce, stored on the server for one use within 10 minutes and
 * kept in a signed httpOnly cookie that binds it to this browser for /verify. 503 without a database.
 */
export async function GET(req: Request): Promise<Response> {
  try {
    const nonce = await issueNonce();
    const body: NonceResponse = { nonce };
    return Response.json(body, { headers: { "cache-control": "no-store", "set-cookie": nonceCookie(req, nonce) } });
  } catch (err) {
    return errorResponse(err);
  }
}
