"use client";

import { useConnection } from "wagmi";
import { useActiveSession } from "./session";

/** What a form needs: a compliance officer, or an agent of one token. */
export type RoleNeed = { complianceOfficer: true } | { tokenAgent: string };

/**
 * Why the connected user cannot use a form, in words, or null when they can (signed in with the role, read from the
 * chain). The UI hides what a role cannot do; the server refuses it anyway (403).
 */
export function useRoleGate(need: RoleNeed, action: string): { blocked: string | null; checking: boolean } {
  const { isConnected } = useConnection();
  const token = "tokenAgent" in need ? need.tokenAgent : undefined;
  const { session, isPending } = useActiveSession(token);
  const who = "complianceOfficer" in need ? "a compliance officer (an agent of the identity registry)" : "an agent of this token";
  if (!isConnected) return { blocked: `Connect a wallet and sign in as ${who} to ${action}.`, checking: false };
  if (isPending) return { blocked: null, checking: true };
  if (!session) return { blocked: `Sign in (top right) as ${who} to ${action}.`, checking: false };
  const ok =
    "complianceOfficer" in need
      ? session.roles.complianceOfficer
      : session.roles.tokens.some((t) => t.token === need.tokenAgent.toLowerCase() && t.agent);
  return ok ? { blocked: null, checking: false } : { blocked: `Only ${who} can ${action}; your wallet is not one.`, checking: false };
}
