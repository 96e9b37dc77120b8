"use client";

import { formatAmount } from "@/lib/client/format";
import type { VaultDto } from "@/lib/vault/types";
import { cash, formatDateTime, intervalText } from "./format";

/** The vault's dealing terms: next dealing date and its cut-off, how often it deals, minimums, NAV move limit. */
export function DealingTermsCard({ vault: v }: { vault: VaultDto }) {
  return (
    <section className="card" aria-labelledby="dealing-terms-heading">
      <h2 id="dealing-terms-heading">Dealing terms</h2>
      <dl className="stats" aria-label="Dealing terms">
        <div>
          <dt>Next dealing date</dt>
          <dd>{formatDateTime(v.nextDealingDate)}</dd>
        </div>
        <div>
          <dt>Cut-off</dt>
          <dd>{formatDateTime(v.nextCutoff)}</dd>
        </div>
        <div>
          <dt>Dealing</dt>
          <dd>{intervalText(v.terms.interval)}</dd>
        </div>
        <div>
          <dt>Minimum subscription</dt>
          <dd>{cash(v, v.terms.minDeposit)}</dd>
        </div>
        <div>
          <dt>Minimum redemption</dt>
          <dd>
            {formatAmount(v.terms.minRedeem, v.share.decimals)} {v.share.symbol}
          </dd>
        </div>
        <div>
          <dt>NAV move limit</dt>
          <dd>{(v.navMoveLimitBps / 100).toLocaleString("en-US")}%</dd>
        </div>
      </dl>
      <p className="hint">
        Requests made up to {formatDateTime(v.nextCutoff)} join the dealing date {formatDateTime(v.nextDealingDate)}; later ones the next. Latest
        dealing date reached: {formatDateTime(v.lastDealingDate)}. Chain time {formatDateTime(v.now)}. Vault <code>{v.vault}</code>, payment token{" "}
        {v.paymentToken.symbol} <code>{v.paymentToken.address}</code>.
      </p>
    </section>
  );
}
