import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { csvStreamResponse } from "../shared/csv";

/** Query of GET /api/assets/[token]/transactions: `format=csv` (the only form: a download). */
export const transactionsQuery = z.object({ format: z.literal("csv") }).strict();

/** Most rows in one transactions CSV. */
export const TRANSACTIONS_CSV_MAX_ROWS = 100_000;
const BATCH = 1_000;

/**
 * Columns of the asset's transactions CSV, one row per indexed event of the asset, in chain order (block, log index):
 * every token movement (ERC-20 Transfer: issuance, transfer, redemption) and every money-leg event (vault, Distributor,
 * DvP, bond).
 * - `date` (block time, ISO 8601 UTC), `block`, `log_index`, `transaction` (hash);
 * - `source`: `token` for a token movement, else the money-leg contract (`vault` | `distributor` | `dvp` | `bond`);
 * - `type`: `issuance` | `transfer` | `redemption` for a token movement, else the contract's event (`DepositRequest`, …);
 * - `from`, `to`: a token movement's wallets (the zero address for an issuance's sender or a redemption's recipient);
 * - `wallets`: the wallets a money-leg event concerns, space-separated;
 * - `amount_base_units`, `amount`: a token movement's amount in token base units and in whole tokens;
 * - `details`: a money-leg event's decoded arguments as JSON (amounts in the base units its contract gives).
 */
export const TRANSACTIONS_CSV_HEADER = [
  "date",
  "block",
  "log_index",
  "transaction",
  "source",
  "type",
  "from",
  "to",
  "wallets",
  "amount_base_units",
  "amount",
  "details",
] as const;

const TYPE: Record<string, string> = { mint: "issuance", transfer: "transfer", burn: "redemption" };

interface Raw {
  blockNumber: bigint;
  logIndex: number;
  blockTime: Date;
  txHash: string;
  source: string;
  type: string;
  from: string | null;
  to: string | null;
  wallets: string | null;
  amount: string | null;
  details: string | null;
}

/** Token base units in whole tokens. */
function units(v: string, d: number): string {
  if (d === 0) return v;
  const s = v.padStart(d + 1, "0");
  const frac = s.slice(-d).replace(/0+$/, "");
  return frac ? `${s.slice(0, -d)}.${frac}` : s.slice(0, -d);
}

/**
 * The asset's transactions ({@link TRANSACTIONS_CSV_HEADER}) as a streamed CSV download, read from the index in
 * batches by keyset, at most {@link TRANSACTIONS_CSV_MAX_ROWS} rows.
 * @throws ApiError NOT_FOUND when the asset is not indexed (before the download starts)
 */
export async function exportTransactionsCsv(token: `0x${string}`): Promise<Response> {
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const asset = await prisma.asset.findUnique({ where: { chainId_token: { chainId, token } } });
  if (!asset) throw new ApiError(ErrorCode.NOT_FOUND, `No asset ${token} on chain ${chainId}.`);
  type Cursor = { block: bigint; logIndex: number };
  return csvStreamResponse<Cursor>(
    `transactions-${asset.symbol}.csv`,
    TRANSACTIONS_CSV_HEADER,
    async (after) => {
      const raw = await prisma.$queryRawUnsafe<Raw[]>(
        `SELECT * FROM (
           SELECT "blockNumber", "logIndex", "blockTime", "txHash", 'token' AS source, kind::text AS type, "from", "to",
                  NULL::text AS wallets, amount::text AS amount, NULL::text AS details
           FROM "Transfer" WHERE "chainId" = $1 AND token = $2
           UNION ALL
           SELECT "blockNumber", "logIndex", "blockTime", "txHash", source, event, NULL, NULL, array_to_string(wallets, ' '), NULL, "args"::text
           FROM "MoneyLegEvent" WHERE "chainId" = $1 AND token = $2
         ) t WHERE ("blockNumber", "logIndex") > ($3::bigint, $4::int)
         ORDER BY "blockNumber", "logIndex" LIMIT ${BATCH}`,
        chainId,
        token,
        (after?.block ?? -1n).toString(),
        after?.logIndex ?? -1,
      );
      const last = raw[raw.length - 1];
      return {
        rows: raw.map((r) => [
          r.blockTime.toISOString(),
          r.blockNumber.toString(),
          r.logIndex,
          r.txHash,
          r.source,
          r.source === "token" ? (TYPE[r.type] ?? r.type) : r.type,
          r.from,
          r.to,
          r.wallets,
          r.amount,
          r.amount === null ? null : units(r.amount, asset.decimals),
          r.details,
        ]),
        next: raw.length === BATCH && last ? { block: last.blockNumber, logIndex: last.logIndex } : undefined,
      };
    },
    TRANSACTIONS_CSV_MAX_ROWS,
  );
}
