"use client";

import { ApiClientError } from "@/lib/client/api";

/**
 * Loading / error line for an API query (role=status while loading, role=alert on failure). A 401 says to sign in,
 * a 403 that the signed-in wallet may not see it (with the server's reason).
 */
export function QueryNotice({ isPending, error, what }: { isPending: boolean; error: Error | null; what: string }) {
  if (error) {
    const status = error instanceof ApiClientError ? error.status : undefined;
    return (
      <p role="alert" className="notice error">
        {status === 401
          ? `Sign in (top right) to see ${what}.`
          : status === 403
            ? `Your wallet may not see ${what}: ${error.message}`
            : `Could not load ${what}: ${error.message}`}
      </p>
    );
  }
  if (isPending) {
    return (
      <p role="status" className="hint">
        Loading {what}…
      </p>
    );
  }
  return null;
}
