"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Address, Hash } from "viem";
import { useConnection } from "wagmi";
import { apiPost } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import { formatDate } from "@/lib/client/format";
import { identityForWallet } from "@/lib/client/sdk";
import { useRoleGate } from "@/lib/client/use-role-gate";
import { useTxFlow } from "@/lib/client/use-tx-flow";
import { batchRegisterIdentity, setKycExpiry } from "@/lib/compliance/chain-actions";
import type { ImportPreviewResponse } from "@/lib/compliance/types";
import type { AuditEntryResponse } from "@/lib/shared/api-types";
import { countryLabel } from "@/lib/shared/countries";
import { useRuntimeConfig } from "../runtime-config";
import { TxProgress } from "../tx-progress";
import { ChainRecords } from "./chain-records";

const EXAMPLE = "wallet,country,expiry\n0x…,US,2027-12-31\n0x…,826,";

/**
 * Bulk allowlist import from a CSV (wallet, country as ISO-3166 numeric or alpha-2, optional KYC expiry YYYY-MM-DD).
 * The server previews it first (each row validated; rows it would skip are shown with the reason); nothing is sent
 * until the officer confirms. Then: one ONCHAINID identity per wallet (identityForWallet: through the IdentityFactory where
 * the chain has one, an identity it already has reused), the identity registry's batchRegisterIdentity
 * for all valid rows in one transaction, setKycExpiry for rows with an expiry, and one audit log entry.
 */
