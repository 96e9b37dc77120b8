/**
 * Bulk issuance from a CSV (wallet, amount in whole tokens): parsing and per-row validation (zod), the on-chain
 * pre-check of each row (the token's ERC-1404 `detectTransferRestriction` for a mint, through the SDK), and a
 * simulation of the whole `batchMint` (rules that add up over rows: max holders, supply cap, per-identity balance).
 * Rows that would fail are reported and left out; nothing is sent until the issuer confirms. Browser-safe.
 */
import Papa from "papaparse";
import { getAddress, isAddress, parseUnits, zeroAddress, type Abi, type Address, type PublicClient } from "viem";
import { z } from "zod";
import { tokenAbi } from "@tessera/contracts";
import { explainError, precheckTransfer } from "@tessera/sdk";

/**
 * At most this many rows per CSV (one batchMint transaction). Measured on anvil with two modules (max balance, supply
 * cap): 114,901 gas for one new holder, 136,321 for two, so 200 rows stay far below a 30M block gas limit.
 */
export const MAX_BULK_ROWS = 200;

/** One CSV row after validation and, when valid, the on-chain pre-check. */
export interface BulkRow {
  /** 1-based line in the CSV text. */
  line: number;
  walletText: string;
  amountText: string;
  wallet?: Address;
  /** Token base units. */
  amount?: bigint;
  /** Why the row is invalid (format), in words. */
  error?: string;
  /** Result of the on-chain pre-check (valid rows only). */
  precheck?: { ok: boolean; reason: string };
}

/** The rows that will be sent, and the rows that will be skipped. */
export function readyRows(rows: BulkRow[]): Array<BulkRow & { wallet: Address; amount: bigint }> {
  return rows.filter((r): r is BulkRow & { wallet: Address; amount: bigint } => !r.error && r.precheck?.ok === true && !!r.wallet && r.amount !== undefined);
}

/** zod schema of one row for a token with `decimals`: a checksummed (or one-case) address and a positive amount. */
export function bulkRowSchema(decimals: number) {
  return z.object({
    wallet: z
      .string()
      .trim()
      .refine((w) => /^0x[0-9a-fA-F]{40}$/.test(w), "not a 0x wallet address (42 characters)")
      .refine((w) => isAddress(w, { strict: true }), "the address checksum is wrong (a typo?)")
      .transform((w) => getAddress(w)),
    amount: z
      .string()
      .transform((s) => s.replace(/[,_\s]/g, ""))
      .refine((s) => /^\d+(\.\d+)?$/.test(s), "the amount is not a number of tokens (like 100 or 12.5)")
      .refine((s) => (s.split(".")[1]?.length ?? 0) <= decimals, `at most ${decimals} decimal places`)
      .transform((s) => parseUnits(s, decimals))
      .refine((v) => v > 0n, "the amount must be greater than zero"),
  });
}

/**
 * Parses CSV text into rows: two columns, wallet and amount (whole tokens); an optional header line naming them;
 * blank lines ignored. A wallet listed twice is an error on its second line (one row per investor).
 * @returns rows in order, or `problem` in words when the text cannot be used at all.
 */
export function parseBulkCsv(text: string, decimals: number): { rows: BulkRow[]; problem?: string } {
  // No quoted line breaks in wallets or amounts, so record i is line i + 1 of the text; blank lines are dropped after.
  const parsed = Papa.parse<string[]>(text.replace(/\r\n?/g, "\n"), { skipEmptyLines: false });
  const data = parsed.data.map((cells, i) => ({ cells, line: i + 1 })).filter((d) => d.cells.some((c) => c.trim() !== ""));
  if (data.length && /wallet|address/i.test(data[0].cells[0] ?? "")) data.shift();
  if (data.length === 0) return { rows: [], problem: "The CSV has no rows: enter one line per investor, wallet,amount." };
  if (data.length > MAX_BULK_ROWS) return { rows: [], problem: `At most ${MAX_BULK_ROWS} rows per issuance (this CSV has ${data.length}).` };
  const schema = bulkRowSchema(decimals);
  const seen = new Map<string, number>();
  const rows = data.map(({ cells, line }): BulkRow => {
    const [walletText = "", amountText = "", ...rest] = cells.map((c) => c.trim());
    const row: BulkRow = { line, walletText, amountText };
    if (rest.some((c) => c !== "")) return { ...row, error: "expected two columns: wallet, amount" };
    const r = schema.safeParse({ wallet: walletText, amount: amountText });
    if (!r.success) return { ...row, error: r.error.issues[0]?.message ?? "invalid row" };
    const key = r.data.wallet.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) return { ...row, wallet: r.data.wallet, amount: r.data.amount, error: `this wallet is already on line ${first}` };
    seen.set(key, line);
    return { ...row, wallet: r.data.wallet, amount: r.data.amount };
  });
  return { rows };
}

/**
 * Pre-checks each valid row as a mint on the token (no transaction): the SDK's `precheckTransfer` with `from` zero.
 * @returns the rows with `precheck` set on the valid ones (e.g. "the recipient is not verified").
 */
export async function precheckBulkRows(publicClient: PublicClient, token: Address, rows: BulkRow[]): Promise<BulkRow[]> {
  const out: BulkRow[] = [];
  for (let i = 0; i < rows.length; i += 20) {
    const chunk = rows.slice(i, i + 20);
    out.push(
      ...(await Promise.all(
        chunk.map(async (r) => {
          if (r.error || !r.wallet || r.amount === undefined) return r;
          try {
            const c = await precheckTransfer(publicClient, { token, from: zeroAddress, to: r.wallet, amount: r.amount });
            return { ...r, precheck: { ok: c.ok, reason: c.reason } };
          } catch (err) {
            return { ...r, precheck: { ok: false, reason: explainError(err) } };
          }
        }),
      )),
    );
  }
  return out;
}

/**
 * Simulates `batchMint` of the ready rows from `account` (rules that add up over rows, and the caller's role).
 * @returns ok, or the reason the whole batch would revert, in words.
 */
export async function simulateBatchMint(
  publicClient: PublicClient,
  account: Address,
  token: Address,
  rows: Array<{ wallet: Address; amount: bigint }>,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await publicClient.simulateContract({
      address: token,
      abi: tokenAbi as Abi,
      functionName: "batchMint",
      args: [rows.map((r) => r.wallet), rows.map((r) => r.amount)],
      account,
    });
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: explainError(err) };
  }
}
