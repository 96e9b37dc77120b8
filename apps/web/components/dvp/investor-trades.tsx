"use client";

import { EmptyState } from "@/components/empty-state";

/** Investor app › Trades: delivery-versus-payment offers between investors. */
export function InvestorTradesPanel() {
  return (
    <EmptyState id="trades-heading" title="Trades">
      No trades yet. When you offer tokens for the payment token, or another investor makes you an offer, it appears here with
      its price and expiry; a taken offer settles both sides in one transaction (delivery versus payment), or not at all.
    </EmptyState>
  );
}
