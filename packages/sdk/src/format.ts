/**
 * Values as users type and read them: whole-token amounts and asset class names. Browser-safe.
 */
import { formatUnits, parseUnits } from "viem";
import { AssetClassText } from "@tessera/contracts";
import { TesseraError } from "./errors";
import { decimalsSchema, parseInput } from "./schemas";

/**
 * Parses a whole-token decimal string ("12.5") into token base units.
 * @param text The amount in whole tokens.
 * @param decimals The token's decimals (0..18).
 * @returns The amount in token base units.
 * @throws TesseraError (InvalidInput) for a malformed, negative or over-precise amount.
 */
export function parseAmount(text: string, decimals: number): bigint {
  const d = parseInput(decimalsSchema, decimals);
  const t = text.trim();
  const m = /^\d+(?:\.(\d+))?$/.exec(t);
  if (!m) throw new TesseraError({ message: "invalid input: enter an amount like 100 or 12.5", errorName: "InvalidInput" });
  if ((m[1]?.length ?? 0) > d) {
    throw new TesseraError({ message: `invalid input: at most ${d} decimal places`, errorName: "InvalidInput" });
  }
  return parseUnits(t, d);
}

/**
 * Formats token base units as a whole-token decimal string.
 * @param amount Token base units.
 * @param decimals The token's decimals.
 */
export function formatAmount(amount: bigint, decimals: number): string {
  return formatUnits(amount, decimals);
}

/**
 * Display name of an asset class (0 fund share, 1 bond, 2 equity, 3 real estate): `AssetClassText` of
 * `@tessera/contracts`.
 * @param assetClass The `assetClass()` of a token.
 * @returns The name, or "Unknown class N".
 */
export function assetClassName(assetClass: number): string {
  return (AssetClassText as Readonly<Record<number, string>>)[assetClass] ?? `Unknown class ${assetClass}`;
}
