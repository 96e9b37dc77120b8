"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useConnection } from "wagmi";
import { apiPost } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import { useActiveSession } from "@/lib/client/session";
import { useAssetPermissions } from "@/lib/client/use-role-gate";
import { formatNav } from "@/lib/investor/money";
import { useNavHistory } from "@/lib/investor/queries";
import type { NavResponse } from "@/lib/investor/types";
import type { AssetDto } from "@/lib/shared/api-types";

/**
 * "Net asset value" card on the issuer's asset page: the current NAV per unit and the latest statements, and for the
 * token's issuer (owner or ISSUER role holder) or an agent a "Set NAV" form (NAV per whole token, currency, valuation date, note). The
 * server checks the role on the chain again (403) and records each statement in the audit log.
 */
export function SetNavForm({ asset }: { asset: Pick<AssetDto, "token" | "symbol"> }) {
  const { isConnected } = useConnection();
  const { session, isPending } = useActiveSession(asset.token);
  const qc = useQueryClient();
  const nav = useNavHistory(asset.token, Boolean(session));
  const [fieldError, setFieldError] = useState<string | null>(null);
  const set = useMutation({
    mutationFn: (body: unknown) => apiPost<NavResponse>(`/api/assets/${asset.token}/nav`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["nav", asset.token.toLowerCase()] });
      void qc.invalidateQueries({ queryKey: ["portfolio"] });
    },
  });
  // As the server decides: an agent, or whoever may call the token's setDocument (its owner, the ISSUER role).
  const perms = useAssetPermissions(asset.token);
  const mayWrite = Boolean(perms.data && (perms.data.agent || perms.data.can.setDocument));
  const today = new Date().toISOString().slice(0, 10);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const navPerUnit = String(f.get("navPerUnit") ?? "").replace(/[,\s]/g, "");
    if (!/^\d+(\.\d{1,18})?$/.test(navPerUnit) || !/[1-9]/.test(navPerUnit)) {
      setFieldError("Enter the NAV of one whole token, e.g. 102.35 (a positive number, up to 18 decimals).");
      return;
    }
    setFieldError(null);
    set.mutate({
      navPerUnit,
      currency: String(f.get("currency") ?? "").trim(),
      valuationDate: String(f.get("valuationDate") ?? ""),
      note: String(f.get("note") ?? "").trim() || undefined,
    });
  }

  const current = nav.data?.current;
  return (
    <section className="card" aria-labelledby="nav-heading">
      <h2 id="nav-heading">Net asset value</h2>
      {!session ? (
        <p className="notice" aria-label="Set NAV access">
          {isPending && isConnected ? "Checking your session…" : "Sign in (top right) as the issuer or an agent of this token to see and set its NAV."}
        </p>
      ) : (
        <>
          <p role="status" aria-label="Current NAV" className="notice">
            {current
              ? `Current NAV: ${formatNav(current.navPerUnit)} ${current.currency} per ${asset.symbol}, valued ${current.valuationDate}.`
              : nav.isPending
                ? "Loading the NAV…"
                : `No NAV set for ${asset.symbol} yet: investors see their balance without a value.`}
          </p>
          {nav.data && nav.data.history.length > 1 ? (
            <ul className="rules" aria-label="NAV history">
              {nav.data.history.map((n) => (
                <li key={n.id}>
                  {n.valuationDate}: {formatNav(n.navPerUnit)} {n.currency}
                  {n.note ? ` (${n.note})` : ""}
                </li>
              ))}
            </ul>
          ) : null}
          {!mayWrite ? (
            <p className="notice" aria-label="Set NAV access">
              Only the issuer or an agent of this token can set its NAV; your wallet is neither.
            </p>
          ) : (
            <form className="form" onSubmit={onSubmit} noValidate aria-label="Set NAV">
              <div className="row">
                <div className="field">
                  <label htmlFor="nav-value">NAV per unit ({asset.symbol})</label>
                  <input
                    id="nav-value"
                    name="navPerUnit"
                    inputMode="decimal"
                    placeholder="102.35"
                    aria-invalid={Boolean(fieldError)}
                    aria-describedby={fieldError ? "nav-value-error" : "nav-value-hint"}
                  />
                  {fieldError ? (
                    <p id="nav-value-error" className="hint" style={{ color: "var(--danger)" }}>
                      {fieldError}
                    </p>
                  ) : (
                    <p id="nav-value-hint" className="hint">
                      Price of one whole token.
                    </p>
                  )}
                </div>
                <div className="field">
                  <label htmlFor="nav-currency">Currency</label>
                  <input id="nav-currency" name="currency" defaultValue="USD" maxLength={3} autoComplete="off" />
                </div>
                <div className="field">
                  <label htmlFor="nav-date">Valuation date</label>
                  <input id="nav-date" name="valuationDate" type="date" defaultValue={today} max={today} />
                </div>
              </div>
              <div className="field">
                <label htmlFor="nav-note">Note for the audit log (optional)</label>
                <input id="nav-note" name="note" maxLength={500} placeholder="e.g. Q4 administrator valuation" />
              </div>
              <div className="actions">
                <button type="submit" disabled={set.isPending}>
                  Set NAV
                </button>
              </div>
              {set.error ? (
                <p role="alert" aria-label="NAV result" className="notice error">
                  {explainUnknown(set.error)}
                </p>
              ) : set.data ? (
                <p role="status" aria-label="NAV result" className="notice ok">
                  NAV set: {formatNav(set.data.nav.navPerUnit)} {set.data.nav.currency} per {asset.symbol} as of {set.data.nav.valuationDate}; recorded in the
                  audit log.
                </p>
              ) : null}
            </form>
          )}
        </>
      )}
    </section>
  );
}