export function InvestorImport() {
  const { deployments } = useRuntimeConfig();
  const { isConnected } = useConnection();
  const gate = useRoleGate({ complianceOfficer: true }, "import investors");
  const qc = useQueryClient();
  const tx = useTxFlow();
  const [csv, setCsv] = useState("");
  const [reason, setReason] = useState("");
  const [preview, setPreview] = useState<ImportPreviewResponse | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const [audit, setAudit] = useState<{ ok: boolean; text: string } | null>(null);
  // The imported wallets and a counter bumped per import: ChainRecords then sends "Sync to L2" (second step).
  const [synced, setSynced] = useState<{ wallets: Address[]; n: number } | null>(null);
  const busy = checking || ["wallet", "submitted"].includes(tx.state.phase) || (tx.state.phase === "confirmed" && !tx.state.indexTimedOut);

  async function onFile(file: File | undefined) {
    if (!file) return;
    setCsv(await file.text());
    setPreview(null);
  }

  async function check() {
    setProblem(null);
    setAudit(null);
    setProgress(null);
    tx.reset();
    setChecking(true);
    try {
      setPreview(await apiPost<ImportPreviewResponse>("/api/investors/import/preview", { csv }));
    } catch (err) {
      setPreview(null);
      setProblem(explainUnknown(err));
    } finally {
      setChecking(false);
    }
  }

  async function register() {
    if (!deployments || !preview) return;
    if (reason.trim().length < 3) return setProblem("Give a reason for the audit log (at least 3 characters).");
    setProblem(null);
    const rows = preview.rows.filter((r) => r.status === "valid");
    const registry = deployments.identityRegistry;
    const dated = rows.filter((r) => r.kycExpiresAt);
    let batchHash: Hash | undefined;
    const r = await tx.run({
      send: async (wc, pc) => {
        const identities: Address[] = [];
        for (const [i, row] of rows.entries()) {
          setProgress(`Deploying identity ${i + 1} of ${rows.length}…`);
          // Through the platform's IdentityFactory where it has one: the same identity address on every chain.
          identities.push((await identityForWallet(wc, pc, deployments, row.wallet! as Address)).identity);
        }
        setProgress(`Registering ${rows.length} wallets in one transaction…`);
        const batch = await batchRegisterIdentity(wc, pc, { registry, wallets: rows.map((x) => x.wallet!), identities, countries: rows.map((x) => x.country!) });
        batchHash = batch.hash;
        for (const [i, row] of dated.entries()) {
          setProgress(`Setting KYC expiry ${i + 1} of ${dated.length}…`);
          await setKycExpiry(wc, pc, { registry, wallet: row.wallet!, kycExpiresAt: BigInt(row.kycExpiresAt!) });
        }
        setProgress(null);
        return batch;
      },
      success: () => `${rows.length} investor${rows.length === 1 ? "" : "s"} registered in one batch (${dated.length} with a KYC expiry).`,
    });
    if (!r || !batchHash) {
      setProgress(null);
      return;
    }
    setSynced((p) => ({ wallets: rows.map((x) => x.wallet! as Address), n: (p?.n ?? 0) + 1 }));
    try {
      await apiPost<AuditEntryResponse>("/api/audit", { txHash: batchHash, reason: reason.trim() });
      setAudit({ ok: true, text: "Recorded in the audit log." });
    } catch (err) {
      setAudit({ ok: false, text: `Registered, but the audit record failed: ${explainUnknown(err)}` });
    }
    setPreview(null);
    await qc.invalidateQueries({ queryKey: ["investors"] });
    await qc.invalidateQueries({ queryKey: ["audit"] });
  }

  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">Import investors (CSV)</h2>
      {gate.blocked || gate.checking ? (
        <p className="notice" aria-label="Import investors access">
          {gate.checking ? "Checking your roles…" : gate.blocked}
        </p>
      ) : (
        <div className="form">
          <p className="hint">
            Columns: wallet, country (ISO-3166 numeric or alpha-2), optional KYC expiry (YYYY-MM-DD). Rows are checked before anything is sent.
          </p>
          <div className="field">
            <label htmlFor="import-file">CSV file</label>
            <input id="import-file" type="file" accept=".csv,text/csv" onChange={(e) => void onFile(e.target.files?.[0])} />
          </div>
          <div className="field">
            <label htmlFor="import-csv">CSV text</label>
            <textarea
              id="import-csv"
              rows={5}
              value={csv}
              placeholder={EXAMPLE}
              spellCheck={false}
              onChange={(e) => {
                setCsv(e.target.value);
                setPreview(null);
              }}
            />
          </div>
          <div className="actions">
            <button type="button" className="btn-secondary" disabled={busy || !csv.trim()} onClick={() => void check()}>
              Preview import
            </button>
          </div>
          {problem ? (
            <p role="alert" aria-label="Import problem" className="notice error">
              {problem}
            </p>
          ) : null}
          {preview ? (
            <>
              <p role="status" aria-label="Import summary">
                {preview.valid} to register, {preview.skipped} skipped.
              </p>
              <div className="table-wrap">
                <table aria-label="Import preview">
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Wallet</th>
                      <th scope="col">Country</th>
                      <th scope="col">KYC expiry</th>
                      <th scope="col">Result</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows.map((r) => (
                      <tr key={r.line}>
                        <td>{r.line}</td>
                        <td>
                          <code>{r.walletInput}</code>
                        </td>
                        <td>{r.country ? countryLabel(r.country) : r.countryInput}</td>
                        <td>{r.kycExpiresAt ? formatDate(r.kycExpiresAt) : "—"}</td>
                        <td>{r.status === "valid" ? <span className="badge ok">Will register</span> : <span className="badge danger">Skipped: {r.message}</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {preview.valid > 0 ? (
                <>
                  <div className="field">
                    <label htmlFor="import-reason">Reason (audit log)</label>
                    <input id="import-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="e.g. KYC batch 2026-11" />
                  </div>
                  <div className="actions">
                    <button type="button" disabled={busy || !isConnected || !deployments} onClick={() => void register()}>
                      Register {preview.valid} investor{preview.valid === 1 ? "" : "s"}
                    </button>
                  </div>
                </>
              ) : null}
            </>
          ) : null}
          {progress ? (
            <p role="status" aria-label="Import step" className="hint">
              {progress}
            </p>
          ) : null}
          <TxProgress state={tx.state} label="Import progress" />
          {synced ? <ChainRecords key={synced.wallets.join()} wallet={synced.wallets[0]!} also={synced.wallets.slice(1)} syncAfter={synced.n} /> : null}
          {audit ? (
            <p role={audit.ok ? "status" : "alert"} aria-label="Import audit record" className={audit.ok ? "hint" : "notice error"}>
              {audit.text}
            </p>
          ) : null}
        </div>
      )}
    </section>
  );
}
