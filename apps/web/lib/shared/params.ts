import { z } from "zod";

/** A 0x-prefixed 20-byte address, normalized to lower case (the database's form). */
export const addressParam = z
  .string()
  .trim()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte hex address")
  .transform((s) => s.toLowerCase() as `0x${string}`);

/** Pagination query: page ≥ 1 (default 1), 1 ≤ pageSize ≤ 500 (default 50). */
export const paginationQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

/** Query parameters of a URL as a plain object (empty values dropped so defaults apply). */
export function queryObject(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(url).searchParams) if (v !== "") out[k] = v;
  return out;
}

/** Largest value of a PostgreSQL bigint (int8): ids and block numbers beyond it cannot exist. */
export const MAX_INT8 = 9_223_372_036_854_775_807n;

/** A positive database id (bigint) given as decimal digits, 1..2^63-1; anything else is a 400, never a 500. */
export const idParam = z
  .string()
  .trim()
  .regex(/^\d{1,19}$/, "must be a positive whole number")
  .transform((s) => BigInt(s))
  .refine((n) => n > 0n && n <= MAX_INT8, "is not a valid id");

/** A block number given as decimal digits (or an already parsed bigint), 0..2^63-1 (no exponent, sign or fraction). */
export const blockParam = z
  .union([
    z.bigint(),
    z
      .string()
      .trim()
      .regex(/^\d{1,19}$/, "must be a block number (decimal digits)")
      .transform((s) => BigInt(s)),
  ])
  .refine((n) => n >= 0n && n <= MAX_INT8, "is not a block number (0 to 2^63-1)");

/** True when `s` is YYYY-MM-DD naming a real calendar day (2027-02-30 is not one) between 1970 and 9999. */
export function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s && s >= "1970-01-01";
}

/** A calendar day YYYY-MM-DD (UTC), 1970-01-01 to 9999-12-31; impossible days (2027-02-30) are refused, not rolled over. */
export const dayParam = z.string().trim().refine(isCalendarDay, "must be a real date YYYY-MM-DD from 1970 on");

/** Free text without NUL or other C0 control characters except tab, newline and carriage return (PostgreSQL text cannot hold NUL). */
export const NO_CONTROL_CHARS = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
