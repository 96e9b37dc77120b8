"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { Address, Hash } from "viem";
import { apiGet, apiPost } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import { formatDate, parseAddressInput } from "@/lib/client/format";
import { useTxFlow, type TxRun } from "@/lib/client/use-tx-flow";
import { deleteIdentity, syncInvestorRecord, updateCountry, updateIdentity, type WriteResult } from "@/lib/compliance/chain-actions";
import type { InvestorDetailResponse } from "@/lib/compliance/types";
import type { AuditEntryResponse, HoldingsResponse } from "@/lib/shared/api-types";
import { countryLabel } from "@/lib/shared/countries";
import { useRuntimeConfig } from "../runtime-config";
import { TxProgress } from "../tx-progress";
import { ChainRecords } from "./chain-records";
import { endOfDayUtc, KycRenewalOutcome, oneYearFromToday, useKycRenewal } from "./kyc-renewal";

type Op = "country" | "identity" | "renew" | "remove";

/**
 * One investor, read from the chain (identity, country, KYC, claims with topic, issuer and expiry, other wallets of
 * the identity), with the officer's on-chain changes: renew the KYC (a new expiry, through a refreshed KYC claim or the
 * officer's attestation, as the registry needs; see useKycRenewal), update the country or the identity, or remove the
 * wallet from the registry (deleteIdentity). Each change needs a reason, recorded in the audit log with the transaction.
 */
