/**
 * Formats a money amount (decimal string such as "12345.5", any number of decimals) with thousands separators and
 * exactly two decimals (rounded half-up), followed by its ISO 4217 code: "12,345.50 USD".
 */
export function formatMoney(value: string, currency: string): string {
  const neg = value.startsWith("-");
  const [int = "0", frac = ""] = (neg ? value.slice(1) : value).split(".");
  let cents = BigInt(int) * 100n + BigInt((frac + "00").slice(0, 2));
  if (frac.length > 2 && Number(frac[2]) >= 5) cents += 1n;
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${whole}.${(cents % 100n).toString().padStart(2, "0")} ${currency}`;
}

/** A NAV per unit with grouping, keeping its own decimals (at least two): "1,234.5" → "1,234.50". */
export function formatNav(navPerUnit: string): string {
  const [int = "0", frac = ""] = navPerUnit.split(".");
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac.padEnd(2, "0")}`;
}
