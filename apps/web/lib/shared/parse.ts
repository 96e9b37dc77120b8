/** Parses "840, 826" into ISO-3166 numeric codes (1-999); an empty text means "any country". */
export function parseCountryList(text: string): { ok: true; value: number[] } | { ok: false; error: string } {
  const parts = text
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) < 1) return { ok: false, error: `"${p}" is not an ISO-3166 numeric country code.` };
    if (!out.includes(Number(p))) out.push(Number(p));
  }
  return { ok: true, value: out };
}
