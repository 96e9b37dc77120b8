"use client";

import { useState, type FormEvent } from "react";
import { zeroAddress, type PublicClient } from "viem";
import { usePublicClient, useConnection } from "wagmi";
import { mint, precheckTransfer } from "@/lib/client/sdk";
import { explainUnknown } from "@/lib/client/errors";
import { parseAddressInput, parseTokenAmount } from "@/lib/client/format";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import { useRoleGate } from "@/lib/client/use-role-gate";
import type { AssetDto } from "@/lib/shared/api-types";
import { DEV_ACCOUNTS } from "@/lib/shared/dev-accounts";
import { TxProgress } from "../tx-progress";

/** "Issue tokens" form: pre-checks the mint against the rules, then mints through the connected (agent) wallet. */
export function MintForm({ asset }: { asset: AssetDto }) {
  const publicClient = usePublicClient();
  const { isConnected } = useConnection();
  const tx = useTxFlow();
  const gate = useRoleGate({ token: asset.token, actions: ["mint"], who: "an agent of this token", also: "or a holder of a role it accepts for mint, such as SUPPLY" }, "issue tokens");
  const [errors, setErrors] = useState<{ to?: string; amount?: string }>({});
  const busy = isTxBusy(tx.state);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const toInput = parseAddressInput(String(f.get("to") ?? ""));
    const amountText = String(f.get("amount") ?? "");
    const next: { to?: string; amount?: string } = {};
    if (!toInput.ok) next.to = toInput.error;
    const amount = parseTokenAmount(amountText, asset.decimals);
    if (!amount.ok) next.amount = amount.error;
    setErrors(next);
    if (Object.keys(next).length > 0 || !toInput.ok || !amount.ok || !publicClient) return;
    const to = toInput.value;

    tx.checking();
    try {
      const check = await precheckTransfer(publicClient as unknown as PublicClient, {
        token: asset.token,
        from: zeroAddress,
        to,
        amount: amount.value,
      });
      if (!check.ok) {
        tx.fail(check.reason, { refused: true });
        return;
      }
    } catch (err) {
      tx.fail(explainUnknown(err));
      return;
    }
    await tx.run({
      send: (walletClient, pc) => mint(walletClient, pc, { token: asset.token, to, amount: amount.value }),
      success: () => `Issued ${amountText.trim()} ${asset.symbol} to ${to}.`,
    });
  }

  return (
    <section className="card" aria-labelledby="mint-heading">
      <h2 id="mint-heading">Issue tokens</h2>
      {gate.blocked || gate.checking ? (
        <p className="notice" aria-label="Issue tokens access">
          {gate.checking ? "Checking your roles…" : gate.blocked}
        </p>
      ) : (
      <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="mint-heading">
        <div className="field">
          <label htmlFor="mint-to">Investor wallet</label>
          <input
            id="mint-to"
            name="to"
            list="dev-wallets"
            placeholder="0x…"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={Boolean(errors.to)}
            aria-describedby={errors.to ? "mint-to-error" : undefined}
          />
          <datalist id="dev-wallets">
            {DEV_ACCOUNTS.map((d) => (
              <option key={d.index} value={d.address}>
                {d.label}
              </option>
            ))}
          </datalist>
          {errors.to ? (
            <p id="mint-to-error" className="hint" style={{ color: "var(--danger)" }}>
              {errors.to}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="mint-amount">Amount ({asset.symbol})</label>
          <input
            id="mint-amount"
            name="amount"
            inputMode="decimal"
            placeholder="1000"
            aria-invalid={Boolean(errors.amount)}
            aria-describedby={errors.amount ? "mint-amount-error" : "mint-amount-hint"}
          />
          {errors.amount ? (
            <p id="mint-amount-error" className="hint" style={{ color: "var(--danger)" }}>
              {errors.amount}
            </p>
          ) : (
            <p id="mint-amount-hint" className="hint">
              Whole tokens.
            </p>
          )}
        </div>
        <div className="actions">
          <button type="submit" disabled={!isConnected || busy}>
            Issue tokens
          </button>
          {!isConnected ? <span className="hint">Connect the issuer's wallet first.</span> : null}
        </div>
        <TxProgress state={tx.state} label="Issue tokens progress" />
      </form>
      )}
    </section>
  );
}
