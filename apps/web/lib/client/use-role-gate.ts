"use client";

import { useConnection } from "wagmi";
import { useActiveSession } from "./session";

/**
 * What a form or a view needs: a compliance officer; an agent of one token; or a reader of one token's holders (a
 * compliance officer, or the token's agent, owner or an AccessManager role holder, as the cap-table route checks).
 */
export type RoleNeed = { complianceOfficer: true } | { tokenAgent: string } | { tokenReader: string };

function whoFor(need: RoleNeed): string {
  if ("complianceOfficer" in need) return "a compliance officer (an agent of the identity registry)";
  if ("tokenAgent" in need) return "an agent of this token";
  return "an agent, owner or role holder of this token, or a compliance officer";
}

/**
 * Why the connected user cannot use a form, in words, or null when they can (signed in with the role, read from the
 * chain). The UI hides what a role cannot do; the server refuses it anyway (401/403).
 */
export function useRoleGate(need: RoleNeed, action: string): { blocked: string | null; checking: boolean } {
  const { isConnected } = useConnection();
  const token = "tokenAgent" in need ? need.tokenAgent : "tokenReader" in need ? need.tokenReader : undefined;
  const { session, isPending } = useActiveSession(token);
  const who = whoFor(need);
  if (!isConnected) return { blocked: `Connect a wallet and sign in as ${who} to ${action}.`, checking: false };
  if (isPending) return { blocked: null, checking: true };
  if (!session) return { blocked: `Sign in (top right) as ${who} to ${action}.`, checking: false };
  let ok: boolean;
  if ("complianceOfficer" in need) ok = session.roles.complianceOfficer;
  else if ("tokenAgent" in need) ok = session.roles.tokens.some((t) => t.token === need.tokenAgent.toLowerCase() && t.agent);
  else {
    const t = session.roles.tokens.find((r) => r.token === need.tokenReader.toLowerCase());
    ok = session.roles.complianceOfficer || Boolean(t && (t.agent || t.owner || (t.roles ?? []).length > 0));
  }
  return ok ? { blocked: null, checking: false } : { blocked: `Only ${who} can ${action}; your wallet is not one.`, checking: false };
}
