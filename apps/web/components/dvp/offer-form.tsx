"use client";

import { useState, type FormEvent } from "react";
import type { Address, PublicClient } from "viem";
import { usePublicClient } from "wagmi";
import { explainUnknown } from "@/lib/client/errors";
import { parseAddressInput, parseTokenAmount } from "@/lib/client/format";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import type { TradeHoldingsResponse } from "@/lib/dvp/types";
import { checkOffer, createOffer } from "@/lib/dvp/writes";
import { TxProgress } from "../tx-progress";
import { formatDateTime } from "../vault/format";
import { cashOf, tokens } from "./format";


/** How long an offer stays takeable, from the chain's time at signing. */
const EXPIRIES = [
  { label: "1 hour", seconds: 3_600 },
  { label: "1 day", seconds: 86_400 },
  { label: "7 days", seconds: 7 * 86_400 },
  { label: "30 days", seconds: 30 * 86_400 },
] as const;

/**
 * "Offer tokens": an asset of the wallet's holdings (its unlocked balance shown), an amount, a price for the whole
 * amount in the payment token (whole units), a buyer (a named wallet or any verified buyer) and an expiry. The DvP's
 * `checkOffer` answers in words before anything is signed; then the offer is created (its tokens locked in the
 * wallet) with its progress.
 */
