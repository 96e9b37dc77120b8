"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useConnection } from "wagmi";
import { apiGet, apiPost } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import { formatAmount, parseAddressInput, parseTokenAmount } from "@/lib/client/format";
import { useAssets } from "@/lib/client/queries";
import { freezePartialTokens, setAddressFrozen, unfreezePartialTokens } from "@/lib/client/sdk";
import { useActiveSession } from "@/lib/client/session";
import { useTxFlow, type TxRun } from "@/lib/client/use-tx-flow";
import type { FreezeListResponse } from "@/lib/compliance/types";
import type { AuditEntryResponse } from "@/lib/shared/api-types";
import { devAccountLabel } from "@/lib/shared/dev-accounts";
import { TxProgress } from "../tx-progress";

const MODES = {
  freeze: "Freeze whole wallet",
  unfreeze: "Unfreeze whole wallet",
  freezePartial: "Freeze an amount",
  unfreezePartial: "Unfreeze an amount",
} as const;
type Mode = keyof typeof MODES;

/**
 * Freezes per asset from the console (ERC-3643 setAddressFrozen, freezePartialTokens, unfreezePartialTokens), each
 * with a reason recorded in the audit log, and the list of wallets currently frozen or partly frozen (from the index).
 * Sending needs an agent or an AccessManager FREEZER of the chosen asset; the list is for compliance officers (all
 * assets) and the asset's agents.
 */
