import type { Hex } from "viem";
import { parseSiweMessage, verifySiweMessage } from "viem/siwe";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { getPublicClient } from "../chain/public-client";
import { getServerConfig } from "../config/server-config";
import { newSession, readNonce, type Session } from "./session";

/** Body of POST /api/auth/verify: the EIP-4361 message the wallet signed, and its signature. */
export const signInBody = z.object({
  message: z.string().min(1).max(4000),
  signature: z.string().regex(/^0x[0-9a-fA-F]+$/, "must be a 0x-prefixed hex signature"),
});

/** The host the browser used (the SIWE `domain` must name it). */
export function requestHost(req: Request): string {
  return req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
}

const refuse = (message: string) => new ApiError(ErrorCode.UNAUTHENTICATED, message);

/**
 * Checks a Sign-In with Ethereum (EIP-4361) message and its signature: the domain is this host, the chain is the
 * configured chain, the nonce is the one this server handed to this browser (cookie), the message is within its
 * validity window, and the signature is the address's (EOA, or a smart account through ERC-1271/6492).
 * @returns A new session for the message's address.
 * @throws ApiError UNAUTHENTICATED with the reason
 */
export async function verifySignIn(req: Request, body: z.infer<typeof signInBody>): Promise<Session> {
  const { chainId } = getServerConfig();
  const fields = parseSiweMessage(body.message);
  if (!fields.address || !fields.domain || !fields.nonce || !fields.uri || fields.version !== "1") {
    throw refuse("The sign-in message is not a valid EIP-4361 message.");
  }
  const domain = requestHost(req);
  if (fields.domain !== domain) throw refuse(`The sign-in message is for ${fields.domain}, not ${domain}.`);
  if (fields.chainId !== chainId) throw refuse(`Sign in on chain ${chainId} (the message names chain ${fields.chainId}).`);
  const nonce = readNonce(req);
  if (!nonce || nonce !== fields.nonce) throw refuse("The sign-in request expired or was already used. Sign in again.");
  const now = new Date();
  if (fields.expirationTime && fields.expirationTime <= now) throw refuse("The sign-in message has expired. Sign in again.");
  if (fields.notBefore && fields.notBefore > now) throw refuse("The sign-in message is not valid yet.");
  let ok: boolean;
  try {
    ok = await verifySiweMessage(getPublicClient(), {
      message: body.message,
      signature: body.signature as Hex,
      address: fields.address,
      domain,
      nonce,
      time: now,
    });
  } catch {
    ok = false;
  }
  if (!ok) throw refuse("The signature does not match the wallet in the sign-in message.");
  return newSession(fields.address);
}
