import { formatAmount } from "@/lib/client/format";
import type { Erc20Dto } from "@/lib/bond/types";

/** Payment-token base units as "1,000 TUSD". */
export const money = (t: Erc20Dto, baseUnits: string | bigint) => `${formatAmount(baseUnits, t.decimals)} ${t.symbol}`;

/** A coupon rate in 1e-8 per year as "5%" / "4.125%". */
export function ratePercent(couponRate: number): string {
  return `${(couponRate / 1_000_000).toLocaleString("en-US", { maximumFractionDigits: 6 })}%`;
}

/** Coupons per year in words. */
export const FREQUENCIES: ReadonlyArray<{ value: 0 | 1 | 2 | 4 | 12; label: string }> = [
  { value: 1, label: "Annual" },
  { value: 2, label: "Semi-annual" },
  { value: 4, label: "Quarterly" },
  { value: 12, label: "Monthly" },
  { value: 0, label: "Zero-coupon" },
];

export const frequencyText = (f: number) => FREQUENCIES.find((x) => x.value === f)?.label ?? `${f} per year`;

/** "YYYY-MM-DD" of unix seconds (UTC). */
export const day = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 10);
