"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { PublicClient, WalletClient } from "viem";
import { apiPost } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import { formatAmount, parseAddressInput, parseTokenAmount } from "@/lib/client/format";
import { burn, forcedTransfer, freezePartialTokens, pause, recoverWallet, setAddressFrozen, unfreezePartialTokens, unpause } from "@/lib/client/sdk";
import { useRoleGate } from "@/lib/client/use-role-gate";
import type { AssetAction } from "@/lib/permissions/actions";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import type { AssetDto, AuditEntryResponse } from "@/lib/shared/api-types";
import { DEV_ACCOUNTS } from "@/lib/shared/dev-accounts";
import { TxProgress } from "../tx-progress";

type Field = "wallet" | "from" | "to" | "lost" | "newWallet" | "amount";

/**
 * Every agent operation: its label (also the submit button's text), the fields it needs, and the token function it
 * calls (what the contract checks: a token agent, or a holder of the AccessManager role for that function).
 */
const OPERATIONS = {
  pause: { label: "Pause transfers", fields: [], fn: "pause" },
  unpause: { label: "Unpause transfers", fields: [], fn: "unpause" },
  freeze: { label: "Freeze wallet", fields: ["wallet"], fn: "setAddressFrozen" },
  unfreeze: { label: "Unfreeze wallet", fields: ["wallet"], fn: "setAddressFrozen" },
  freezePartial: { label: "Freeze part of a balance", fields: ["wallet", "amount"], fn: "freezePartialTokens" },
  unfreezePartial: { label: "Unfreeze part of a balance", fields: ["wallet", "amount"], fn: "unfreezePartialTokens" },
  burn: { label: "Burn (redeem) tokens", fields: ["wallet", "amount"], fn: "burn" },
  forced: { label: "Force a transfer", fields: ["from", "to", "amount"], fn: "forcedTransfer" },
  recover: { label: "Recover a lost wallet", fields: ["lost", "newWallet"], fn: "recoveryAddress" },
} as const satisfies Record<string, { label: string; fields: readonly Field[]; fn: AssetAction }>;
type OpKey = keyof typeof OPERATIONS;
const OPERATION_FUNCTIONS = [...new Set(Object.values(OPERATIONS).map((o) => o.fn))] as AssetAction[];

const FIELD_LABEL: Record<Exclude<Field, "amount">, string> = {
  wallet: "Holder wallet",
  from: "From wallet",
  to: "To wallet",
  lost: "Lost wallet",
  newWallet: "New wallet (a management key of the investor's ONCHAINID, or registered with it)",
};

type AuditState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; text: string } | { kind: "error"; text: string };

/**
 * Agent operations on one token (pause, freeze, partial freeze, burn, forced transfer, wallet recovery), each sent
 * through the connected agent wallet with the SDK (simulated first, so refusals come back in words before signing),
 * tracked to the indexer, then recorded with its reason in the audit log.
 */
