"use client";

import { useConnection } from "wagmi";
import { explainUnknown } from "@/lib/client/errors";
import { useAssets } from "@/lib/client/queries";
import { useActiveSession, useSignIn, useSignOut } from "@/lib/client/session";
import type { RolesDto } from "@/lib/shared/api-types";
import styles from "./header.module.css";

/**
 * Roles in words: "compliance officer; agent of HB30; owner of HB30; roles on HB30: admin", or "no issuer or compliance
 * role".
 */
export function rolesText(roles: RolesDto, symbolOf: (token: string) => string): string {
  const parts: string[] = [];
  if (roles.complianceOfficer) parts.push("compliance officer");
  if (roles.registryOwner) parts.push("identity registry owner");
  const agentOf = roles.tokens.filter((t) => t.agent).map((t) => symbolOf(t.token));
  const ownerOf = roles.tokens.filter((t) => t.owner).map((t) => symbolOf(t.token));
  if (agentOf.length) parts.push(`agent of ${agentOf.join(", ")}`);
  if (ownerOf.length) parts.push(`owner of ${ownerOf.join(", ")}`);
  // AccessManager roles (suite tokens): "roles on TDF: supply, freezer".
  for (const t of roles.tokens) {
    if (t.roles?.length) parts.push(`roles on ${symbolOf(t.token)}: ${t.roles.map((r) => r.toLowerCase().replace(/_/g, " ")).join(", ")}`);
  }
  if (roles.transferApprover) parts.push("transfer approver");
  return parts.length ? parts.join("; ") : "no issuer or compliance role";
}

/** Sign-In with Ethereum: a "Sign in" button for the connected wallet, or who is signed in with which roles. */
export function SessionMenu() {
  const { isConnected, address } = useConnection();
  const { session, isPending } = useActiveSession();
  const assets = useAssets();
  const signIn = useSignIn();
  const signOut = useSignOut();
  if (!isConnected || !address) return null;
  const symbolOf = (token: string) => assets.data?.assets.find((a) => a.token === token)?.symbol ?? `${token.slice(0, 8)}…`;
  const error = signIn.error ?? signOut.error;

  return (
    <div className={styles.session}>
      <div role="status" aria-label="Session" className={styles.walletStatus}>
        {session ? (
          <>
            Signed in · <span>{rolesText(session.roles, symbolOf)}</span>
          </>
        ) : isPending ? (
          "Checking session…"
        ) : signIn.isPending ? (
          "Waiting for the wallet's signature…"
        ) : (
          "Not signed in"
        )}
      </div>
      {session ? (
        <button type="button" className="btn-secondary" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
          Sign out
        </button>
      ) : (
        <button type="button" disabled={signIn.isPending || isPending} onClick={() => signIn.mutate()}>
          Sign in
        </button>
      )}
      {error ? (
        <p role="alert" aria-label="Sign-in problem" className={styles.walletError}>
          {explainUnknown(error)}
        </p>
      ) : null}
    </div>
  );
}
