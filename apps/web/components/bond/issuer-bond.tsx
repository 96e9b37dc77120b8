"use client";

import type { AssetDto } from "@/lib/shared/api-types";

/** Corporate actions › Bond: terms, coupon calendar and maturity of a bond asset (nothing for other asset classes). */
export function IssuerBond(_props: { asset: AssetDto }) {
  return null;
}
