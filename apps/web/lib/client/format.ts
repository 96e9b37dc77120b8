import { formatUnits, isAddress, parseUnits } from "viem";

/** Formats base units (decimal string or bigint) as tokens with thousands separators, e.g. "1,250.5". */
export function formatAmount(baseUnits: string | bigint, decimals: number): string {
  const s = formatUnits(typeof baseUnits === "bigint" ? baseUnits : BigInt(baseUnits), decimals);
  const [int, frac] = s.split(".");
  const neg = int.startsWith("-");
  const digits = neg ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${grouped}${frac ? `.${frac}` : ""}`;
}

/** Shortens an address to 0x1234…abcd. */
export function shortAddress(a: string): string {
  return a.length > 12 ? `${a.slice(0, 6)}…${a.slice(-4)}` : a;
}

/**
 * Parses a user-entered token amount ("1,000", "12.5") into base units.
 * @returns the amount, or an error text fit to show next to the field
 */
export function parseTokenAmount(input: string, decimals: number): { ok: true; value: bigint } | { ok: false; error: string } {
  const s = input.replace(/[,_\s]/g, "");
  if (!s) return { ok: false, error: "Enter an amount." };
  if (!/^\d+(\.\d+)?$/.test(s)) return { ok: false, error: "Enter a positive number of tokens." };
  const frac = s.split(".")[1];
  if (frac && frac.length > decimals) return { ok: false, error: `At most ${decimals} decimal places.` };
  const value = parseUnits(s, decimals);
  if (value <= 0n) return { ok: false, error: "The amount must be greater than zero." };
  return { ok: true, value };
}

/** Unix seconds → YYYY-MM-DD (UTC). */
export function formatDate(unixSeconds: string | number | bigint | null): string {
  if (unixSeconds === null) return "—";
  const d = new Date(Number(unixSeconds) * 1000);
  return d.toISOString().slice(0, 10);
}

/**
 * Validates a user-entered wallet address. All-lower or all-upper hex is accepted as is; mixed case must carry a
 * valid EIP-55 checksum (a wrong one usually means a typo).
 * @returns the address in lower case, or an error text fit to show next to the field
 */
export function parseAddressInput(input: string): { ok: true; value: `0x${string}` } | { ok: false; error: string } {
  const s = input.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(s)) return { ok: false, error: "Enter a 0x wallet address (42 characters)." };
  if (!isAddress(s, { strict: true })) return { ok: false, error: "The address checksum is wrong: check it for typos." };
  return { ok: true, value: s.toLowerCase() as `0x${string}` };
}
