import { identityRegistryAbi } from "@tessera/contracts";
import Papa from "papaparse";
import { getAddress, isAddress, zeroAddress, type Address } from "viem";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { getPublicClient } from "../chain/public-client";
import { readRuntimeConfig } from "../config/read-deployments";
import { isCalendarDay } from "../shared/params";
import { parseIsoCountry } from "./countries";
import type { ImportPreviewResponse, ImportPreviewRow, ImportSkipReason } from "./types";

/** Most data rows one import takes (one batchRegisterIdentity transaction; about 60,000 gas per wallet). */
export const IMPORT_MAX_ROWS = 200;

/** Largest JSON body of POST /api/investors/import/preview, bytes: the 100 kB CSV, JSON-escaped, fits. */
export const IMPORT_BODY_LIMIT = 256 * 1024;

/** Body of POST /api/investors/import/preview: the CSV text (columns wallet, country, optional expiry YYYY-MM-DD). */
export const importPreviewBody = z.object({
  csv: z.string().max(100_000, "the file is larger than 100 kB").refine((s) => s.trim().length > 0, "the file is empty"),
});

/**
 * One CSV row: a 0x wallet (a mixed-case address must have a valid EIP-55 checksum), an ISO-3166 country (numeric or
 * alpha-2), and an optional KYC expiry date (YYYY-MM-DD, valid to the end of that day UTC, in the future).
 * Each issue's message is a skip reason code.
 */
export function importRowSchema(nowSeconds: number) {
  return z.object({
    wallet: z
      .string()
      .trim()
      .refine((s) => /^0x[0-9a-fA-F]{40}$/.test(s) && isAddress(s, { strict: true }) && s.toLowerCase() !== zeroAddress, "bad-address")
      .transform((s) => s.toLowerCase() as Address),
    country: z
      .string()
      .transform((s) => parseIsoCountry(s))
      .refine((n): n is number => n !== null, "unknown-country"),
    expiry: z
      .string()
      .trim()
      .optional()
      // An impossible day (2027-02-30) is refused, not rolled over into the next month.
      .transform((s) => (s ? (isCalendarDay(s) ? Date.parse(`${s}T23:59:59Z`) / 1000 : Number.NaN) : null))
      .refine((t) => t === null || (Number.isFinite(t) && t > nowSeconds), "bad-expiry"),
  });
}

const MESSAGES: Record<ImportSkipReason, string> = {
  "missing-columns": "needs a wallet and a country",
  "bad-address": "not a valid wallet address",
  "unknown-country": "not an ISO-3166 country (numeric or alpha-2 code)",
  "bad-expiry": "the expiry is not a future date (YYYY-MM-DD)",
  duplicate: "duplicate",
  "already-registered": "already registered in the identity registry",
};

/**
 * Validates an allowlist CSV before anything is sent: every row is checked (zod), rows are skipped with a reason
 * (missing columns, bad address, unknown country, bad expiry, duplicate of an earlier row, already registered in the
 * identity registry — read from the chain now). A first line starting with "wallet" or "address" is a header.
 * Compliance officers only (checked by the route).
 * @throws ApiError BAD_REQUEST (empty, more than IMPORT_MAX_ROWS rows, platform not
 *   deployed), CHAIN_UNAVAILABLE
 */
export async function previewInvestorImport(body: z.infer<typeof importPreviewBody>): Promise<ImportPreviewResponse> {
  const { csv } = body;
  // Empty lines are kept while numbering (so line numbers match the file), then dropped.
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: false });
  let lines = parsed.data
    .map((cells, i) => ({ cells: cells.map((c) => c.trim()), line: i + 1 }))
    .filter((l) => l.cells.some((c) => c !== ""));
  if (lines.length && /^(wallet|address)$/i.test(lines[0].cells[0] ?? "")) lines = lines.slice(1);
  if (lines.length === 0) throw new ApiError(ErrorCode.BAD_REQUEST, "The file has no data rows.");
  if (lines.length > IMPORT_MAX_ROWS) {
    throw new ApiError(ErrorCode.BAD_REQUEST, `The file has ${lines.length} rows; import at most ${IMPORT_MAX_ROWS} at a time.`);
  }
  const { deployments } = await readRuntimeConfig();
  if (!deployments) throw new ApiError(ErrorCode.BAD_REQUEST, "The platform is not deployed on this chain.");

  const schema = importRowSchema(Math.floor(Date.now() / 1000));
  const firstLine = new Map<string, number>();
  const rows: ImportPreviewRow[] = lines.map(({ cells, line }) => {
    const [walletInput = "", countryInput = "", expiryInput = ""] = cells;
    const base = { line, walletInput, countryInput, wallet: null, country: null, kycExpiresAt: null } as const;
    const skip = (reason: ImportSkipReason, extra: Partial<ImportPreviewRow> = {}, message = MESSAGES[reason]): ImportPreviewRow => ({
      ...base,
      ...extra,
      status: "skipped",
      reason,
      message,
    });
    if (!walletInput || !countryInput) return skip("missing-columns");
    const r = schema.safeParse({ wallet: walletInput, country: countryInput, expiry: expiryInput || undefined });
    if (!r.success) return skip(r.error.issues[0].message as ImportSkipReason);
    const ok = { wallet: r.data.wallet, country: r.data.country, kycExpiresAt: r.data.expiry === null ? null : String(r.data.expiry) };
    const seen = firstLine.get(r.data.wallet);
    if (seen !== undefined) return skip("duplicate", ok, `duplicate of line ${seen}`);
    firstLine.set(r.data.wallet, line);
    return { ...base, ...ok, status: "valid", reason: null, message: null };
  });

  // Already registered: read the registry for every distinct valid wallet.
  const client = getPublicClient();
  const candidates = rows.filter((r) => r.status === "valid");
  let registered: boolean[];
  try {
    registered = await Promise.all(
      candidates.map((r) =>
        client.readContract({ address: deployments.identityRegistry, abi: identityRegistryAbi, functionName: "contains", args: [getAddress(r.wallet!)] }),
      ),
    );
  } catch {
    throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable.");
  }
  candidates.forEach((r, i) => {
    if (registered[i]) Object.assign(r, { status: "skipped", reason: "already-registered", message: MESSAGES["already-registered"] });
  });
  const valid = rows.filter((r) => r.status === "valid").length;
  return { rows, valid, skipped: rows.length - valid };
}
