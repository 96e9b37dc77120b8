"use client";

import { couponRateFromPercent, DAY_COUNTS } from "@tessera/sdk/bond";
import { useState, type FormEvent } from "react";
import type { Address } from "viem";
import type { BondResponse } from "@/lib/bond/types";
import { setUpAndSetTerms } from "@/lib/bond/writes";
import { parseAddressInput, parseTokenAmount } from "@/lib/client/format";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import { TxProgress } from "../tx-progress";
import { formatDateTime, parseDateTimeInput, toDateTimeInput } from "../vault/format";
import { FREQUENCIES, frequencyText, money, ratePercent } from "./format";

type Errors = Partial<Record<"face" | "rate" | "issue" | "maturity" | "paymentToken", string>>;


/** A field's hint, or its error in the danger colour. */
function Hint({ id, error, children }: { id: string; error?: string; children: string }) {
  return (
    <p id={id} className="hint" style={error ? { color: "var(--danger)" } : undefined}>
      {error ?? children}
    </p>
  );
}

/**
 * "Bond terms": once set (on-chain, once), the terms read-only; before, the form for an ADMIN or a CORPORATE_ACTIONS
 * holder: face value per unit and coupon rate in whole units and percent, frequency, day count, issue and maturity
 * dates (UTC), payment token (default: the deployment's). An ADMIN wires the Bond contract first (setUpBond).
 */
