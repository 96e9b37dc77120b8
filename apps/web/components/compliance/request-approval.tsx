"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiPost } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import { formatAmount } from "@/lib/client/format";
import { useTxFlow } from "@/lib/client/use-tx-flow";
import { requestTransfer } from "@/lib/compliance/chain-actions";
import type { ApprovalDecisionResponse } from "@/lib/compliance/types";
import { useRuntimeConfig } from "../runtime-config";
import { TxProgress } from "../tx-progress";

/**
 * The investor's "request approval" for a transfer that needs a transfer approver's approval (restriction code 15,
 * ManualApprovalModule.requestTransfer from the connected wallet), with an optional note recorded in the audit log.
 * For the transfer form to mount when its pre-check answers code 15.
 * @param amount Token base units.
 */
export function RequestApproval(props: { token: `0x${string}`; compliance: `0x${string}`; to: `0x${string}`; amount: bigint; symbol: string; decimals: number }) {
  const { deployments } = useRuntimeConfig();
  const qc = useQueryClient();
  const tx = useTxFlow();
  const [note, setNote] = useState("");
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const busy = ["wallet", "submitted"].includes(tx.state.phase) || (tx.state.phase === "confirmed" && !tx.state.indexTimedOut);
  const words = `${formatAmount(props.amount, props.decimals)} ${props.symbol}`;
  const module = deployments?.modules.manualApproval as `0x${string}` | undefined;

  async function request() {
    setResult(null);
    if (!module) return;
    const r = await tx.run({
      send: (wc, pc) => requestTransfer(wc, pc, { module, compliance: props.compliance, to: props.to, amount: props.amount }),
      success: () => `Approval of ${words} to ${props.to} requested. A transfer approver will decide; send the transfer once approved.`,
    });
    if (!r) return;
    try {
      await apiPost<ApprovalDecisionResponse>("/api/approvals", { txHash: r.hash, reason: note.trim().length >= 3 ? note.trim() : "Transfer approval requested" });
      setResult({ ok: true, text: "Recorded in the audit log." });
    } catch (err) {
      setResult({ ok: false, text: `Requested, but the audit record failed: ${explainUnknown(err)}` });
    }
    await qc.invalidateQueries({ queryKey: ["approvals"] });
  }

  return (
    <div className="form" role="group" aria-label="Request transfer approval">
      <p className="hint">This transfer of {words} needs a transfer approver's approval.</p>
      <div className="field">
        <label htmlFor="request-note">Note for the transfer approver (optional)</label>
        <input id="request-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} autoComplete="off" />
      </div>
      <div className="actions">
        <button type="button" disabled={busy || !module} onClick={() => void request()}>
          Request approval
        </button>
      </div>
      <TxProgress state={tx.state} label="Approval request progress" />
      {result ? (
        <p role={result.ok ? "status" : "alert"} aria-label="Approval request result" className={result.ok ? "hint" : "notice error"}>
          {result.text}
        </p>
      ) : null}
    </div>
  );
}
