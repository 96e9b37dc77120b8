"use client";

/** Loading / error line for an API query (role=status while loading, role=alert on failure). */
export function QueryNotice({ isPending, error, what }: { isPending: boolean; error: Error | null; what: string }) {
  if (error) {
    return (
      <p role="alert" className="notice error">
        Could not load {what}: {error.message}
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
