"use client";

import { EmptyState } from "@/components/empty-state";
import type { AssetDto } from "@/lib/shared/api-types";

/** Corporate actions › Distributions: the asset's dividends and coupons (record date, amount, entitlements, claims). */
export function IssuerDistributions({ asset }: { asset: AssetDto }) {
  return (
    <EmptyState id="distributions-heading" title="Distributions and coupons">
      No distributions yet. When a dividend or a coupon is paid on {asset.symbol}, it appears here with its record date, the
      amount per unit in the payment token, each holder&apos;s entitlement from the cap table at that date, and what has been
      claimed.
    </EmptyState>
  );
}
