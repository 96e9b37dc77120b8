import countries from "i18n-iso-countries";

/**
 * An ISO-3166-1 country written as a numeric code ("826", "4" or "004") or an alpha-2 code ("GB", "gb"), as its
 * numeric code (1-999); null when the code is not an assigned ISO-3166-1 country.
 */
export function parseIsoCountry(input: string): number | null {
  const s = input.trim();
  if (/^\d{1,3}$/.test(s)) {
    const n = Number(s);
    return n >= 1 && countries.numericToAlpha2(String(n).padStart(3, "0")) ? n : null;
  }
  if (/^[A-Za-z]{2}$/.test(s)) {
    const numeric = countries.alpha2ToNumeric(s.toUpperCase());
    return numeric ? Number(numeric) : null;
  }
  return null;
}
