import { withPublic } from "@/lib/api/with-session";
import { issueNonce, nonceCookie } from "@/lib/auth/session";
import type { NonceResponse } from "@/lib/shared/api-types";

/**
 * GET /api/auth/nonce: a fresh Sign-In with Ethereum nonce, valid for one use within 10 minutes, in a signed httpOnly
 * cookie that binds it to this browser for /verify. Writes nothing: the server records a nonce only when a valid
 * signature uses it (single use, lib/auth/session consumeNonce).
 */
export const GET = withPublic(async ({ req }) => {
  const nonce = issueNonce();
  const body: NonceResponse = { nonce };
  return Response.json(body, { headers: { "cache-control": "no-store", "set-cookie": nonceCookie(req, nonce) } });
});
