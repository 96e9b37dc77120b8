"use client";

import { useState, type FormEvent } from "react";
import type { PublicClient } from "viem";
import { usePublicClient } from "wagmi";
import { precheckTransfer, transfer } from "@/lib/client/sdk";
import { explainUnknown } from "@/lib/client/errors";
import { formatAmount, parseAddressInput, parseTokenAmount } from "@/lib/client/format";
import { useAssets, useHoldings } from "@/lib/client/queries";
import { useTxFlow } from "@/lib/client/use-tx-flow";
import { DEV_ACCOUNTS } from "@/lib/shared/dev-accounts";
import { TxProgress } from "../tx-progress";
import { RestrictionCode } from "@tessera/contracts";
import { RequestApproval } from "../compliance/request-approval";

type Check =
  | { state: "idle" }
  | { state: "checking" }
  | { state: "ok"; key: string }
  | { state: "refused"; reason: string; code: number; key: string; to: `0x${string}`; amount: bigint }
  | { state: "error"; message: string };

/**
 * Transfer form: "Check transfer" runs the compliance pre-check (no signature) and shows the refusal reason in words;
 * "Send" is enabled only after a passing check of exactly these inputs.
 */
export function TransferForm({ wallet }: { wallet: `0x${string}` | undefined }) {
  const assets = useAssets();
  const holdings = useHoldings(wallet);
  const publicClient = usePublicClient();
  const tx = useTxFlow();
  const [token, setToken] = useState("");
  const [to, setTo] = useState("");
  const [amountText, setAmountText] = useState("");
  const [check, setCheck] = useState<Check>({ state: "idle" });
  const [fieldError, setFieldError] = useState<{ to?: string; amount?: string; token?: string }>({});

  const list = assets.data?.assets ?? [];
  const held = holdings.data?.holdings ?? [];
  // Until the user picks one, default to the first asset the wallet holds (else the first asset).
  const defaultToken = held.find((h) => list.some((a) => a.token === h.token))?.token ?? list[0]?.token;
  const selected = list.find((a) => a.token === (token || defaultToken));
  const heldOfSelected = selected ? held.find((h) => h.token === selected.token) : undefined;
  // The inputs a passing check was for: Send needs a check of exactly what is on screen.
  const inputKey = `${selected?.token ?? ""}|${to.trim().toLowerCase()}|${amountText.trim()}`;
  const checkPassed = check.state === "ok" && check.key === inputKey;
  const busy = ["wallet", "submitted"].includes(tx.state.phase) || (tx.state.phase === "confirmed" && !tx.state.indexTimedOut);

  function edited<T>(setter: (v: T) => void) {
    return (v: T) => {
      setter(v);
      setCheck({ state: "idle" });
    };
  }

  function validate() {
    const next: { to?: string; amount?: string; token?: string } = {};
    if (!selected) next.token = "Choose an asset.";
    const toInput = parseAddressInput(to);
    if (!toInput.ok) next.to = toInput.error;
    const amount = selected ? parseTokenAmount(amountText, selected.decimals) : null;
    if (amount && !amount.ok) next.amount = amount.error;
    setFieldError(next);
    if (Object.keys(next).length > 0 || !selected || !toInput.ok || !amount || !amount.ok) return null;
    return { token: selected.token, to: toInput.value, amount: amount.value, symbol: selected.symbol };
  }

  async function onCheck() {
    tx.reset();
    const v = validate();
    if (!v || !wallet || !publicClient) return;
    const key = inputKey;
    setCheck({ state: "checking" });
    try {
      const r = await precheckTransfer(publicClient as unknown as PublicClient, { token: v.token, from: wallet, to: v.to, amount: v.amount });
      setCheck(r.ok ? { state: "ok", key } : { state: "refused", reason: r.reason, code: r.code, key, to: v.to, amount: v.amount });
    } catch (err) {
      setCheck({ state: "error", message: explainUnknown(err) });
    }
  }

  async function onSend(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!checkPassed) return;
    const v = validate();
    if (!v) return;
    const result = await tx.run({
      send: (walletClient, pc) => transfer(walletClient, pc, { token: v.token, to: v.to, amount: v.amount }),
      success: () => `Sent ${amountText.trim()} ${v.symbol} to ${v.to}.`,
    });
    if (result !== undefined) setCheck({ state: "idle" });
  }

  const err = (id: "to" | "amount" | "token") =>
    fieldError[id] ? (
      <p id={`transfer-${id}-error`} className="hint" style={{ color: "var(--danger)" }}>
        {fieldError[id]}
      </p>
    ) : null;

  return (
    <section className="card" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">Transfer</h2>
      <form className="form" onSubmit={onSend} noValidate aria-labelledby="transfer-heading">
        <div className="field">
          <label htmlFor="transfer-asset">Asset</label>
          <select
            id="transfer-asset"
            value={selected?.token ?? ""}
            onChange={(e) => edited(setToken)(e.target.value)}
            aria-describedby={fieldError.token ? "transfer-token-error" : undefined}
          >
            {list.length === 0 ? <option value="">No assets</option> : null}
            {list.map((a) => (
              <option key={a.token} value={a.token}>
                {a.name} ({a.symbol})
              </option>
            ))}
          </select>
          {err("token")}
        </div>
        <div className="field">
          <label htmlFor="transfer-to">Recipient</label>
          <input
            id="transfer-to"
            list="transfer-dev-wallets"
            placeholder="0x…"
            autoComplete="off"
            spellCheck={false}
            value={to}
            onChange={(e) => edited(setTo)(e.target.value)}
            aria-invalid={Boolean(fieldError.to)}
            aria-describedby={fieldError.to ? "transfer-to-error" : undefined}
          />
          <datalist id="transfer-dev-wallets">
            {DEV_ACCOUNTS.map((d) => (
              <option key={d.index} value={d.address}>
                {d.label}
              </option>
            ))}
          </datalist>
          {err("to")}
        </div>
        <div className="field">
          <label htmlFor="transfer-amount">Amount</label>
          <input
            id="transfer-amount"
            inputMode="decimal"
            placeholder="100"
            value={amountText}
            onChange={(e) => edited(setAmountText)(e.target.value)}
            aria-invalid={Boolean(fieldError.amount)}
            aria-describedby={fieldError.amount ? "transfer-amount-error" : "transfer-amount-hint"}
          />
          {fieldError.amount ? err("amount") : (
            <p id="transfer-amount-hint" className="hint">
              Whole tokens{selected ? ` of ${selected.symbol}` : ""}.
              {selected && wallet && holdings.data ? ` You hold ${formatAmount(heldOfSelected?.balance ?? "0", selected.decimals)} ${selected.symbol}.` : ""}
            </p>
          )}
        </div>
        <div className="actions">
          <button type="button" className="btn-secondary" onClick={() => void onCheck()} disabled={!wallet || busy || check.state === "checking"}>
            Check transfer
          </button>
          <button type="submit" disabled={!wallet || busy || !checkPassed}>
            Send
          </button>
          {!wallet ? <span className="hint">Connect a wallet first.</span> : null}
        </div>
        {check.state === "checking" ? (
          <p role="status" aria-label="Transfer check" className="notice">
            Checking the transfer rules…
          </p>
        ) : checkPassed ? (
          <p role="status" aria-label="Transfer check" className="notice ok">
            <strong>Transfer allowed.</strong> The check passed; you can send it.
          </p>
        ) : check.state === "refused" ? (
          <>
            <p role="alert" aria-label="Transfer check" className="notice error">
              <strong>Not allowed:</strong> {check.reason}
            </p>
            {/* Maker-checker: a transfer waiting for a manager's approval can be requested from here. */}
            {check.code === RestrictionCode.TRANSFER_NOT_APPROVED && selected && check.key === inputKey ? (
              <RequestApproval
                token={selected.token}
                compliance={selected.compliance}
                to={check.to}
                amount={check.amount}
                symbol={selected.symbol}
                decimals={selected.decimals}
              />
            ) : null}
          </>
        ) : check.state === "error" ? (
          <p role="alert" aria-label="Transfer check" className="notice error">
            <strong>The check failed:</strong> {check.message}
          </p>
        ) : null}
        <TxProgress state={tx.state} label="Transfer progress" />
      </form>
    </section>
  );
}
