"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type ChangeEvent } from "react";
import type { PublicClient } from "viem";
import { useConnection, usePublicClient } from "wagmi";
import { apiPost } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import { formatAmount } from "@/lib/client/format";
import { useRoleGate } from "@/lib/client/use-role-gate";
import { useTxFlow } from "@/lib/client/use-tx-flow";
import { batchMint } from "@/lib/issuer/actions";
import { parseBulkCsv, precheckBulkRows, readyRows, simulateBatchMint, type BulkRow } from "@/lib/issuer/bulk-issuance";
import type { AssetDto, AuditEntryResponse } from "@/lib/shared/api-types";
import { TxProgress } from "../tx-progress";

type Check =
  | { kind: "idle" }
  | { kind: "checking" }
  | { kind: "problem"; text: string }
  | { kind: "done"; text: string; rows: BulkRow[]; batch: { ok: true } | { ok: false; reason: string } };

/** Result column text of a preview row. */
function rowResult(r: BulkRow): string {
  if (r.error) return `Invalid: ${r.error}`;
  if (!r.precheck) return "Not checked";
  return r.precheck.ok ? "Ready" : `Skipped: ${r.precheck.reason}`;
}

/**
 * "Bulk issuance" card: CSV (wallet, amount in whole tokens) → preview with each row's validation and on-chain
 * pre-check → the passing rows in one `batchMint` transaction (failing rows are shown and skipped) → audit entry.
 */
