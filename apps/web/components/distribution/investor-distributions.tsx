"use client";

import { EmptyState } from "@/components/empty-state";

/** Investor app › Distributions: dividends and coupons on the assets held, with the investor's entitlements and claims. */
export function InvestorDistributionsPanel() {
  return (
    <EmptyState id="distributions-heading" title="Distributions">
      No distributions yet. When an issuer pays a dividend or coupon on an asset you hold, it appears here with its record date
      and your entitlement.
    </EmptyState>
  );
}
