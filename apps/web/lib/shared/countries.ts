import { AssetClassText } from "@tessera/contracts";

/** Common ISO-3166 numeric country codes offered in forms and used to label tables. */
export const COMMON_COUNTRIES: ReadonlyArray<{ code: number; name: string }> = [
  { code: 840, name: "United States" },
  { code: 826, name: "United Kingdom" },
  { code: 250, name: "France" },
  { code: 276, name: "Germany" },
  { code: 756, name: "Switzerland" },
  { code: 392, name: "Japan" },
  { code: 702, name: "Singapore" },
  { code: 156, name: "China" },
  { code: 643, name: "Russia" },
];

/** "840 United States" for known codes, else the code alone. */
export function countryLabel(code: number | null | undefined): string {
  if (code === null || code === undefined) return "—";
  const c = COMMON_COUNTRIES.find((x) => x.code === code);
  return c ? `${code} ${c.name}` : String(code);
}

/**
 * Asset class names by on-chain code, in code order (0 fund share, 1 bond, 2 equity, 3 real estate): the one table,
 * `AssetClassText` of @tessera/contracts (which the SDK's `assetClassName` reads too).
 */
export const ASSET_CLASSES: ReadonlyArray<{ code: number; name: string }> = Object.entries(AssetClassText).map(([code, name]) => ({
  code: Number(code),
  name,
}));

/** Name of an asset class code (`AssetClassText`), or "Class N" if unknown. */
export function assetClassLabel(code: number): string {
  return (AssetClassText as Readonly<Record<number, string>>)[code] ?? `Class ${code}`;
}
