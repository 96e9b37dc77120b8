"use client";

import { useState, type FormEvent } from "react";
import type { Address } from "viem";
import { useConnection } from "wagmi";
import { parseTokenAmount, shortAddress } from "@/lib/client/format";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import type { VaultDto } from "@/lib/vault/types";
import { approveNav, updateNav } from "@/lib/vault/writes";
import { TxProgress } from "../tx-progress";
import { formatDateTime, navText, parseDateTimeInput, toDateTimeInput } from "./format";


/**
 * The vault's NAV per share (on-chain, with its valuation date and the history the index keeps), the NAV update form
 * for a NAV_AGENT and, while an update beyond the move limit waits, the pending NAV with an Approve button for a
 * NAV_APPROVER other than its proposer.
 */
export function VaultNavCard({ vault: v, onChanged }: { vault: VaultDto; onChanged: () => void }) {
  const { address } = useConnection();
  const update = useTxFlow();
  const approve = useTxFlow();
  const [valuation, setValuation] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ nav?: string; date?: string }>({});
  const defaultDate =
    v.lastDealingDate !== null && v.lastDealingDate > v.nav.valuationDate ? toDateTimeInput(v.lastDealingDate) : "";
  const dateValue = valuation ?? defaultDate;
  const pending = v.pendingNav;
  const me = address?.toLowerCase();
  const canApprove = Boolean(pending && v.you.navApprover && me && pending.proposer !== me);

  async function onUpdate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const navInput = String(f.get("nav") ?? "");
    const nav = parseTokenAmount(navInput, v.paymentToken.decimals);
    const date = parseDateTimeInput(dateValue);
    const next: typeof errors = {};
    if (!nav.ok) next.nav = nav.error;
    if (date === null) next.date = "Enter the valuation date and time (UTC).";
    setErrors(next);
    if (!nav.ok || date === null || Object.keys(next).length) return;
    const limitText = `${(v.navMoveLimitBps / 100).toLocaleString("en-US")}%`;
    await update.run({
      send: (wc, pc) => updateNav(wc, pc, { vault: v.vault as Address, navPerShare: nav.value, valuationDate: BigInt(date) }),
      success: (r) => {
        onChanged();
        return r.status === "proposed"
          ? `The move is beyond the ${limitText} limit: waiting for the NAV approver's approval of ${navInput.trim()} ${v.paymentToken.symbol} valued ${formatDateTime(date)}.`
          : `NAV ${navInput.trim()} ${v.paymentToken.symbol} per ${v.share.symbol} valued ${formatDateTime(date)} in effect.`;
      },
    });
  }

  async function onApprove() {
    if (!pending) return;
    await approve.run({
      send: (wc, pc) => approveNav(wc, pc, { vault: v.vault as Address, navPerShare: BigInt(pending.navPerShare), valuationDate: BigInt(pending.valuationDate) }),
      success: () => {
        onChanged();
        return `Approved: NAV ${navText(v, pending.navPerShare)} valued ${formatDateTime(pending.valuationDate)} in effect.`;
      },
    });
  }

  return (
    <section className="card" aria-labelledby="vault-nav-heading">
      <h2 id="vault-nav-heading">NAV per share</h2>
      <p role="status" aria-label="Vault NAV" className="notice">
        NAV per share: {navText(v, v.nav.navPerShare)}, valued {formatDateTime(v.nav.valuationDate)} (on-chain).
      </p>
      {pending ? (
        <div role="status" aria-label="Pending NAV" className="notice warn">
          Waiting for the NAV approver&apos;s approval: {navText(v, pending.navPerShare)} valued {formatDateTime(pending.valuationDate)}, proposed
          by <code title={pending.proposer}>{shortAddress(pending.proposer)}</code> (a move beyond the{" "}
          {(v.navMoveLimitBps / 100).toLocaleString("en-US")}% limit).
          {canApprove ? (
            <div className="actions">
              <button type="button" onClick={onApprove} disabled={isTxBusy(approve.state)}>
                Approve NAV
              </button>
            </div>
          ) : v.you.navApprover ? (
            <p className="hint">You proposed it: another NAV approver must approve it.</p>
          ) : (
            <p className="hint">A wallet holding NAV_APPROVER on this asset (not the proposer) approves it here.</p>
          )}
        </div>
      ) : null}
      <TxProgress state={approve.state} label="NAV approval progress" />
      <h3>History</h3>
      {v.navHistory.length ? (
        <ul aria-label="Vault NAV history" className="rules">
          {v.navHistory.map((n) => (
            <li key={`${n.blockNumber}-${n.valuationDate}`}>
              {formatDateTime(n.valuationDate)}: {navText(v, n.navPerShare)}
              {n.approver ? ` (approved by ${shortAddress(n.approver)})` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">No NAV update indexed yet: the vault&apos;s initial NAV is the one above.</p>
      )}
      {v.you.navAgent ? (
        <form className="form" onSubmit={onUpdate} noValidate aria-label="Update NAV">
          <div className="field">
            <label htmlFor="vault-nav">NAV per share ({v.paymentToken.symbol})</label>
            <input id="vault-nav" name="nav" inputMode="decimal" placeholder="1.05" aria-invalid={Boolean(errors.nav)} aria-describedby="vault-nav-hint" />
            <p id="vault-nav-hint" className="hint" style={errors.nav ? { color: "var(--danger)" } : undefined}>
              {errors.nav ??
                `Whole ${v.paymentToken.symbol} per whole ${v.share.symbol}. A move beyond ${(v.navMoveLimitBps / 100).toLocaleString("en-US")}% waits for a NAV approver.`}
            </p>
          </div>
          <div className="field">
            <label htmlFor="vault-nav-date">Valuation date (UTC)</label>
            <input
              id="vault-nav-date"
              name="valuationDate"
              type="datetime-local"
              value={dateValue}
              onChange={(e) => setValuation(e.target.value)}
              aria-invalid={Boolean(errors.date)}
              aria-describedby="vault-nav-date-hint"
            />
            <p id="vault-nav-date-hint" className="hint" style={errors.date ? { color: "var(--danger)" } : undefined}>
              {errors.date ?? "A fulfilment deals at the NAV valued at its dealing date (prefilled with the latest dealing date reached)."}
            </p>
          </div>
          <div className="actions">
            <button type="submit" disabled={isTxBusy(update.state)}>
              Update NAV
            </button>
          </div>
          <TxProgress state={update.state} label="NAV update progress" />
        </form>
      ) : (
        <p className="notice" aria-label="NAV update access">
          Sign in as a NAV agent of this asset (role NAV_AGENT) to update the NAV.
        </p>
      )}
    </section>
  );
}
