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