export function InvestorManager({ wallet, onClose }: { wallet: Address; onClose: () => void }) {
  const { deployments } = useRuntimeConfig();
  const qc = useQueryClient();
  const tx = useTxFlow();
  const renewal = useKycRenewal();
  const [op, setOp] = useState<Op>("country");
  const [error, setError] = useState<string | null>(null);
  const [audit, setAudit] = useState<{ ok: boolean; text: string } | null>(null);
  // Bumped after each registry change succeeds: ChainRecords then sends "Sync to L2" (the change's second step).
  const [syncAfter, setSyncAfter] = useState(0);
  const q = useQuery({
    queryKey: ["investor", wallet],
    queryFn: ({ signal }) => apiGet<InvestorDetailResponse>(`/api/investors/${wallet}`, signal),
  });
  const busy = renewal.busy || ["wallet", "submitted"].includes(tx.state.phase) || (tx.state.phase === "confirmed" && !tx.state.indexTimedOut);
  const now = Math.floor(Date.now() / 1000);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!deployments) return;
    const f = new FormData(e.currentTarget);
    const reason = String(f.get("reason") ?? "").trim();
    setError(null);
    setAudit(null);
    if (reason.length < 3) return setError("Give a reason for the audit log (at least 3 characters).");
    const registry = deployments.identityRegistry;
    if (op === "renew") {
      const expiresAt = endOfDayUtc(String(f.get("expiry") ?? ""));
      if (expiresAt === null) return setError("Enter the new KYC expiry date.");
      if (expiresAt <= BigInt(Math.floor(Date.now() / 1000))) return setError("The new KYC expiry must be in the future.");
      tx.reset();
      // KYC belongs to the investor (identity): by default every registered wallet of it is renewed together.
      const others = f.get("withOthers") === "on" ? (q.data?.otherWallets ?? []) : [];
      if (await renewal.renew({ wallets: [wallet, ...others], expiresAt, reason })) setSyncAfter((n) => n + 1);
      return;
    }
    let job: TxRun<WriteResult>;
    if (op === "country") {
      const text = String(f.get("country") ?? "").trim();
      if (!/^\d{1,3}$/.test(text) || Number(text) < 1) return setError("Enter an ISO-3166 numeric country code (1-999).");
      const country = Number(text);
      job = {
        send: (wc, pc) => withRecordSynced(wc, pc, updateCountry(wc, pc, { registry, wallet, country })),
        success: () => `Country of ${wallet} set to ${countryLabel(country)}.`,
      };
    } else if (op === "identity") {
      const id = parseAddressInput(String(f.get("identity") ?? ""));
      if (!id.ok) return setError(`Identity: ${id.error}`);
      const identity = id.value;
      job = {
        send: (wc, pc) => withRecordSynced(wc, pc, updateIdentity(wc, pc, { registry, wallet, identity })),
        success: () => `${wallet} now linked to identity ${identity}.`,
      };
    } else {
      job = { send: (wc, pc) => deleteIdentity(wc, pc, { registry, wallet }), success: () => `${wallet} removed from the identity registry.` };
    }
    const r = await tx.run(job);
    if (!r) return;
    setSyncAfter((n) => n + 1);
    await record(r.hash, reason);
    await qc.invalidateQueries({ queryKey: ["investor", wallet] });
    await qc.invalidateQueries({ queryKey: ["investors"] });
    await qc.invalidateQueries({ queryKey: ["audit"] });
  }

  /**
   * After a country or identity update: the tokens the wallet holds are told its new record (syncInvestorRecord), so
   * their compliance modules count the holder under the new identity or country. Returns the update's own result (the
   * transaction the audit entry names).
   */
  async function withRecordSynced(wc: Parameters<typeof syncInvestorRecord>[0], pc: Parameters<typeof syncInvestorRecord>[1], update: Promise<WriteResult>) {
    const r = await update;
    try {
      const held = await apiGet<HoldingsResponse>(`/api/holdings?wallet=${wallet}`);
      const tokens = held.holdings.filter((h) => BigInt(h.balance) > 0n).map((h) => h.token);
      await syncInvestorRecord(wc, pc, { wallet: wallet as Address, tokens });
    } catch (err) {
      // The update itself is done and is still recorded in the audit log: say what is left instead of failing it.
      setError(`Updated on-chain, but telling the wallet's tokens failed (${explainUnknown(err)}); anyone may finish it by calling syncInvestorRecord(wallet) on each token it holds.`);
    }
    return r;
  }

  async function record(hash: Hash, reason: string) {
    try {
      await apiPost<AuditEntryResponse>("/api/audit", { txHash: hash, reason });
      setAudit({ ok: true, text: "Recorded in the audit log." });
    } catch (err) {
      setAudit({ ok: false, text: `Done on-chain, but the audit record failed: ${explainUnknown(err)}` });
    }
  }

  const d = q.data;
  return (
    <div className="card" role="region" aria-label="Manage investor">
      <div className="card-head">
        <h3>
          Investor <code>{wallet}</code>
        </h3>
        <button type="button" className="btn-secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {q.error ? (
        <p role="alert" className="notice error">
          {explainUnknown(q.error)}
        </p>
      ) : !d ? (
        <p className="hint">Reading the identity registry…</p>
      ) : (
        <>
          <dl aria-label="Registry record" style={{ display: "grid", gridTemplateColumns: "max-content 1fr", gap: "0.3rem 1rem" }}>
            <dt>Status</dt>
            <dd>{!d.registered ? "Not registered" : d.verified ? "Verified" : "Registered, not verified"}</dd>
            <dt>Identity</dt>
            <dd>{d.identity ? <code>{d.identity}</code> : "—"}</dd>
            <dt>Country</dt>
            <dd>{d.registered ? countryLabel(d.country) : "—"}</dd>
            <dt>KYC expiry</dt>
            <dd>
              {d.kycExpiresAt !== "0" ? formatDate(d.kycExpiresAt) : "None"}
              {d.verified && Number(d.kycExpiresAt) - now < 30 * 86_400 ? <span className="badge warn">Expires soon</span> : null}
              {d.registered && !d.verified && d.kycExpiresAt !== "0" ? <span className="badge danger">Expired</span> : null}
            </dd>
            <dt>Other wallets of this identity</dt>
            <dd>{d.otherWallets.length ? d.otherWallets.map((w) => <code key={w}>{w} </code>) : "None"}</dd>
          </dl>
          <table aria-label="Claims">
            <caption className="hint">
              Claims on the identity{d.requiredTopics.length ? ` (required topics: ${d.requiredTopics.join(", ")})` : " (the registry requires no claim topic)"}
            </caption>
            <thead>
              <tr>
                <th scope="col">Topic</th>
                <th scope="col">Issuer</th>
                <th scope="col">Expiry</th>
              </tr>
            </thead>
            <tbody>
              {d.claims.length === 0 ? (
                <tr>
                  <td colSpan={3} className="empty">
                    No claims for the required topics.
                  </td>
                </tr>
              ) : (
                d.claims.map((c) => (
                  <tr key={c.id}>
                    <td>{c.topic}</td>
                    <td>
                      <code>{c.issuer}</code>
                      <div className="hint">{c.trustedIssuer ? "trusted issuer" : "not a trusted issuer for this topic"}</div>
                    </td>
                    <td>
                      {c.expiresAt ? formatDate(c.expiresAt) : "unknown format"}
                      {c.expiresAt && Number(c.expiresAt) <= now ? <span className="badge danger">Expired</span> : null}
                      {c.expiresAt && Number(c.expiresAt) > now && Number(c.expiresAt) - now < 30 * 86_400 ? <span className="badge warn">Expires soon</span> : null}
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          {d.registered ? (
            <form className="form" onSubmit={onSubmit} noValidate aria-label="Change investor">
              <fieldset>
                <legend>Change</legend>
                <div className="actions">
                  {(
                    [
                      ["country", "Update country"],
                      ["identity", "Update identity"],
                      ["renew", "Renew KYC"],
                      ["remove", "Remove from registry"],
                    ] as const
                  ).map(([v, label]) => (
                    <label className="radio" key={v}>
                      <input type="radio" name="op" value={v} checked={op === v} onChange={() => setOp(v)} />
                      {label}
                    </label>
                  ))}
                </div>
              </fieldset>
              {op === "renew" ? (
                <div className="field">
                  <label htmlFor="mgr-kyc-expiry">New KYC expiry</label>
                  <input id="mgr-kyc-expiry" name="expiry" type="date" defaultValue={oneYearFromToday()} />
                  {d.otherWallets.length ? (
                    <label className="radio">
                      <input type="checkbox" name="withOthers" defaultChecked /> Also renew the identity&apos;s {d.otherWallets.length} other wallet
                      {d.otherWallets.length === 1 ? "" : "s"}
                    </label>
                  ) : null}
                  <p className="hint">
                    {d.requiredTopics.length
                      ? "The registry verifies KYC claims: the investor's KYC claim is re-issued with this expiry (your wallet needs a claim key on the identity)."
                      : "Your attestation of the new expiry (and a re-issued KYC claim where you hold a claim key on the identity)."}
                  </p>
                </div>
              ) : op === "country" ? (
                <div className="field">
                  <label htmlFor="mgr-country">New country (ISO-3166 numeric)</label>
                  <input id="mgr-country" name="country" inputMode="numeric" defaultValue={String(d.country)} />
                </div>
              ) : op === "identity" ? (
                <div className="field">
                  <label htmlFor="mgr-identity">New identity (ONCHAINID address)</label>
                  <input id="mgr-identity" name="identity" placeholder="0x…" autoComplete="off" spellCheck={false} />
                </div>
              ) : (
                <p className="notice warn">The wallet will no longer be verified: it cannot receive tokens until registered again.</p>
              )}
              <div className="field">
                <label htmlFor="mgr-reason">Reason (audit log)</label>
                <input id="mgr-reason" name="reason" maxLength={500} placeholder="required" autoComplete="off" />
              </div>
              {error ? (
                <p role="alert" className="notice error">
                  {error}
                </p>
              ) : null}
              <div className="actions">
                <button type="submit" disabled={busy || !deployments}>
                  {op === "renew" ? "Renew KYC" : op === "country" ? "Update country" : op === "identity" ? "Update identity" : "Remove investor"}
                </button>
              </div>
              {op === "renew" ? <KycRenewalOutcome r={renewal} label="Investor change progress" /> : <TxProgress state={tx.state} label="Investor change progress" />}
              {audit ? (
                <p role={audit.ok ? "status" : "alert"} aria-label="Investor change audit record" className={audit.ok ? "hint" : "notice error"}>
                  {audit.text}
                </p>
              ) : null}
            </form>
          ) : (
            <>
              <TxProgress state={tx.state} label="Investor change progress" />
              {audit ? (
                <p role={audit.ok ? "status" : "alert"} aria-label="Investor change audit record" className={audit.ok ? "hint" : "notice error"}>
                  {audit.text}
                </p>
              ) : null}
            </>
          )}
        </>
      )}
      <ChainRecords wallet={wallet} syncAfter={syncAfter} />
    </div>
  );
}
