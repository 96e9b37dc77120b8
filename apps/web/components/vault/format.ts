import { formatAmount } from "@/lib/client/format";
import type { VaultDto } from "@/lib/vault/types";

/** Unix seconds → "YYYY-MM-DD HH:MM UTC" (dealing dates and cut-offs are instants of the chain's clock). */
export function formatDateTime(unixSeconds: number | null): string {
  if (unixSeconds === null || !Number.isFinite(unixSeconds) || unixSeconds <= 0) return "—";
  const iso = new Date(unixSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Unix seconds → the value of a datetime-local input, read as UTC ("YYYY-MM-DDTHH:MM"). */
export function toDateTimeInput(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 16);
}

/** A datetime-local value read as UTC → unix seconds, or null when it is not a date and time. */
export function parseDateTimeInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value.trim())) return null;
  const ms = Date.parse(`${value.trim()}Z`);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

/** "1.25 TUSD per TDF". */
export function navText(v: VaultDto, navPerShare: string): string {
  return `${formatAmount(navPerShare, v.paymentToken.decimals)} ${v.paymentToken.symbol} per ${v.share.symbol}`;
}

/** Payment-token base units as "1,000 TUSD". */
export const cash = (v: { paymentToken: { decimals: number; symbol: string } }, baseUnits: string | bigint) =>
  `${formatAmount(baseUnits, v.paymentToken.decimals)} ${v.paymentToken.symbol}`;

/** "every day" / "every 2 hours" / "every 3,600 seconds". */
export function intervalText(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? "every day" : `every ${seconds / 86_400} days`;
  if (seconds % 3_600 === 0) return seconds === 3_600 ? "every hour" : `every ${seconds / 3_600} hours`;
  return `every ${seconds.toLocaleString("en-US")} seconds`;
}

/** Whether a NAV valued exactly at `dealingDate` took effect (what a fulfilment at that date needs). */
export function hasNavFor(v: VaultDto, dealingDate: number): boolean {
  return v.nav.valuationDate === dealingDate || v.navHistory.some((n) => n.valuationDate === dealingDate);
}
