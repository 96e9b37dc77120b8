import type { Address } from "viem";
import { listAssets } from "../assets/list-assets";
import type { SessionResponse } from "../shared/api-types";
import { hex } from "../shared/serialize";
import { getRoles } from "../permissions/roles";
import type { Session } from "./session";

/**
 * A session with the wallet's roles (lib/permissions/roles `getRoles`): compliance officer, registry owner, and
 * owner/agent/AccessManager roles on each indexed asset (and `token`, when given).
 * Without a session (signed out, or the cookie is not valid): `{ session: null }`.
 */
export async function getSessionInfo(session: Session | null, opts: { token?: Address } = {}): Promise<SessionResponse> {
  if (!session) return { session: null };
  let tokens: Address[] = [];
  try {
    tokens = (await listAssets()).assets.map((a) => a.token);
  } catch {
    /* no database: roles of the asked token only */
  }
  if (opts.token) tokens.push(opts.token);
  const roles = await getRoles(session.address, tokens);
  return {
    session: {
      address: hex(session.address),
      chainId: session.chainId,
      issuedAt: new Date(session.issuedAt * 1000).toISOString(),
      expiresAt: new Date(session.expiresAt * 1000).toISOString(),
      roles,
    },
  };
}
