/**
 * What a role gate (`useRoleGate`) says while it stands: "Checking your roles…", or why the session may not see or do
 * this (sign in, connect, which role is needed), as a notice named `label` (e.g. "Queue access").
 */
export function RoleGateNotice({ gate, label }: { gate: { blocked: string | null; checking: boolean }; label: string }) {
  return (
    <p className="notice" aria-label={label}>
      {gate.checking ? "Checking your roles…" : gate.blocked}
    </p>
  );
}