export function OfferForm({ wallet, trade, onChanged }: { wallet: Address; trade: TradeHoldingsResponse; onChanged: () => void }) {
  const publicClient = usePublicClient();
  const flow = useTxFlow();
  const [chosen, setChosen] = useState<string>();
  const [buyerKind, setBuyerKind] = useState<"named" | "any">("named");
  const [errors, setErrors] = useState<{ amount?: string; price?: string; buyer?: string }>({});
  const [check, setCheck] = useState<{ ok: boolean; text: string } | null>(null);
  const holding = trade.holdings.find((h) => h.token === chosen) ?? trade.holdings[0];
  const pay = trade.paymentToken;
  const dvp = trade.dvp as Address | null;

  if (!dvp || !pay) {
    return (
      <p className="notice" role="status" aria-label="Offer status">
        This chain has no DvP or no payment token in its deployments: trades are not available.
      </p>
    );
  }
  if (!holding) {
    return (
      <p className="hint" role="status" aria-label="Offer status">
        You hold no tokens of the platform's assets yet, so there is nothing to offer.
      </p>
    );
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!holding || !pay || !dvp) return;
    const form = new FormData(e.currentTarget);
    const amount = parseTokenAmount(String(form.get("amount") ?? ""), holding.decimals);
    const price = parseTokenAmount(String(form.get("price") ?? ""), pay.decimals);
    const buyer = buyerKind === "named" ? parseAddressInput(String(form.get("buyer") ?? "")) : null;
    const next = {
      amount: amount.ok ? undefined : amount.error,
      price: price.ok ? undefined : price.error,
      buyer: buyer && !buyer.ok ? buyer.error : buyer?.ok && buyer.value === wallet.toLowerCase() ? "You cannot sell to yourself." : undefined,
    };
    setErrors(next);
    setCheck(null);
    if (!amount.ok || !price.ok || next.buyer || !publicClient) return;
    const buyerAddress = buyer?.ok ? (buyer.value as Address) : undefined;
    const seconds = Number(form.get("expiresIn") ?? 86_400);
    flow.checking();
    const pc = publicClient as unknown as PublicClient;
    let expiry: bigint;
    try {
      const answer = await checkOffer(pc, { dvp, token: holding.token as Address, seller: wallet, buyer: buyerAddress, amount: amount.value });
      if (!answer.ok) {
        setCheck({ ok: false, text: `Not allowed: ${answer.reason}` });
        flow.fail(answer.reason, { refused: true });
        return;
      }
      setCheck({ ok: true, text: `Checked: the offer is allowed (${answer.reason}). Your wallet signs next; the ${tokens(holding, amount.value)} stay in your wallet, locked, until the offer is taken, cancelled or released.` });
      const block = await pc.getBlock({ blockTag: "latest" });
      expiry = block.timestamp + BigInt(seconds);
    } catch (err) {
      flow.fail(explainUnknown(err));
      return;
    }
    const to = buyerAddress ? `to ${buyerAddress}` : "to any verified buyer";
    await flow.run({
      send: (wc, pc2) =>
        createOffer(wc, pc2, { dvp, token: holding.token as Address, amount: amount.value, paymentToken: pay.address as Address, price: price.value, buyer: buyerAddress, expiry }),
      success: (r) => {
        onChanged();
        return `Offer ${r.id} created: ${tokens(holding, amount.value)} for ${cashOf(pay, price.value)} ${to}, until ${formatDateTime(Number(expiry))}.`;
      },
    });
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Offer tokens">
      <div className="field">
        <label htmlFor="offer-asset">Asset</label>
        <select id="offer-asset" value={holding.token} onChange={(e) => setChosen(e.target.value)}>
          {trade.holdings.map((h) => (
            <option key={h.token} value={h.token}>
              {h.name} ({h.symbol}): {tokens(h, h.available)} available
            </option>
          ))}
        </select>
        <p className="hint" role="status" aria-label="Available to offer">
          Available to offer: {tokens(holding, holding.available)} of {tokens(holding, holding.balance)}
          {BigInt(holding.lockedAmount) > 0n ? ` (${tokens(holding, holding.lockedAmount)} locked)` : ""}
          {BigInt(holding.frozenAmount) > 0n ? ` (${tokens(holding, holding.frozenAmount)} frozen)` : ""}.
        </p>
      </div>
      <div className="field">
        <label htmlFor="offer-amount">Amount ({holding.symbol})</label>
        <input id="offer-amount" name="amount" inputMode="decimal" placeholder="10" aria-invalid={Boolean(errors.amount)} aria-describedby="offer-amount-hint" />
        <p id="offer-amount-hint" className="hint" style={errors.amount ? { color: "var(--danger)" } : undefined}>
          {errors.amount ?? "Whole tokens; the offer is taken whole."}
        </p>
      </div>
      <div className="field">
        <label htmlFor="offer-price">Price for the whole amount ({pay.symbol})</label>
        <input id="offer-price" name="price" inputMode="decimal" placeholder="100" aria-invalid={Boolean(errors.price)} aria-describedby="offer-price-hint" />
        <p id="offer-price-hint" className="hint" style={errors.price ? { color: "var(--danger)" } : undefined}>
          {errors.price ?? `Whole ${pay.symbol}, paid to you when the buyer takes the offer.`}
        </p>
      </div>
      <fieldset>
        <legend>Buyer</legend>
        <div className="actions">
          <label className="radio">
            <input type="radio" name="buyerKind" value="named" checked={buyerKind === "named"} onChange={() => setBuyerKind("named")} />
            A named wallet
          </label>
          <label className="radio">
            <input type="radio" name="buyerKind" value="any" checked={buyerKind === "any"} onChange={() => setBuyerKind("any")} />
            Any verified buyer
          </label>
        </div>
        {buyerKind === "named" ? (
          <div className="field">
            <label htmlFor="offer-buyer">Buyer wallet</label>
            <input id="offer-buyer" name="buyer" placeholder="0x…" autoComplete="off" aria-invalid={Boolean(errors.buyer)} aria-describedby="offer-buyer-hint" />
            <p id="offer-buyer-hint" className="hint" style={errors.buyer ? { color: "var(--danger)" } : undefined}>
              {errors.buyer ?? "Only this wallet can take the offer; it must be verified for the asset."}
            </p>
          </div>
        ) : null}
      </fieldset>
      <div className="field">
        <label htmlFor="offer-expiry">Expires in</label>
        <select id="offer-expiry" name="expiresIn" defaultValue="86400">
          {EXPIRIES.map((x) => (
            <option key={x.seconds} value={x.seconds}>
              {x.label}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="submit" disabled={isTxBusy(flow.state)}>
          Offer tokens
        </button>
      </div>
      <p role="status" aria-label="Offer check" className={check ? `notice ${check.ok ? "" : "error"}` : undefined}>
        {check?.text ?? ""}
      </p>
      <TxProgress state={flow.state} label="Offer progress" />
    </form>
  );
}
