"use client";

import { formatAmount } from "@/lib/client/format";
import type { CapTableResponse } from "@/lib/shared/api-types";

/**
 * The live cap table's money-leg totals over every row: Pending subscriptions (payment token), Pending redemptions and
 * locked tokens (the asset's token). At a record date these are not kept, and it says so.
 */
export function CapTablePendingTotals({ data, decimals, symbol }: { data: CapTableResponse; decimals: number; symbol: string }) {
  const p = data.pending;
  if (!p) {
    return (
      <p className="hint" aria-label="Pending totals">
        Pending subscriptions, Pending redemptions and locked tokens are shown for the live cap table only (not applicable at a record date).
      </p>
    );
  }
  return (
    <dl className="stats" aria-label="Pending totals">
      <div>
        <dt>Pending subscriptions</dt>
        <dd>{p.vault && p.paymentToken ? `${formatAmount(p.subscriptionTotal, p.paymentToken.decimals)} ${p.paymentToken.symbol}` : "No vault"}</dd>
      </div>
      <div>
        <dt>Pending redemptions</dt>
        <dd>{p.vault ? `${formatAmount(p.redemptionTotal, decimals)} ${symbol}` : "No vault"}</dd>
      </div>
      <div>
        <dt>Locked</dt>
        <dd>{`${formatAmount(p.lockedTotal, decimals)} ${symbol}`}</dd>
      </div>
    </dl>
  );
}
