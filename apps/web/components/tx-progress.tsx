"use client";

import type { TxState } from "@/lib/client/use-tx-flow";

const STEPS: Array<{ phase: "wallet" | "submitted" | "confirmed" | "indexed"; label: string }> = [
  { phase: "wallet", label: "Waiting for wallet" },
  { phase: "submitted", label: "Submitted" },
  { phase: "confirmed", label: "Confirmed" },
  { phase: "indexed", label: "Indexed" },
];
const ORDER = { idle: -1, error: -1, checking: -1, wallet: 0, submitted: 1, confirmed: 2, indexed: 3 } as const;

/** Text of the current step, as announced in the status region. */
export function txStatusText(s: TxState): string {
  switch (s.phase) {
    case "checking":
      return "Checking the transfer rules…";
    case "wallet":
      return "Waiting for wallet confirmation…";
    case "submitted":
      return `Submitted: transaction ${s.hash}. Waiting for confirmation…`;
    case "confirmed":
      return s.indexTimedOut
        ? `Confirmed in block ${s.block}. The indexer has not caught up yet; the tables will update when it does.`
        : `Confirmed in block ${s.block}. Waiting for the indexer…`;
    case "indexed":
      return `${s.message ?? "Done."} Confirmed in block ${s.block} and indexed.`;
    default:
      return "";
  }
}

/** Progress of a write (role=status), or its explained failure (role=alert). */
export function TxProgress({ state, label }: { state: TxState; label: string }) {
  if (state.phase === "idle") return <div role="status" aria-label={label} />;
  if (state.phase === "error") {
    return (
      <div role="alert" aria-label={label} className="notice error">
        <strong>{state.refused ? "Not allowed:" : "Failed:"}</strong> {state.message}
        {state.hash ? (
          <div className="hint">
            Transaction <code>{state.hash}</code>
          </div>
        ) : null}
      </div>
    );
  }
  if (state.phase === "checking") {
    return (
      <p role="status" aria-label={label} className="notice">
        {txStatusText(state)}
      </p>
    );
  }
  const current = ORDER[state.phase];
  return (
    <div>
      <p role="status" aria-label={label} className={`notice ${state.phase === "indexed" ? "ok" : ""}`}>
        {txStatusText(state)}
      </p>
      <ol className="steps" aria-hidden="true">
        {STEPS.map((step, i) => (
          <li key={step.phase} className={i < current || state.phase === "indexed" ? "done" : i === current ? "current" : ""}>
            <span>{i < current || state.phase === "indexed" ? "✓" : i === current ? "●" : "○"}</span>
            {step.label}
            {step.phase === "submitted" && state.hash ? (
              <code title={state.hash}>
                {state.hash.slice(0, 10)}…{state.hash.slice(-6)}
              </code>
            ) : null}
            {step.phase === "confirmed" && state.block !== undefined && i <= current ? <span>block {state.block.toString()}</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
