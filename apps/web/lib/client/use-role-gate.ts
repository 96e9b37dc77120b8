"use client";

import { useQuery } from "@tanstack/react-query";
import { useConnection } from "wagmi";
import type { AssetAction, AssetPermissions } from "../permissions/actions";
import { apiGet } from "./api";
import { useActiveSession } from "./session";

/**
 * What a form or a view needs: a compliance officer; an agent of one token; a reader of one token's holders (a
 * compliance officer, or the token's agent, owner or an AccessManager role holder, as the cap-table route checks);
 * or leave to call one of `actions` on one token, exactly as the contracts decide (agent/owner, or the asset's
 * AccessManager `canCall`: GET /api/assets/[token]/permissions, the same check the write routes make).
 */
export type RoleNeed =
  | { complianceOfficer: true }
  | { tokenAgent: string }
  | { tokenReader: string }
  | { token: string; actions: readonly AssetAction[]; who: string; also?: string };

function whoFor(need: RoleNeed): string {
  if ("complianceOfficer" in need) return "a compliance officer (an agent of the identity registry)";
  if ("tokenAgent" in need) return "an agent of this token";
  if ("tokenReader" in need) return "an agent, owner or role holder of this token, or a compliance officer";
  return need.who;
}

/**
 * The signed-in wallet's permissions on one asset (GET /api/assets/[token]/permissions), refreshed with the
 * session; disabled while signed out.
 */
export function useAssetPermissions(token: string | undefined, enabled = true) {
  const { session } = useActiveSession(token);
  return useQuery({
    queryKey: ["permissions", token?.toLowerCase() ?? null, session?.address ?? null],
    queryFn: ({ signal }) => apiGet<AssetPermissions>(`/api/assets/${token!.toLowerCase()}/permissions`, signal),
    enabled: Boolean(enabled && token && session),
    refetchInterval: 15_000,
    staleTime: 2_000,
  });
}

/**
 * Why the connected user cannot use a form, in words, or null when they can (signed in with the role, read from the
 * chain). The UI hides what a role cannot do; the server refuses it anyway (401/403). `can` lists, for an actions
 * need, which of the actions the wallet may call (all false until known).
 */
export function useRoleGate(need: RoleNeed, action: string): { blocked: string | null; checking: boolean; can: Partial<Record<AssetAction, boolean>> } {
  const { isConnected } = useConnection();
  const token = "tokenAgent" in need ? need.tokenAgent : "tokenReader" in need ? need.tokenReader : "token" in need ? need.token : undefined;
  const { session, isPending } = useActiveSession(token);
  const perms = useAssetPermissions("actions" in need ? need.token : undefined, "actions" in need);
  const who = whoFor(need);
  const also = "also" in need && need.also ? ` (${need.also})` : "";
  if (!isConnected) return { blocked: `Connect a wallet and sign in as ${who}${also} to ${action}.`, checking: false, can: {} };
  if (isPending) return { blocked: null, checking: true, can: {} };
  if (!session) return { blocked: `Sign in (top right) as ${who}${also} to ${action}.`, checking: false, can: {} };
  let ok: boolean;
  let can: Partial<Record<AssetAction, boolean>> = {};
  if ("complianceOfficer" in need) ok = session.roles.complianceOfficer;
  else if ("tokenAgent" in need) ok = session.roles.tokens.some((t) => t.token === need.tokenAgent.toLowerCase() && t.agent);
  else if ("tokenReader" in need) {
    const t = session.roles.tokens.find((r) => r.token === need.tokenReader.toLowerCase());
    ok = session.roles.complianceOfficer || Boolean(t && (t.agent || t.owner || (t.roles ?? []).length > 0));
  } else {
    if (perms.isPending) return { blocked: null, checking: true, can: {} };
    if (!perms.data) return { blocked: `Your permissions on this token could not be read; try again.`, checking: false, can: {} };
    can = Object.fromEntries(need.actions.map((a) => [a, perms.data.can[a] === true]));
    ok = need.actions.some((a) => perms.data.can[a]);
  }
  return ok ? { blocked: null, checking: false, can } : { blocked: `Only ${who} can ${action}${also}; your wallet is not one.`, checking: false, can };
}