export function AgentOperations({ asset }: { asset: AssetDto }) {
  const gate = useRoleGate(
    { token: asset.token, actions: OPERATION_FUNCTIONS, who: "an agent of this token", also: "or a holder of a role it accepts for one, such as ISSUER, FREEZER, SUPPLY, TRANSFER_MANAGER or RECOVERY_AGENT" },
    "run agent operations",
  );
  // Only the operations the contract would accept from this wallet (agent: all; a role holder: its role's).
  const allowed = (Object.keys(OPERATIONS) as OpKey[]).filter((k) => gate.can[OPERATIONS[k].fn]);
  const tx = useTxFlow();
  const qc = useQueryClient();
  const [chosen, setOp] = useState<OpKey>("pause");
  const op: OpKey = allowed.includes(chosen) ? chosen : (allowed[0] ?? "pause");
  const [errors, setErrors] = useState<Partial<Record<Field | "reason", string>>>({});
  const [audit, setAudit] = useState<AuditState>({ kind: "idle" });
  const busy =
    isTxBusy(tx.state) || audit.kind === "saving";
  const spec = OPERATIONS[op];
  const needs = (f: Field) => (spec.fields as readonly Field[]).includes(f);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setAudit({ kind: "idle" });
    const f = new FormData(e.currentTarget);
    const next: Partial<Record<Field | "reason", string>> = {};
    const addr: Partial<Record<Field, `0x${string}`>> = {};
    for (const field of ["wallet", "from", "to", "lost", "newWallet"] as const) {
      if (!needs(field)) continue;
      const r = parseAddressInput(String(f.get(field) ?? ""));
      if (r.ok) addr[field] = r.value;
      else next[field] = r.error;
    }
    let amount = 0n;
    const amountText = String(f.get("amount") ?? "").trim();
    if (needs("amount")) {
      const r = parseTokenAmount(amountText, asset.decimals);
      if (r.ok) amount = r.value;
      else next.amount = r.error;
    }
    const reason = String(f.get("reason") ?? "").trim();
    if (reason.length < 3) next.reason = "Give a reason (it is recorded in the audit log).";
    setErrors(next);
    if (Object.keys(next).length > 0) return;

    const token = asset.token;
    const amountWords = `${amountText} ${asset.symbol}`;
    const job: { send: (wc: WalletClient, pc: PublicClient) => Promise<{ hash: `0x${string}` }>; success: () => string } = (() => {
      switch (op) {
        case "pause":
          return { send: (wc, pc) => pause(wc, pc, { token }), success: () => `Transfers of ${asset.symbol} paused.` };
        case "unpause":
          return { send: (wc, pc) => unpause(wc, pc, { token }), success: () => `Transfers of ${asset.symbol} resumed.` };
        case "freeze":
          return { send: (wc, pc) => setAddressFrozen(wc, pc, { token, wallet: addr.wallet!, frozen: true }), success: () => `Wallet ${addr.wallet} frozen.` };
        case "unfreeze":
          return { send: (wc, pc) => setAddressFrozen(wc, pc, { token, wallet: addr.wallet!, frozen: false }), success: () => `Wallet ${addr.wallet} unfrozen.` };
        case "freezePartial":
          return { send: (wc, pc) => freezePartialTokens(wc, pc, { token, wallet: addr.wallet!, amount }), success: () => `${amountWords} of ${addr.wallet} frozen.` };
        case "unfreezePartial":
          return { send: (wc, pc) => unfreezePartialTokens(wc, pc, { token, wallet: addr.wallet!, amount }), success: () => `${amountWords} of ${addr.wallet} unfrozen.` };
        case "burn":
          return { send: (wc, pc) => burn(wc, pc, { token, wallet: addr.wallet!, amount }), success: () => `Burned ${amountWords} from ${addr.wallet}.` };
        case "forced":
          return {
            send: (wc, pc) => forcedTransfer(wc, pc, { token, from: addr.from!, to: addr.to!, amount }),
            success: () => `Moved ${amountWords} from ${addr.from} to ${addr.to}.`,
          };
        case "recover":
          return {
            send: (wc, pc) => recoverWallet(wc, pc, { token, lostWallet: addr.lost!, newWallet: addr.newWallet! }),
            success: () => `Recovered ${addr.lost} to ${addr.newWallet}.`,
          };
      }
    })();

    const result = await tx.run({ send: job.send, success: job.success });
    if (!result) return;
    void qc.invalidateQueries({ queryKey: ["asset", asset.token] });
    setAudit({ kind: "saving" });
    try {
      const { entry } = await apiPost<AuditEntryResponse>("/api/audit", { txHash: result.hash, reason });
      setAudit({
        kind: "saved",
        text: `Recorded in the audit log: ${entry.action}${entry.amount ? ` ${formatAmount(entry.amount, asset.decimals)} ${asset.symbol}` : ""}, reason "${entry.reason}".`,
      });
      void qc.invalidateQueries({ queryKey: ["audit"] });
    } catch (err) {
      setAudit({ kind: "error", text: `The operation succeeded, but the audit record failed: ${explainUnknown(err)}` });
    }
  }

  const fieldError = (id: Field | "reason") =>
    errors[id] ? (
      <p id={`op-${id}-error`} className="hint" style={{ color: "var(--danger)" }}>
        {errors[id]}
      </p>
    ) : null;

  return (
    <section className="card" aria-labelledby="agent-ops-heading">
      <h2 id="agent-ops-heading">Agent operations</h2>
      {gate.blocked || gate.checking ? (
        <p className="notice" aria-label="Agent operations access">
          {gate.checking ? "Checking your roles…" : gate.blocked}
        </p>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="agent-ops-heading">
          <div className="field">
            <label htmlFor="op-kind">Operation</label>
            <select
              id="op-kind"
              value={op}
              onChange={(e) => {
                setOp(e.target.value as OpKey);
                setErrors({});
                tx.reset();
                setAudit({ kind: "idle" });
              }}
            >
              {allowed.map((k) => (
                <option key={k} value={k}>
                  {OPERATIONS[k].label}
                </option>
              ))}
            </select>
            <p className="hint">
              {asset.paused ? "Transfers are paused now." : "Transfers are active now."} Forced transfers and recovery ignore pause and freezes;
              recipients must still be verified.
            </p>
          </div>
          <datalist id="op-dev-wallets">
            {DEV_ACCOUNTS.map((d) => (
              <option key={d.index} value={d.address}>
                {d.label}
              </option>
            ))}
          </datalist>
          {(["wallet", "from", "to", "lost", "newWallet"] as const).filter(needs).map((field) => (
            <div className="field" key={`${op}-${field}`}>
              <label htmlFor={`op-${field}`}>{FIELD_LABEL[field]}</label>
              <input
                id={`op-${field}`}
                name={field}
                list="op-dev-wallets"
                placeholder="0x…"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={Boolean(errors[field])}
                aria-describedby={errors[field] ? `op-${field}-error` : undefined}
              />
              {fieldError(field)}
            </div>
          ))}
          {needs("amount") ? (
            <div className="field" key={`${op}-amount`}>
              <label htmlFor="op-amount">Number of tokens ({asset.symbol})</label>
              <input
                id="op-amount"
                name="amount"
                inputMode="decimal"
                placeholder="100"
                aria-invalid={Boolean(errors.amount)}
                aria-describedby={errors.amount ? "op-amount-error" : undefined}
              />
              {fieldError("amount")}
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="op-reason">Reason (recorded in the audit log)</label>
            <textarea
              id="op-reason"
              name="reason"
              rows={2}
              maxLength={500}
              aria-invalid={Boolean(errors.reason)}
              aria-describedby={errors.reason ? "op-reason-error" : undefined}
            />
            {fieldError("reason")}
          </div>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {spec.label}
            </button>
          </div>
          <TxProgress state={tx.state} label="Agent operation progress" />
          {audit.kind === "error" ? (
            <p role="alert" aria-label="Audit record" className="notice error">
              {audit.text}
            </p>
          ) : (
            <p role="status" aria-label="Audit record" className={audit.kind === "saved" ? "notice ok" : undefined}>
              {audit.kind === "saving" ? "Recording in the audit log…" : audit.kind === "saved" ? audit.text : ""}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
