/** Minimal view of Prisma's Decimal that we rely on. */
export interface DecimalLike {
  toFixed(): string;
}

/** Decimal(78,0) → decimal string of base units (never exponent form). */
export function decimalToString(d: DecimalLike | null | undefined): string {
  if (d === null || d === undefined) return "0";
  return d.toFixed();
}

/** Percentage `part / whole` with 4 decimals as a string ("0.0000" when whole is 0). */
export function percentString(part: bigint, whole: bigint): string {
  if (whole <= 0n) return "0.0000";
  const scaled = (part * 1_000_000n + whole / 2n) / whole; // percent × 10^4, rounded half up
  const intPart = scaled / 10_000n;
  const frac = (scaled % 10_000n).toString().padStart(4, "0");
  return `${intPart}.${frac}`;
}

/** Lower-case 0x address type used in API payloads. */
export function hex(s: string): `0x${string}` {
  return s.toLowerCase() as `0x${string}`;
}
