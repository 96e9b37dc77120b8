import { formatAmount } from "@/lib/client/format";
import type { DistributionDto, DistributionStatus, TokenInfoDto } from "@/lib/distribution/types";

/** Payment-token base units as "1,000 TUSD". */
export const money = (t: TokenInfoDto, baseUnits: string | bigint) => `${formatAmount(baseUnits, t.decimals)} ${t.symbol}`;

/** Unix seconds → "YYYY-MM-DD HH:MM UTC" (deadlines are instants of the chain's clock). */
export function formatDeadline(unixSeconds: number): string {
  if (!Number.isFinite(unixSeconds) || unixSeconds <= 0) return "—";
  const iso = new Date(unixSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "2026-12-01 (block 42)" or "block 42". */
export function recordDateText(d: { recordDay: string | null; recordBlock: string }): string {
  return d.recordDay ? `${d.recordDay} (block ${d.recordBlock})` : `block ${d.recordBlock}`;
}

/** "Dividend" or "Coupon 3". */
export function kindText(d: { kind: DistributionDto["kind"]; couponNumber: number | null }): string {
  return d.kind === "coupon" ? `Coupon${d.couponNumber ? ` ${d.couponNumber}` : ""}` : "Dividend";
}

export const STATUS_TEXT: Record<DistributionStatus, string> = {
  draft: "Draft (not posted)",
  open: "Open",
  paused: "Paused (claims suspended)",
  paid: "Paid",
  expired: "Expired",
  reclaimed: "Reclaimed",
};

/** Basis points as a percentage text, e.g. 1500 → "15%". */
export const bpsText = (bps: number) => `${(bps / 100).toLocaleString("en-US", { maximumFractionDigits: 2 })}%`;