export function FreezePanel() {
  const assets = useAssets();
  const list = assets.data?.assets ?? [];
  const [chosen, setChosen] = useState("");
  const asset = list.find((a) => a.token === chosen) ?? list[0];
  const token = asset?.token;
  const { isConnected } = useConnection();
  const { session, isPending } = useActiveSession(token);
  const roles = session?.roles.tokens.find((t) => t.token === token);
  const mayFreeze = Boolean(roles && (roles.agent || (roles.roles ?? []).includes("FREEZER")));
  const mayRead = Boolean(session && (session.roles.complianceOfficer || mayFreeze));
  const qc = useQueryClient();
  const tx = useTxFlow();
  const [mode, setMode] = useState<Mode>("freeze");
  const [error, setError] = useState<string | null>(null);
  const [audit, setAudit] = useState<{ ok: boolean; text: string } | null>(null);
  const busy = ["wallet", "submitted"].includes(tx.state.phase) || (tx.state.phase === "confirmed" && !tx.state.indexTimedOut);
  const freezes = useQuery({
    queryKey: ["freezes", token],
    queryFn: ({ signal }) => apiGet<FreezeListResponse>(`/api/freezes?token=${token}&pageSize=100`, signal),
    enabled: Boolean(token && mayRead),
    refetchInterval: 3000,
    placeholderData: keepPreviousData,
  });

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!asset || !token) return;
    const f = new FormData(e.currentTarget);
    setError(null);
    setAudit(null);
    const wallet = parseAddressInput(String(f.get("wallet") ?? ""));
    if (!wallet.ok) return setError(`Wallet: ${wallet.error}`);
    const reason = String(f.get("reason") ?? "").trim();
    if (reason.length < 3) return setError("Give a reason for the audit log (at least 3 characters).");
    const w = wallet.value;
    let job: TxRun<{ hash: `0x${string}` }>;
    if (mode === "freeze" || mode === "unfreeze") {
      const frozen = mode === "freeze";
      job = { send: (wc, pc) => setAddressFrozen(wc, pc, { token, wallet: w, frozen }), success: () => `${w} ${frozen ? "frozen" : "unfrozen"} on ${asset.symbol}.` };
    } else {
      const amount = parseTokenAmount(String(f.get("amount") ?? ""), asset.decimals);
      if (!amount.ok) return setError(`Amount: ${amount.error}`);
      const words = `${formatAmount(amount.value, asset.decimals)} ${asset.symbol}`;
      job =
        mode === "freezePartial"
          ? { send: (wc, pc) => freezePartialTokens(wc, pc, { token, wallet: w, amount: amount.value }), success: () => `${words} of ${w} frozen.` }
          : { send: (wc, pc) => unfreezePartialTokens(wc, pc, { token, wallet: w, amount: amount.value }), success: () => `${words} of ${w} unfrozen.` };
    }
    const r = await tx.run(job);
    if (!r) return;
    try {
      await apiPost<AuditEntryResponse>("/api/audit", { txHash: r.hash, reason });
      setAudit({ ok: true, text: "Recorded in the audit log." });
    } catch (err) {
      setAudit({ ok: false, text: `Done on-chain, but the audit record failed: ${explainUnknown(err)}` });
    }
    await qc.invalidateQueries({ queryKey: ["freezes"] });
    await qc.invalidateQueries({ queryKey: ["audit"] });
  }

  return (
    <section className="card" aria-labelledby="freeze-heading">
      <div className="card-head">
        <h2 id="freeze-heading">Freezes</h2>
        {list.length ? (
          <div className="field">
            <label htmlFor="freeze-asset">Freeze asset</label>
            <select id="freeze-asset" value={token ?? ""} onChange={(e) => setChosen(e.target.value)}>
              {list.map((a) => (
                <option key={a.token} value={a.token}>
                  {a.symbol} ({a.name})
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {!asset ? (
        <p className="hint">{assets.isPending ? "Loading assets…" : "No assets yet."}</p>
      ) : !isConnected || (!session && !isPending) ? (
        <p className="notice" aria-label="Freeze access">
          Connect and sign in as an agent (freezer) of {asset.symbol} or a compliance officer to manage freezes.
        </p>
      ) : isPending ? (
        <p className="hint">Checking your roles…</p>
      ) : (
        <>
          {mayFreeze ? (
            <form className="form" onSubmit={onSubmit} noValidate aria-label="Freeze or unfreeze">
              <fieldset>
                <legend>Operation</legend>
                <div className="actions">
                  {(Object.keys(MODES) as Mode[]).map((m) => (
                    <label className="radio" key={m}>
                      <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
                      {MODES[m]}
                    </label>
                  ))}
                </div>
              </fieldset>
              <div className="row">
                <div className="field" style={{ gridColumn: "span 2" }}>
                  <label htmlFor="freeze-wallet">Wallet to freeze or unfreeze</label>
                  <input id="freeze-wallet" name="wallet" placeholder="0x…" autoComplete="off" spellCheck={false} />
                </div>
                {mode === "freezePartial" || mode === "unfreezePartial" ? (
                  <div className="field">
                    <label htmlFor="freeze-amount">Amount ({asset.symbol}, whole tokens)</label>
                    <input id="freeze-amount" name="amount" inputMode="decimal" placeholder="e.g. 100" autoComplete="off" />
                  </div>
                ) : null}
              </div>
              <div className="field">
                <label htmlFor="freeze-reason">Freeze reason (audit log)</label>
                <input id="freeze-reason" name="reason" maxLength={500} placeholder="required, e.g. court order 2026-17" autoComplete="off" />
              </div>
              {error ? (
                <p role="alert" className="notice error">
                  {error}
                </p>
              ) : null}
              <div className="actions">
                <button type="submit" disabled={busy}>
                  {MODES[mode]}
                </button>
              </div>
              <TxProgress state={tx.state} label="Freeze progress" />
              {audit ? (
                <p role={audit.ok ? "status" : "alert"} aria-label="Freeze audit record" className={audit.ok ? "hint" : "notice error"}>
                  {audit.text}
                </p>
              ) : null}
            </form>
          ) : (
            <p className="notice" aria-label="Freeze access">
              Only an agent or a freezer of {asset.symbol} can freeze wallets; you can see its freezes.
            </p>
          )}
          {mayRead ? (
            freezes.error ? (
              <p role="alert" className="notice error">
                {explainUnknown(freezes.error)}
              </p>
            ) : (
              <div className="table-wrap">
                <table aria-label="Frozen wallets">
                  <thead>
                    <tr>
                      <th scope="col">Wallet</th>
                      <th scope="col">Whole wallet</th>
                      <th scope="col" className="num">
                        Frozen amount
                      </th>
                      <th scope="col" className="num">
                        Balance
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {(freezes.data?.freezes ?? []).length === 0 ? (
                      <tr>
                        <td colSpan={4} className="empty">
                          {freezes.isPending ? "Loading…" : `No frozen wallets on ${asset.symbol}.`}
                        </td>
                      </tr>
                    ) : (
                      freezes.data!.freezes.map((f) => (
                        <tr key={f.wallet}>
                          <td>
                            <code>{f.wallet}</code>
                            {devAccountLabel(f.wallet) ? <div className="hint">{devAccountLabel(f.wallet)}</div> : null}
                          </td>
                          <td>{f.frozen ? <span className="badge danger">Frozen</span> : "No"}</td>
                          <td className="num">
                            {formatAmount(f.frozenAmount, f.decimals)} {f.symbol}
                          </td>
                          <td className="num">
                            {formatAmount(f.balance, f.decimals)} {f.symbol}
                          </td>
                        </tr>
                      ))
                    )}
                  </tbody>
                </table>
              </div>
            )
          ) : null}
        </>
      )}
    </section>
  );
}
