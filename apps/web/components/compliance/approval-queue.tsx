"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useConnection } from "wagmi";
import { apiGet, apiPost, ApiClientError } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import { formatAmount } from "@/lib/client/format";
import { useActiveSession } from "@/lib/client/session";
import { useTxFlow } from "@/lib/client/use-tx-flow";
import { approveTransfer, rejectTransfer } from "@/lib/compliance/chain-actions";
import type { ApprovalDecisionResponse, ApprovalListResponse, ApprovalRequestDto } from "@/lib/compliance/types";
import { devAccountLabel } from "@/lib/shared/dev-accounts";
import { useRuntimeConfig } from "../runtime-config";
import { TxProgress } from "../tx-progress";

const keyOf = (r: ApprovalRequestDto) => `${r.compliance}:${r.from}:${r.to}:${r.amount}`;

/** The decision panel of one requested transfer: the server checks the decision first (maker-checker), then the wallet signs. */
function Decide({ request, onClose }: { request: ApprovalRequestDto; onClose: () => void }) {
  const { deployments } = useRuntimeConfig();
  const qc = useQueryClient();
  const tx = useTxFlow();
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const busy = tx.state.phase === "checking" || ["wallet", "submitted"].includes(tx.state.phase) || (tx.state.phase === "confirmed" && !tx.state.indexTimedOut);
  const words = `${formatAmount(request.amount, request.decimals)} ${request.symbol}`;

  async function decide(decision: "approve" | "reject") {
    setResult(null);
    const module = deployments?.modules.manualApproval as `0x${string}` | undefined;
    if (!module) return;
    if (reason.trim().length < 3) return setResult({ ok: false, text: "Give a reason for the audit log (at least 3 characters)." });
    tx.checking();
    try {
      await apiPost<ApprovalDecisionResponse>("/api/approvals/check", {
        token: request.token,
        from: request.from,
        to: request.to,
        amount: request.amount,
        decision,
      });
    } catch (err) {
      // 403: not a transfer approver; 409: the requester cannot decide (maker-checker) or nothing is pending.
      tx.fail(err instanceof ApiClientError ? err.message : explainUnknown(err), { refused: true });
      return;
    }
    const key = { module, compliance: request.compliance, from: request.from, to: request.to, amount: BigInt(request.amount) };
    const r = await tx.run({
      send: (wc, pc) => (decision === "approve" ? approveTransfer(wc, pc, key) : rejectTransfer(wc, pc, key)),
      success: () => `Transfer of ${words} from ${request.from} to ${request.to} ${decision === "approve" ? "approved" : "rejected"}.`,
    });
    if (!r) return;
    try {
      await apiPost<ApprovalDecisionResponse>("/api/approvals", { txHash: r.hash, reason: reason.trim() });
      setResult({ ok: true, text: "Recorded in the audit log." });
    } catch (err) {
      setResult({ ok: false, text: `Done on-chain, but the audit record failed: ${explainUnknown(err)}` });
    }
    await qc.invalidateQueries({ queryKey: ["approvals"] });
    await qc.invalidateQueries({ queryKey: ["audit"] });
  }

  return (
    <div className="card" role="region" aria-label="Decide on transfer">
      <div className="card-head">
        <h3>
          {words}: <code>{request.from}</code> → <code>{request.to}</code>
        </h3>
        <button type="button" className="btn-secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="hint">The approver must be a transfer approver other than the requester (maker-checker). One approval allows one transfer of exactly this amount.</p>
      <div className="field">
        <label htmlFor="approval-reason">Decision reason (audit log)</label>
        <input id="approval-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="required" autoComplete="off" />
      </div>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void decide("approve")}>
          Approve transfer
        </button>
        <button type="button" className="btn-secondary" disabled={busy} onClick={() => void decide("reject")}>
          Reject transfer
        </button>
      </div>
      <TxProgress state={tx.state} label="Decision progress" />
      {result ? (
        <p role={result.ok ? "status" : "alert"} aria-label="Decision result" className={result.ok ? "hint" : "notice error"}>
          {result.text}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Maker-checker transfer approvals (ManualApprovalModule): the transfers requested on assets that use the module,
 * pending or approved and not yet used, for compliance officers and the assets' transfer approvers; each opened in a
 * decision panel (approve or reject with a reason).
 */
export function ApprovalQueue() {
  const { isConnected } = useConnection();
  const { session, isPending } = useActiveSession();
  const [open, setOpen] = useState<string | null>(null);
  // A wallet that is neither a compliance officer nor a transfer approver of the module is told so, without asking
  // the server for a queue it would refuse (403).
  const mayReview = Boolean(session && (session.roles.complianceOfficer || session.roles.transferApprover));
  const q = useQuery({
    queryKey: ["approvals", session?.address],
    queryFn: ({ signal }) => apiGet<ApprovalListResponse>("/api/approvals", signal),
    enabled: mayReview,
    refetchInterval: 3000,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const requests = q.data?.requests ?? [];
  const current = requests.find((r) => keyOf(r) === open);

  return (
    <section className="card" aria-labelledby="approvals-heading">
      <div className="card-head">
        <h2 id="approvals-heading">Transfer approvals</h2>
        {q.data ? <span className="hint">{q.data.assets.map((a) => a.symbol).join(", ") || "No asset uses manual approval."}</span> : null}
      </div>
      {!isConnected || (!session && !isPending) ? (
        <p className="notice" aria-label="Transfer approvals access">
          Connect and sign in as a compliance officer or a transfer approver to review requested transfers.
        </p>
      ) : session && !mayReview ? (
        <p className="notice" aria-label="Transfer approvals access">
          Only a compliance officer or a transfer approver of an asset with manual approval can review requested transfers.
        </p>
      ) : q.error ? (
        <p className="notice" aria-label="Transfer approvals access">
          {explainUnknown(q.error)}
        </p>
      ) : (
        <>
          <div className="table-wrap">
            <table aria-label="Transfer approvals">
              <thead>
                <tr>
                  <th scope="col">Asset</th>
                  <th scope="col">Requested by</th>
                  <th scope="col">To</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Decide</th>
                </tr>
              </thead>
              <tbody>
                {requests.length === 0 ? (
                  <tr>
                    <td colSpan={6} className="empty">
                      {q.isPending ? "Loading…" : "No transfers waiting for approval."}
                    </td>
                  </tr>
                ) : (
                  requests.map((r) => (
                    <tr key={keyOf(r)}>
                      <td>{r.symbol}</td>
                      <td>
                        <code>{r.from}</code>
                        {devAccountLabel(r.from) ? <div className="hint">{devAccountLabel(r.from)}</div> : null}
                      </td>
                      <td>
                        <code>{r.to}</code>
                        {devAccountLabel(r.to) ? <div className="hint">{devAccountLabel(r.to)}</div> : null}
                      </td>
                      <td className="num">
                        {formatAmount(r.amount, r.decimals)} {r.symbol}
                      </td>
                      <td>
                        {r.requested > 0 ? <span className="badge warn">{r.requested} pending</span> : null}
                        {r.approved > 0 ? <span className="badge ok">{r.approved} approved, not yet used</span> : null}
                      </td>
                      <td>
                        {r.requested > 0 ? (
                          <button type="button" className="btn-secondary" onClick={() => setOpen(keyOf(r))}>
                            Review
                          </button>
                        ) : (
                          "—"
                        )}
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          {current ? <Decide key={open} request={current} onClose={() => setOpen(null)} /> : null}
        </>
      )}
    </section>
  );
}
