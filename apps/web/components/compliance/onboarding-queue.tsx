"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Address } from "viem";
import { apiGet, apiPost } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import { onboardInvestor, registerInvestor } from "@/lib/client/sdk";
import { useRoleGate } from "@/lib/client/use-role-gate";
import { useTxFlow } from "@/lib/client/use-tx-flow";
import type { ApplicationDto, ApplicationListResponse, ApplicationResponse } from "@/lib/shared/api-types";
import { countryLabel } from "@/lib/shared/countries";
import { useRuntimeConfig } from "../runtime-config";
import { RoleGateNotice } from "../role-gate-notice";
import { RowsTable } from "../rows-table";
import { TxProgress } from "../tx-progress";
import { ChainRecords } from "./chain-records";
import { IdDocumentLinks } from "../investor/id-documents";

function oneYearFromToday(): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

/** Review panel of one application: approve (registers the wallet on-chain, then records it) or reject with a reason. */
function Review({ app, onDone, onReviewed }: { app: ApplicationDto; onDone: () => void; onReviewed: (a: ApplicationDto) => void }) {
  const { deployments } = useRuntimeConfig();
  const tx = useTxFlow();
  const qc = useQueryClient();
  const [expiry, setExpiry] = useState("");
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [step, setStep] = useState<string | null>(null);
  // Bumped once the registration succeeded: ChainRecords then sends "Sync to L2" (the approval's second step).
  const [syncAfter, setSyncAfter] = useState(0);
  useEffect(() => setExpiry((e) => e || oneYearFromToday()), []);
  const busy = ["wallet", "submitted"].includes(tx.state.phase) || (tx.state.phase === "confirmed" && !tx.state.indexTimedOut) || rejecting;

  async function approve() {
    setResult(null);
    if (!deployments) return;
    const t = Date.parse(`${expiry}T23:59:59Z`);
    if (Number.isNaN(t) || t <= Date.now()) {
      setResult({ ok: false, text: "Choose a KYC expiry date in the future." });
      return;
    }
    const expiresAt = BigInt(Math.floor(t / 1000));
    const claimIssuer = deployments.claimIssuer;
    // With the platform's ClaimIssuer: the SDK's ONCHAINID onboarding (identity owned by the investor, created through
    // the IdentityFactory where the chain has one so it has the same address on every chain, KYC claim with the expiry,
    // registration); without one: the officer's registerInvestor attestation. Either way the registry's
    // registerInvestor transaction is what the server checks.
    const r = await tx.run({
      send: async (wc, pc) => {
        if (!claimIssuer) return registerInvestor(wc, pc, deployments, { wallet: app.wallet, country: app.country, kycExpiresAt: expiresAt });
        const o = await onboardInvestor(
          wc,
          pc,
          {
            identityRegistry: deployments.identityRegistry,
            identityFactory: deployments.identityFactory,
            claimIssuer,
            wallet: app.wallet,
            country: app.country,
            expiresAt,
          },
          { onStep: (s) => setStep(s.step) },
        );
        setStep(null);
        const registration = o.steps.find((s) => s.step === "register wallet")!;
        return { hash: registration.hash, identity: o.identity };
      },
      success: () => `${app.name} (${app.wallet}) registered with country ${app.country}, KYC until ${expiry}.`,
    });
    setStep(null);
    if (!r) return;
    setSyncAfter((n) => n + 1);
    try {
      const done = await apiPost<ApplicationResponse>(`/api/applications/${app.id}/approve`, { txHash: r.hash, reason: reason.trim() || undefined });
      setResult({ ok: true, text: `Application of ${app.name} approved.` });
      onReviewed(done.application);
      await qc.invalidateQueries({ queryKey: ["applications"] });
      await qc.invalidateQueries({ queryKey: ["audit"] });
    } catch (err) {
      setResult({ ok: false, text: `Registered on-chain, but the approval was not recorded: ${explainUnknown(err)}` });
    }
  }

  async function reject() {
    setResult(null);
    if (reason.trim().length < 3) {
      setResult({ ok: false, text: "Give the applicant a reason for the rejection." });
      return;
    }
    setRejecting(true);
    try {
      const done = await apiPost<ApplicationResponse>(`/api/applications/${app.id}/reject`, { reason: reason.trim() });
      setResult({ ok: true, text: `Application of ${app.name} rejected.` });
      onReviewed(done.application);
      await qc.invalidateQueries({ queryKey: ["applications"] });
      await qc.invalidateQueries({ queryKey: ["audit"] });
    } catch (err) {
      setResult({ ok: false, text: explainUnknown(err) });
    } finally {
      setRejecting(false);
    }
  }

  return (
    <div className="card" role="region" aria-label="Review application">
      <h3>
        {app.name} <span className="hint">({app.investorType === "entity" ? "entity" : "individual"})</span>
      </h3>
      <p>
        Wallet <code>{app.wallet}</code> · {countryLabel(app.country)} · {app.accredited ? "accredited" : "not accredited"}
        {app.email ? ` · ${app.email}` : ""}
      </p>
      <IdDocumentLinks applicationId={app.id} />
      {app.status === "pending" ? (
        <div className="form">
          <div className="row">
            <div className="field">
              <label htmlFor="review-expiry">Approval KYC expiry</label>
              <input id="review-expiry" type="date" value={expiry} onChange={(e) => setExpiry(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="review-reason">Decision reason</label>
              <input id="review-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="required to reject" />
            </div>
          </div>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void approve()}>
              Approve and register
            </button>
            <button type="button" className="btn-secondary" disabled={busy} onClick={() => void reject()}>
              Reject
            </button>
            <button type="button" className="btn-secondary" onClick={onDone}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <p className="hint">
          {app.status === "approved" ? "Approved" : "Rejected"}
          {app.reason ? `: ${app.reason}` : ""} {app.reviewedBy ? `(by ${app.reviewedBy})` : ""}
        </p>
      )}
      {step ? (
        <p role="status" aria-label="Onboarding step" className="hint">
          Done: {step}…
        </p>
      ) : null}
      <TxProgress state={tx.state} label="Approval progress" />
      {syncAfter > 0 ? <ChainRecords wallet={app.wallet as Address} syncAfter={syncAfter} /> : null}
      {result ? (
        <p role={result.ok ? "status" : "alert"} aria-label="Review result" className={`notice ${result.ok ? "ok" : "error"}`}>
          {result.text}
        </p>
      ) : null}
    </div>
  );
}

/** The onboarding queue (compliance officers): applications by status, each opened in a review panel. */
export function OnboardingQueue() {
  const gate = useRoleGate({ complianceOfficer: true }, "review onboarding applications");
  const allowed = !gate.blocked && !gate.checking;
  const [status, setStatus] = useState("pending");
  // The application under review stays open after its decision (it leaves the pending list), showing the outcome.
  const [open, setOpen] = useState<ApplicationDto | null>(null);
  const q = useQuery({
    queryKey: ["applications", "queue", status],
    queryFn: ({ signal }) => apiGet<ApplicationListResponse>(`/api/applications?status=${status}&pageSize=100`, signal),
    enabled: allowed,
    refetchInterval: 3000,
    placeholderData: keepPreviousData,
  });
  const apps = q.data?.applications ?? [];
  const current = open && open.status === "pending" ? (apps.find((a) => a.id === open.id) ?? open) : open;

  return (
    <section className="card" aria-labelledby="queue-heading">
      <div className="card-head">
        <h2 id="queue-heading">Onboarding queue</h2>
        {allowed ? (
          <div className="field">
            <label htmlFor="queue-status">Show applications</label>
            <select id="queue-status" value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="pending">Pending</option>
              <option value="approved">Approved</option>
              <option value="rejected">Rejected</option>
              <option value="all">All</option>
            </select>
          </div>
        ) : null}
      </div>
      {!allowed ? (
        <RoleGateNotice gate={gate} label="Onboarding queue access" />
      ) : (
        <>
          <RowsTable
            label="Onboarding queue"
            rows={apps}
            rowKey={(a) => String(a.id)}
            empty={q.isPending ? "Loading…" : "No applications."}
            columns={[
              {
                header: "Applicant",
                cell: (a) => (
                  <>
                    {a.name}
                    <div className="hint">
                      <code>{a.wallet}</code>
                    </div>
                  </>
                ),
              },
              { header: "Country", cell: (a) => countryLabel(a.country) },
              { header: "Type", cell: (a) => `${a.investorType}${a.accredited ? ", accredited" : ""}` },
              { header: "Submitted", cell: (a) => a.createdAt.slice(0, 10) },
              { header: "Status", cell: (a) => (a.status === "rejected" && a.reason ? `rejected: ${a.reason}` : a.status) },
              {
                header: "Review",
                cell: (a) => (
                  <button type="button" className="btn-secondary" onClick={() => setOpen(a)}>
                    Review {a.name}
                  </button>
                ),
              },
            ]}
          />
          {current ? <Review key={current.id} app={current} onDone={() => setOpen(null)} onReviewed={setOpen} /> : null}
        </>
      )}
    </section>
  );
}