export function BondTermsCard({ bond: b, onChanged }: { bond: BondResponse; onChanged: () => void }) {
  const tx = useTxFlow();
  const [errors, setErrors] = useState<Errors>({});
  const [frequency, setFrequency] = useState<number>(2);
  const t = b.terms;

  if (t) {
    return (
      <section className="card" aria-labelledby="bond-terms-heading">
        <h2 id="bond-terms-heading">Bond terms</h2>
        <dl className="stats" aria-label="Bond terms on-chain">
          <div>
            <dt>Face value per unit</dt>
            <dd>{money(t.paymentToken, t.faceValue)}</dd>
          </div>
          <div>
            <dt>Coupon</dt>
            <dd>
              {t.couponFrequency === 0 ? "Zero-coupon" : `${ratePercent(t.couponRate)} per year, ${frequencyText(t.couponFrequency).toLowerCase()}`}
            </dd>
          </div>
          <div>
            <dt>Day count</dt>
            <dd>{t.dayCountName}</dd>
          </div>
          <div>
            <dt>Issue date</dt>
            <dd>{formatDateTime(t.issueDate)}</dd>
          </div>
          <div>
            <dt>Maturity date</dt>
            <dd>{formatDateTime(t.maturityDate)}</dd>
          </div>
          <div>
            <dt>Payment token</dt>
            <dd title={t.paymentToken.address}>{t.paymentToken.symbol}</dd>
          </div>
        </dl>
        <TxProgress state={tx.state} label="Bond terms progress" />
      </section>
    );
  }

  const may = b.you.admin || b.you.corporateActions;
  const paymentDecimals = b.defaultPaymentToken?.decimals ?? 6;
  const paymentSymbol = b.defaultPaymentToken?.symbol ?? "payment token";

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const next: Errors = {};
    const face = parseTokenAmount(String(f.get("faceValue") ?? ""), paymentDecimals);
    if (!face.ok) next.face = face.error;
    const freq = Number(f.get("couponFrequency")) as 0 | 1 | 2 | 4 | 12;
    let rate = 0;
    if (freq !== 0) {
      try {
        rate = couponRateFromPercent(String(f.get("couponRate") ?? "").trim());
        if (rate === 0) next.rate = "A coupon bond has a positive rate (choose Zero-coupon otherwise).";
      } catch {
        next.rate = "Enter a percentage per year, e.g. 5 or 4.125 (at most 100).";
      }
    }
    const issue = parseDateTimeInput(String(f.get("issueDate") ?? ""));
    const maturity = parseDateTimeInput(String(f.get("maturityDate") ?? ""));
    if (issue === null) next.issue = "Enter the issue date and time (UTC).";
    if (maturity === null) next.maturity = "Enter the maturity date and time (UTC).";
    else if (issue !== null && maturity <= issue) next.maturity = "The maturity date must be after the issue date.";
    const token = parseAddressInput(String(f.get("paymentToken") ?? ""));
    if (!token.ok) next.paymentToken = token.error;
    setErrors(next);
    if (Object.keys(next).length || !face.ok || !token.ok || issue === null || maturity === null) return;
    const dayCount = Number(f.get("dayCount")) as 0 | 1 | 2;
    await tx.run({
      send: (wc, pc) =>
        setUpAndSetTerms(wc, pc, {
          bond: b.bond as Address,
          token: b.token as Address,
          admin: b.you.admin,
          terms: {
            paymentToken: token.value,
            faceValue: face.value,
            couponRate: rate,
            couponFrequency: freq,
            dayCount,
            issueDate: BigInt(issue),
            maturityDate: BigInt(maturity),
          },
        }),
      success: () => {
        onChanged();
        return `Terms of ${b.symbol} set: maturity ${formatDateTime(maturity)}.`;
      },
    });
  }

  return (
    <section className="card" aria-labelledby="bond-terms-heading">
      <h2 id="bond-terms-heading">Bond terms</h2>
      <p className="hint">
        {b.symbol}&apos;s terms are set once, on-chain: the coupon calendar and the redemption at maturity follow from them.
      </p>
      {may ? (
        <form className="form" onSubmit={onSubmit} noValidate aria-label="Set bond terms">
          <div className="grid halves">
            <div className="field">
              <label htmlFor="bond-face">Face value per unit ({paymentSymbol})</label>
              <input id="bond-face" name="faceValue" inputMode="decimal" placeholder="1000" aria-invalid={Boolean(errors.face)} aria-describedby="bond-face-hint" />
              <Hint id="bond-face-hint" error={errors.face}>{`Whole ${paymentSymbol} paid per whole ${b.symbol} at maturity.`}</Hint>
            </div>
            <div className="field">
              <label htmlFor="bond-rate">Coupon rate (% per year)</label>
              <input
                id="bond-rate"
                name="couponRate"
                inputMode="decimal"
                placeholder="5"
                disabled={frequency === 0}
                aria-invalid={Boolean(errors.rate)}
                aria-describedby="bond-rate-hint"
              />
              <Hint id="bond-rate-hint" error={errors.rate}>
                Annual rate on the face value, up to 6 decimals.
              </Hint>
            </div>
            <div className="field">
              <label htmlFor="bond-frequency">Coupon frequency</label>
              <select id="bond-frequency" name="couponFrequency" value={frequency} onChange={(e) => setFrequency(Number(e.target.value))}>
                {FREQUENCIES.map((x) => (
                  <option key={x.value} value={x.value}>
                    {x.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="bond-day-count">Day count</label>
              <select id="bond-day-count" name="dayCount" defaultValue={1}>
                {DAY_COUNTS.map((name, i) => (
                  <option key={name} value={i}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="bond-issue">Issue date (UTC)</label>
              <input
                id="bond-issue"
                name="issueDate"
                type="datetime-local"
                defaultValue={toDateTimeInput(b.now)}
                aria-invalid={Boolean(errors.issue)}
                aria-describedby="bond-issue-hint"
              />
              <Hint id="bond-issue-hint" error={errors.issue}>
                The start of the first coupon period (may be in the past).
              </Hint>
            </div>
            <div className="field">
              <label htmlFor="bond-maturity">Maturity date (UTC)</label>
              <input id="bond-maturity" name="maturityDate" type="datetime-local" aria-invalid={Boolean(errors.maturity)} aria-describedby="bond-maturity-hint" />
              <Hint id="bond-maturity-hint" error={errors.maturity}>
                In the future: the last coupon date and the repayment at face value.
              </Hint>
            </div>
            <div className="field">
              <label htmlFor="bond-payment-token">Payment token</label>
              <input
                id="bond-payment-token"
                name="paymentToken"
                defaultValue={b.defaultPaymentToken?.address ?? ""}
                aria-invalid={Boolean(errors.paymentToken)}
                aria-describedby="bond-payment-token-hint"
              />
              <Hint id="bond-payment-token-hint" error={errors.paymentToken}>
                {b.defaultPaymentToken ? `Default: the platform's ${b.defaultPaymentToken.symbol}. Coupons and the face value are paid in it.` : "The ERC-20 coupons and the face value are paid in."}
              </Hint>
            </div>
          </div>
          <div className="actions">
            <button type="submit" disabled={isTxBusy(tx.state)}>
              Set bond terms
            </button>
          </div>
          <TxProgress state={tx.state} label="Bond terms progress" />
        </form>
      ) : (
        <p className="notice" aria-label="Bond terms access">
          The terms are not set yet. The issuer (ADMIN) or a holder of CORPORATE_ACTIONS on {b.symbol} sets them here.
        </p>
      )}
    </section>
  );
}
