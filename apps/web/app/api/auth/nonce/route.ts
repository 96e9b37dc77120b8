import { generateSiweNonce } from "viem/siwe";
import { errorResponse } from "@/lib/api/errors";
import { nonceCookie } from "@/lib/auth/session";
import type { NonceResponse } from "@/lib/shared/api-types";

/** GET /api/auth/nonce: a fresh Sign-In with Ethereum nonce, also kept in a signed httpOnly cookie for /verify. */
export async function GET(req: Request): Promise<Response> {
  try {
    const nonce = generateSiweNonce();
    const body: NonceResponse = { nonce };
    return Response.json(body, { headers: { "cache-control": "no-store", "set-cookie": nonceCookie(req, nonce) } });
  } catch (err) {
    return errorResponse(err);
  }
}
