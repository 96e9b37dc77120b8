import type { Hex } from "viem";
import { parseSiweMessage, verifySiweMessage } from "viem/siwe";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { getPublicClient } from "../chain/public-client";
import { getServerConfig } from "../config/server-config";
import { consumeNonce, createSession, type Session } from "./session";

/** Body of POST /api/auth/verify: the EIP-4361 message the wallet signed, and its signature. */
export const signInBody = z.object({
  message: z.string().min(1).max(4000),
  signature: z.string().regex(/^0x[0-9a-fA-F]+$/, "must be a 0x-prefixed hex signature"),
});

/** How far a message's `issuedAt` / `notBefore` may lie in the future (clock skew between wallet and server), ms. */
export const MAX_CLOCK_SKEW_MS = 60_000;
/** Longest validity a sign-in message may state (`expirationTime` − `issuedAt`), ms: the nonce's lifetime. */
export const MAX_MESSAGE_VALIDITY_MS = 10 * 60_000;

const refuse = (message: string) => new ApiError(ErrorCode.UNAUTHENTICATED, message);

/**
 * Checks a Sign-In with Ethereum (EIP-4361) message and its signature against this app's configuration, never against
 * request headers: the `domain` is the host of the configured public origin (TESSERA_PUBLIC_ORIGIN) and the `uri` is
 * on that origin (the route wrapper refuses an Origin header of another site first), the chain is the configured chain, the
 * message states `issuedAt` (at most {@link MAX_CLOCK_SKEW_MS} ahead) and `expirationTime` (in the future, at most
 * {@link MAX_MESSAGE_VALIDITY_MS} after `issuedAt`), the signature is the address's (EOA, or a smart account through
 * ERC-1271/6492), and the nonce is `nonce`, the one this server handed to this browser (its signed cookie, read by the
 * route; null when absent or expired), and is still unused in the
 * database: it is consumed here, so a message, signature and cookie replayed later are refused.
 * @returns a new server-side session for the message's address and the token its cookie carries
 * @throws ApiError UNAUTHENTICATED with the reason
 */
export async function verifySignIn(body: z.infer<typeof signInBody>, nonce: string | null): Promise<{ session: Session; token: string }> {
  const { chainId, publicOrigin } = getServerConfig();
  const fields = parseSiweMessage(body.message);
  if (!fields.address || !fields.domain || !fields.nonce || !fields.uri || fields.version !== "1") {
    throw refuse("The sign-in message is not a valid EIP-4361 message.");
  }
  const host = new URL(publicOrigin).host;
  if (fields.domain !== host) throw refuse(`The sign-in message is for ${fields.domain}, not ${host}.`);
  let uriOrigin: string | null = null;
  try {
    uriOrigin = new URL(fields.uri).origin;
  } catch {
    /* refused below */
  }
  if (uriOrigin !== publicOrigin) throw refuse(`The sign-in message's URI ${fields.uri} is not on ${publicOrigin}.`);
  if (fields.chainId !== chainId) throw refuse(`Sign in on chain ${chainId} (the message names chain ${fields.chainId}).`);
  const now = new Date();
  const { issuedAt, expirationTime, notBefore } = fields;
  if (!issuedAt || !expirationTime) throw refuse("The sign-in message must state when it was issued and when it expires.");
  if (issuedAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) throw refuse("The sign-in message is issued in the future. Check your clock.");
  if (expirationTime <= now) throw refuse("The sign-in message has expired. Sign in again.");
  if (expirationTime.getTime() - issuedAt.getTime() > MAX_MESSAGE_VALIDITY_MS) {
    throw refuse(`The sign-in message may be valid for at most ${MAX_MESSAGE_VALIDITY_MS / 60_000} minutes.`);
  }
  if (notBefore && notBefore.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) throw refuse("The sign-in message is not valid yet.");
  if (!nonce || nonce !== fields.nonce) throw refuse("The sign-in request expired or was already used. Sign in again.");
  let ok: boolean;
  try {
    ok = await verifySiweMessage(getPublicClient(), {
      message: body.message,
      signature: body.signature as Hex,
      address: fields.address,
      domain: host,
      nonce,
      // The window was checked above with the clock skew allowed; viem's own check would refuse that skew.
      time: new Date(Math.max(now.getTime(), issuedAt.getTime(), notBefore?.getTime() ?? 0)),
    });
  } catch {
    ok = false;
  }
  if (!ok) throw refuse("The signature does not match the wallet in the sign-in message.");
  if (!(await consumeNonce(nonce))) throw refuse("The sign-in request expired or was already used. Sign in again.");
  return createSession(fields.address);
}
