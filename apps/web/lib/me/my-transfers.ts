import { formatUnits, zeroAddress } from "viem";
import { z } from "zod";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { knownIssuerFilter } from "../assets/issuers";
import { getPrisma } from "../db/prisma";
import type { MyTransferDto, MyTransfersResponse } from "../investor/types";
import { addressParam, paginationQuery } from "../shared/params";
import { csvResponse, toCsv } from "../shared/csv";
import { decimalToString, hex } from "../shared/serialize";

/**
 * Query of GET /api/me/transfers: `page` ≥ 1, `pageSize` 1..200 (default 25), `token` (one asset), `kind`
 * (mint | burn | transfer), `direction` (in | out), `format=csv` (every matching row, at most {@link CSV_MAX_ROWS}).
 */
export const myTransfersQuery = paginationQuery.extend({
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
  token: addressParam.optional(),
  kind: z.enum(["mint", "burn", "transfer"]).optional(),
  direction: z.enum(["in", "out"]).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});
export type MyTransfersQuery = z.infer<typeof myTransfersQuery>;

/** Most rows in one CSV export (a wallet's whole history in practice). */
export const CSV_MAX_ROWS = 100_000;

function where(chainId: number, wallet: string, q: MyTransfersQuery, known: Awaited<ReturnType<typeof knownIssuerFilter>>) {
  const side = q.direction === "in" ? [{ to: wallet }] : q.direction === "out" ? [{ from: wallet }] : [{ from: wallet }, { to: wallet }];
  // Only assets of issuers the platform knows (lib/assets/issuers): unsolicited look-alike tokens stay out.
  return { chainId, OR: side, asset: known, ...(q.token ? { token: q.token } : {}), ...(q.kind ? { kind: q.kind } : {}) };
}

/**
 * The signed-in wallet's own transfers, issuances (mints to it) and redemptions (burns from it), from the indexed
 * ERC-20 Transfer events, newest first (block, then log index), filtered and paged on the server. With
 * `format=csv` a CSV download of every matching row (amounts in base units and in tokens).
 * The wallet is always the session's.
 * @throws ApiError BAD_REQUEST (zod) for a bad query
 */
export async function listMyTransfers(session: Session, q: MyTransfersQuery): Promise<MyTransfersResponse | Response> {
  const wallet = session.address.toLowerCase();
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const w = where(chainId, wallet, q, await knownIssuerFilter());
  const orderBy = [{ blockNumber: "desc" as const }, { logIndex: "desc" as const }];
  const include = { asset: { select: { symbol: true, decimals: true } } };
  if (q.format === "csv") {
    const rows = await prisma.transfer.findMany({ where: w, orderBy, include, take: CSV_MAX_ROWS });
    const dtos = rows.map((r) => toDto(r, wallet));
    const csv = toCsv(
      ["date", "block", "logIndex", "transaction", "asset", "token", "type", "direction", "counterparty", "amountBaseUnits", "amountTokens"],
      dtos.map((t) => [t.blockTime, t.blockNumber, t.logIndex, t.txHash, t.symbol, t.token, typeLabel(t), t.direction, t.counterparty, t.amount, formatUnits(BigInt(t.amount), t.decimals)]),
    );
    return csvResponse(`transfers-${wallet}.csv`, csv);
  }
  const [total, rows] = await Promise.all([
    prisma.transfer.count({ where: w }),
    prisma.transfer.findMany({ where: w, orderBy, include, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
  ]);
  return { wallet: hex(wallet), transfers: rows.map((r) => toDto(r, wallet)), total, page: q.page, pageSize: q.pageSize };
}

type Row = {
  blockNumber: bigint;
  logIndex: number;
  blockTime: Date;
  txHash: string;
  token: string;
  from: string;
  to: string;
  amount: { toFixed(): string };
  kind: "mint" | "burn" | "transfer";
  asset: { symbol: string; decimals: number };
};

function toDto(r: Row, wallet: string): MyTransferDto {
  const direction = r.to === wallet ? "in" : "out";
  return {
    blockNumber: r.blockNumber.toString(),
    logIndex: r.logIndex,
    blockTime: r.blockTime.toISOString(),
    txHash: hex(r.txHash),
    token: hex(r.token),
    symbol: r.asset.symbol,
    decimals: r.asset.decimals,
    kind: r.kind,
    direction,
    counterparty: hex(r.kind === "mint" || r.kind === "burn" ? zeroAddress : direction === "in" ? r.from : r.to),
    amount: decimalToString(r.amount),
  };
}

/** "Issuance" | "Redemption" | "Received" | "Sent": the row's type in words (UI and CSV). */
export function typeLabel(t: Pick<MyTransferDto, "kind" | "direction">): string {
  if (t.kind === "mint") return "Issuance";
  if (t.kind === "burn") return "Redemption";
  return t.direction === "in" ? "Received" : "Sent";
}