export function BulkIssuance({ asset }: { asset: AssetDto }) {
  const publicClient = usePublicClient();
  const { address, isConnected } = useConnection();
  const qc = useQueryClient();
  const gate = useRoleGate({ token: asset.token, actions: ["batchMint"], who: "an agent of this token", also: "or a holder of a role it accepts for batchMint, such as SUPPLY" }, "issue tokens in bulk");
  const tx = useTxFlow();
  const [csv, setCsv] = useState("");
  const [checkedCsv, setCheckedCsv] = useState<string | null>(null);
  const [check, setCheck] = useState<Check>({ kind: "idle" });
  const [reason, setReason] = useState("");
  const [audit, setAudit] = useState<{ kind: "idle" | "saving" | "saved" | "error"; text?: string }>({ kind: "idle" });
  const busy = ["wallet", "submitted"].includes(tx.state.phase) || (tx.state.phase === "confirmed" && !tx.state.indexTimedOut) || audit.kind === "saving";
  const ready = check.kind === "done" ? readyRows(check.rows) : [];
  const total = ready.reduce((s, r) => s + r.amount, 0n);
  const fmt = (v: bigint) => `${formatAmount(v, asset.decimals)} ${asset.symbol}`;

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    if (file.size > 256 * 1024) {
      setCheck({ kind: "problem", text: "The CSV file is larger than 256 KB." });
      return;
    }
    setCsv(await file.text());
    setCheck({ kind: "idle" });
  }

  async function runCheck() {
    tx.reset();
    setAudit({ kind: "idle" });
    const parsed = parseBulkCsv(csv, asset.decimals);
    if (parsed.problem) {
      setCheck({ kind: "problem", text: parsed.problem });
      return;
    }
    if (!publicClient) return;
    setCheck({ kind: "checking" });
    try {
      const rows = await precheckBulkRows(publicClient as unknown as PublicClient, asset.token, parsed.rows);
      const go = readyRows(rows);
      const batch = go.length && address ? await simulateBatchMint(publicClient as unknown as PublicClient, address, asset.token, go) : ({ ok: true } as const);
      const skipped = rows.length - go.length;
      const sum = go.reduce((s, r) => s + r.amount, 0n);
      setCheck({
        kind: "done",
        rows,
        batch,
        text: `${go.length} of ${rows.length} rows ready (${fmt(sum)}); ${skipped} will be skipped.`,
      });
      setCheckedCsv(csv);
    } catch (err) {
      setCheck({ kind: "problem", text: explainUnknown(err) });
    }
  }

  async function send() {
    if (check.kind !== "done" || ready.length === 0 || !check.batch.ok) return;
    const rows = ready;
    const result = await tx.run({
      send: (wc, pc) => batchMint(wc, pc, { token: asset.token, to: rows.map((r) => r.wallet), amounts: rows.map((r) => r.amount) }),
      success: () => `Issued ${fmt(rows.reduce((s, r) => s + r.amount, 0n))} to ${rows.length} wallet${rows.length === 1 ? "" : "s"} in one batchMint.`,
    });
    if (!result) return;
    void qc.invalidateQueries({ queryKey: ["asset", asset.token] });
    setCheckedCsv(null);
    setAudit({ kind: "saving" });
    try {
      const skipped = check.rows.length - rows.length;
      const why = reason.trim() || `Bulk issuance from CSV: ${rows.length} rows issued, ${skipped} skipped by the pre-check`;
      const { entry } = await apiPost<AuditEntryResponse>("/api/audit", { txHash: result.hash, reason: why });
      setAudit({ kind: "saved", text: `Recorded in the audit log: ${entry.action} ${entry.amount ? fmt(BigInt(entry.amount)) : ""}, reason "${entry.reason}".` });
      void qc.invalidateQueries({ queryKey: ["audit"] });
    } catch (err) {
      setAudit({ kind: "error", text: `The issuance succeeded, but the audit record failed: ${explainUnknown(err)}` });
    }
  }

  const stale = checkedCsv !== csv;
  return (
    <section className="card" aria-labelledby="bulk-heading">
      <h2 id="bulk-heading">Bulk issuance</h2>
      {gate.blocked || gate.checking ? (
        <p className="notice" aria-label="Bulk issuance access">
          {gate.checking ? "Checking your roles…" : gate.blocked}
        </p>
      ) : (
        <div className="form">
          <div className="field">
            <label htmlFor="bulk-csv">Issuance CSV (wallet, amount)</label>
            <textarea
              id="bulk-csv"
              rows={6}
              value={csv}
              spellCheck={false}
              placeholder={"wallet,amount\n0x3C44…93BC,1000\n0x90F7…b906,250.5"}
              onChange={(e) => setCsv(e.target.value)}
              aria-describedby="bulk-csv-hint"
            />
            <p id="bulk-csv-hint" className="hint">
              One investor per line: wallet, amount in whole {asset.symbol} (up to {asset.decimals} decimals). A header line is optional.
            </p>
          </div>
          <div className="field">
            <label htmlFor="bulk-file">Or load a CSV file</label>
            <input id="bulk-file" type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void onFile(e)} />
          </div>
          <div className="actions">
            <button type="button" className="btn-secondary" onClick={() => void runCheck()} disabled={busy || check.kind === "checking" || !csv.trim()}>
              Check rows
            </button>
          </div>
          {check.kind === "problem" ? (
            <p role="alert" aria-label="Issuance check" className="notice error">
              {check.text}
            </p>
          ) : (
            <p role="status" aria-label="Issuance check" className="notice">
              {check.kind === "checking" ? "Checking each row against the rules…" : check.kind === "done" ? check.text : ""}
            </p>
          )}
          {check.kind === "done" ? (
            <>
              <div className="table-wrap">
                <table aria-label="Issuance preview">
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Wallet</th>
                      <th scope="col">Amount</th>
                      <th scope="col">Result</th>
                    </tr>
                  </thead>
                  <tbody>
                    {check.rows.map((r) => (
                      <tr key={r.line} className={rowResult(r) === "Ready" ? undefined : "muted"}>
                        <td>{r.line}</td>
                        <td>
                          <code>{r.wallet ?? r.walletText}</code>
                        </td>
                        <td>{r.amount !== undefined ? fmt(r.amount) : r.amountText}</td>
                        <td>{rowResult(r)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {!check.batch.ok ? (
                <p role="alert" aria-label="Batch check" className="notice error">
                  The batch as a whole would fail: {check.batch.reason}. Remove rows and check again; nothing was sent.
                </p>
              ) : null}
              <div className="field">
                <label htmlFor="bulk-reason">Reason (recorded in the audit log)</label>
                <input id="bulk-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Closing of the 2026 subscription round" />
              </div>
              <div className="actions">
                <button type="button" onClick={() => void send()} disabled={!isConnected || busy || stale || ready.length === 0 || !check.batch.ok}>
                  {`Issue to ${ready.length} wallet${ready.length === 1 ? "" : "s"}`}
                </button>
                {stale ? <span className="hint">The CSV changed: check the rows again.</span> : null}
                {ready.length ? <span className="hint">Total {fmt(total)} in one batchMint transaction.</span> : null}
              </div>
            </>
          ) : null}
          <TxProgress state={tx.state} label="Bulk issuance progress" />
          {audit.kind === "error" ? (
            <p role="alert" aria-label="Bulk issuance log entry" className="notice error">
              {audit.text}
            </p>
          ) : (
            <p role="status" aria-label="Bulk issuance log entry" className={audit.kind === "saved" ? "notice ok" : undefined}>
              {audit.kind === "saving" ? "Recording in the audit log…" : audit.kind === "saved" ? audit.text : ""}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
