"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { Address, Hash } from "viem";
import { KYC_RENEWAL_MAX_WALLETS, renewKyc, type IdentityStep, type KycRenewed } from "@tessera/sdk/identity";
import { apiGet, apiPost } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import { formatDate, parseAddressInput } from "@/lib/client/format";
import { useRoleGate } from "@/lib/client/use-role-gate";
import { useTxFlow } from "@/lib/client/use-tx-flow";
import type { KycRenewalCheckResponse, KycRenewalRecordResponse } from "@/lib/compliance/kyc-renewal-types";
import type { InvestorListResponse } from "@/lib/shared/api-types";
import { useRuntimeConfig } from "../runtime-config";
import { TxProgress } from "../tx-progress";
import { ChainRecords } from "./chain-records";

/** Today + 1 year as YYYY-MM-DD (local date): the usual KYC validity. */
export function oneYearFromToday(): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() + 1);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A YYYY-MM-DD date → unix seconds at the end of that day (UTC), as the register form reads it; null if invalid. */
export function endOfDayUtc(date: string): bigint | null {
  const t = Date.parse(`${date}T23:59:59Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(t) ? BigInt(t / 1000) : null;
}

/** What the audit record of a renewal said. */
export type RenewalAudit = { ok: boolean; text: string };

/**
 * One KYC renewal, single or batch: the server checks it first (POST /api/investors/kyc-renewals/check: officer,
 * expiry, wallets registered, claims needed), then the officer's wallet signs through the SDK's renewKyc (a refreshed
 * ONCHAINID claim or setKycExpiry, whichever the registry's source of truth needs), then the server checks the
 * transactions on the chain and records them in the audit log (POST /api/investors/kyc-renewals). A renewal that
 * fails part-way still records the wallets it renewed.
 */
export function useKycRenewal() {
  const { deployments } = useRuntimeConfig();
  const qc = useQueryClient();
  const tx = useTxFlow();
  const [audit, setAudit] = useState<RenewalAudit | null>(null);
  const [renewed, setRenewed] = useState<KycRenewalRecordResponse["renewed"]>([]);
  const [checking, setChecking] = useState(false);

  async function renew(p: { wallets: Address[]; expiresAt: bigint; reason: string }): Promise<boolean> {
    if (!deployments) return false;
    setAudit(null);
    setRenewed([]);
    tx.reset();
    setChecking(true);
    let plan: KycRenewalCheckResponse;
    try {
      plan = await apiPost<KycRenewalCheckResponse>("/api/investors/kyc-renewals/check", { wallets: p.wallets, expiresAt: p.expiresAt.toString() });
    } catch (err) {
      tx.fail(explainUnknown(err), { refused: true });
      return false;
    } finally {
      setChecking(false);
    }
    const done: KycRenewed[] = [];
    const steps: IdentityStep[] = [];
    const until = formatDate(p.expiresAt);
    const r = await tx.run({
      send: (wc, pc) =>
        renewKyc(
          wc,
          pc,
          { identityRegistry: deployments.identityRegistry, claimIssuer: deployments.claimIssuer, wallets: plan.wallets.map((w) => w.wallet), expiresAt: p.expiresAt },
          { onStep: (s) => steps.push(s), onRenewed: (x) => done.push(x) },
        ),
      success: (res) =>
        res.renewed.length === 1
          ? `KYC of ${res.renewed[0]!.wallet} renewed until ${until} (${res.renewed[0]!.method === "claim" ? "refreshed KYC claim" : "officer attestation"}).`
          : `KYC of ${res.renewed.length} wallets renewed until ${until}.`,
    });
    if (done.length > 0) {
      // The transactions that wrote an expiry, and the claims added to those wallets' identities.
      const identities = new Set(done.map((d) => d.identity.toLowerCase()));
      const hashes = new Set<Hash>(done.map((d) => d.hash));
      for (const s of steps) if (s.step === "add claim" && s.receipt.to && identities.has(s.receipt.to.toLowerCase())) hashes.add(s.hash);
      try {
        const rec = await apiPost<KycRenewalRecordResponse>("/api/investors/kyc-renewals", {
          wallets: [...new Set(done.map((d) => d.wallet.toLowerCase()))],
          expiresAt: p.expiresAt.toString(),
          txHashes: [...hashes],
          reason: p.reason,
        });
        setRenewed(rec.renewed);
        setAudit({ ok: true, text: `Recorded in the audit log (${rec.renewed.length} wallet${rec.renewed.length === 1 ? "" : "s"}).` });
      } catch (err) {
        setAudit({ ok: false, text: `Renewed on-chain, but the audit record failed: ${explainUnknown(err)}` });
      }
      await qc.invalidateQueries({ queryKey: ["investor"] });
      await qc.invalidateQueries({ queryKey: ["investors"] });
      await qc.invalidateQueries({ queryKey: ["audit"] });
    }
    return Boolean(r);
  }

  const busy = checking || ["wallet", "submitted"].includes(tx.state.phase) || (tx.state.phase === "confirmed" && !tx.state.indexTimedOut);
  return { renew, state: tx.state, audit, renewed, busy, ready: Boolean(deployments) };
}

/** The renewal's progress, audit note and per-wallet result. */
export function KycRenewalOutcome({ r, label }: { r: ReturnType<typeof useKycRenewal>; label: string }) {
  return (
    <>
      <TxProgress state={r.state} label={label} />
      {r.audit ? (
        <p role={r.audit.ok ? "status" : "alert"} aria-label="KYC renewal audit record" className={r.audit.ok ? "hint" : "notice error"}>
          {r.audit.text}
        </p>
      ) : null}
      {r.renewed.length > 1 ? (
        <table aria-label="KYC renewed">
          <thead>
            <tr>
              <th scope="col">Wallet</th>
              <th scope="col">Before</th>
              <th scope="col">Now</th>
              <th scope="col">How</th>
            </tr>
          </thead>
          <tbody>
            {r.renewed.map((x) => (
              <tr key={x.wallet}>
                <td>
                  <code>{x.wallet}</code>
                </td>
                <td>{x.previousKycExpiresAt && x.previousKycExpiresAt !== "0" ? formatDate(x.previousKycExpiresAt) : "—"}</td>
                <td>{formatDate(x.kycExpiresAt)}</td>
                <td>{x.method === "claim" ? "refreshed claim" : "attestation"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

/**
 * Batch KYC renewal (compliance officers): wallets one per line (or every wallet whose KYC expires within 30 days),
 * a new expiry date and a reason; at most 50 wallets per renewal, each renewed as its registry requires.
 */
export function KycRenewalPanel() {
  const gate = useRoleGate({ complianceOfficer: true }, "renew investors' KYC");
  const r = useKycRenewal();
  const [wallets, setWallets] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // The renewed wallets and a counter bumped per renewal: ChainRecords then sends "Sync to L2" (second step).
  const [synced, setSynced] = useState<{ wallets: Address[]; n: number } | null>(null);

  async function addExpiring() {
    setError(null);
    setLoading(true);
    try {
      const list = await apiGet<InvestorListResponse>(`/api/investors?status=expiring&sort=kycExpiresAt&dir=asc&pageSize=${KYC_RENEWAL_MAX_WALLETS}`);
      const have = new Set(wallets.split(/\s+/).filter(Boolean).map((w) => w.toLowerCase()));
      const more = list.investors.map((i) => i.wallet).filter((w) => !have.has(w));
      setWallets([...wallets.split(/\s+/).filter(Boolean), ...more].join("\n"));
      if (list.investors.length === 0) setError("No investor's KYC expires within 30 days.");
    } catch (err) {
      setError(explainUnknown(err));
    } finally {
      setLoading(false);
    }
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(null);
    const lines = String(f.get("wallets") ?? "").split(/[\s,;]+/).filter(Boolean);
    if (lines.length === 0) return setError("List at least one registered wallet.");
    if (lines.length > KYC_RENEWAL_MAX_WALLETS) return setError(`At most ${KYC_RENEWAL_MAX_WALLETS} wallets per renewal (${lines.length} listed).`);
    const parsed: Address[] = [];
    for (const l of lines) {
      const a = parseAddressInput(l);
      if (!a.ok) return setError(`${l}: ${a.error}`);
      if (parsed.includes(a.value)) return setError(`${l} is listed twice.`);
      parsed.push(a.value);
    }
    const expiresAt = endOfDayUtc(String(f.get("expiry") ?? ""));
    if (expiresAt === null) return setError("Enter the new KYC expiry date.");
    if (expiresAt <= BigInt(Math.floor(Date.now() / 1000))) return setError("The new KYC expiry must be in the future.");
    const reason = String(f.get("reason") ?? "").trim();
    if (reason.length < 3) return setError("Give a reason for the audit log (at least 3 characters).");
    if (await r.renew({ wallets: parsed, expiresAt, reason })) setSynced((p) => ({ wallets: parsed, n: (p?.n ?? 0) + 1 }));
  }

  return (
    <section className="card" aria-labelledby="kyc-renewal-heading">
      <h2 id="kyc-renewal-heading">Renew KYC</h2>
      {gate.blocked || gate.checking ? (
        <p className="notice" aria-label="KYC renewal access">
          {gate.checking ? "Checking your roles…" : gate.blocked}
        </p>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate aria-label="Renew KYC">
          <p className="hint">
            Renews investors whose KYC was reviewed again: a refreshed KYC claim where the registry verifies claims (or where you hold a claim key on
            the identity), else your attestation of the new expiry. At most {KYC_RENEWAL_MAX_WALLETS} wallets at once.
          </p>
          <div className="field">
            <label htmlFor="renew-wallets">Wallets to renew (one per line)</label>
            <textarea id="renew-wallets" name="wallets" rows={4} value={wallets} onChange={(e) => setWallets(e.target.value)} spellCheck={false} placeholder="0x…" />
          </div>
          <div className="actions">
            <button type="button" className="btn-secondary" onClick={addExpiring} disabled={loading}>
              Add wallets expiring within 30 days
            </button>
          </div>
          <div className="row">
            <div className="field">
              <label htmlFor="renew-expiry">Renewed KYC valid until</label>
              <input id="renew-expiry" name="expiry" type="date" defaultValue={oneYearFromToday()} />
            </div>
            <div className="field">
              <label htmlFor="renew-reason">Why renewed (audit log)</label>
              <input id="renew-reason" name="reason" maxLength={500} placeholder="required" autoComplete="off" />
            </div>
          </div>
          {error ? (
            <p role="alert" className="notice error">
              {error}
            </p>
          ) : null}
          <div className="actions">
            <button type="submit" disabled={r.busy || !r.ready}>
              Renew KYC
            </button>
          </div>
          <KycRenewalOutcome r={r} label="KYC renewal progress" />
          {synced ? <ChainRecords key={synced.wallets.join()} wallet={synced.wallets[0]!} also={synced.wallets.slice(1)} syncAfter={synced.n} /> : null}
        </form>
      )}
    </section>
  );
}
