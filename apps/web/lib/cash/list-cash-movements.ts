import type { Address } from "viem";
import { z } from "zod";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { csvStreamResponse } from "../shared/csv";
import { hex } from "../shared/serialize";
import { paymentTokenOf } from "../vault/vault-chain";
import { erc20Info } from "../chain/contract-reads";
import type { Erc20Dto } from "../vault/types";
import { ApiError, ErrorCode } from "../api/errors";
import { getPublicClient } from "../chain/public-client";
import { chainRead } from "../chain/read";
import { CASH_EVENTS, CASH_KIND_LABEL, CASH_LEGS, refineKind, type CashKind } from "./cash-legs";
import type { CashHistoryResponse, CashMovementDto } from "./types";

/** Largest page of GET /api/me/cash. */
export const CASH_MAX_PAGE_SIZE = 100;
/** Most rows in one CSV download of the cash history. */
export const CASH_CSV_MAX_ROWS = 100_000;
/** Rows per database query while a CSV streams. */
const CSV_BATCH = 1_000;

/**
 * Query of GET /api/me/cash: `page` 1..100,000 (default 1), `pageSize` 1..{@link CASH_MAX_PAGE_SIZE} (default 25),
 * `format` json | csv (csv: the whole history, streamed, at most {@link CASH_CSV_MAX_ROWS} rows; paging ignored).
 * Anything else is a 400.
 */
export const cashQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(CASH_MAX_PAGE_SIZE).default(25),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .strict();
export type CashQuery = z.infer<typeof cashQuery>;

/**
 * The wallets of the signed-in investor: the session's wallet and every wallet registered to the same identity in
 * an identity registry the index follows (an investor is an identity; ARCHITECTURE.md glossary). Lower-case.
 */
export async function investorWallets(session: Session): Promise<string[]> {
  const wallet = session.address.toLowerCase();
  const rows = await getPrisma().$queryRawUnsafe<Array<{ wallet: string }>>(
    `SELECT DISTINCT o.wallet FROM "Investor" me
       JOIN "Investor" o ON o."chainId" = me."chainId" AND o."identityRegistry" = me."identityRegistry" AND o.identity = me.identity AND o.registered
     WHERE me."chainId" = $1 AND me.wallet = $2 AND me.registered`,
    getServerConfig().chainId,
    wallet,
  );
  return [...new Set([wallet, ...rows.map((r) => r.wallet.toLowerCase())])].sort();
}

/** The legs table as SQL VALUES (constants of CASH_LEGS, not input). */
const LEGS_SQL = `(VALUES ${CASH_LEGS.map(
  (l, i) => `(${i}, '${l.source}', '${l.event}', '${l.walletArg}', '${l.amountArg}', ${l.sign}, '${l.kind}')`,
).join(", ")}) AS l(leg, source, event, warg, aarg, sign, kind)`;

/**
 * The cash legs of the wallets' events: $1 chain, $2 wallets (text[]), $3 events with a leg (text[]). The GIN index
 * on `wallets` finds the events; the leg's own wallet argument must be one of the wallets.
 * @param joinAsset also join the asset (alias a) for its symbol
 */
const fromLegs = (joinAsset: boolean) => `
  FROM "MoneyLegEvent" e
  JOIN ${LEGS_SQL} ON l.source = e.source AND l.event = e.event AND lower(e."args"->>l.warg) = ANY($2::text[])
  ${joinAsset ? `LEFT JOIN "Asset" a ON a."chainId" = e."chainId" AND a.token = e.token` : ""}
  WHERE e."chainId" = $1 AND e.wallets && $2::text[] AND e.event = ANY($3::text[])`;

/**
 * The payment token of a row, from the index: the vault's (its VaultDeployed event), the distribution's
 * (DistributionCreated), the offer's (OfferTaken names it) or the bond's (BondTermsSet).
 */
const PAYMENT_TOKEN_SQL = `CASE e.source
    WHEN 'dvp' THEN e."args"->>'paymentToken'
    WHEN 'vault' THEN (SELECT v."args"->>'paymentToken' FROM "MoneyLegEvent" v
      WHERE v."chainId" = e."chainId" AND v.token = e.token AND v.source = 'vault' AND v.event = 'VaultDeployed' AND v."args"->>'vault' = e.contract LIMIT 1)
    WHEN 'distributor' THEN (SELECT d."args"->>'paymentToken' FROM "MoneyLegEvent" d
      WHERE d."chainId" = e."chainId" AND d.token = e.token AND d.source = 'distributor' AND d.contract = e.contract AND d.event = 'DistributionCreated' AND d."args"->>'id' = e."args"->>'id' LIMIT 1)
    WHEN 'bond' THEN (SELECT b."args"->>'paymentToken' FROM "MoneyLegEvent" b
      WHERE b."chainId" = e."chainId" AND b.token = e.token AND b.source = 'bond' AND b.contract = e.contract AND b.event = 'BondTermsSet' LIMIT 1)
  END`;

interface RawMovement {
  blockNumber: bigint;
  logIndex: number;
  leg: number;
  blockTime: Date;
  txHash: string;
  token: string;
  symbol: string | null;
  source: string;
  event: string;
  contract: string;
  kind: CashKind;
  wallet: string;
  amount: string;
  paymentToken: string | null;
  /** The transaction's sender, lower-case (null on rows indexed before the index recorded it). */
  txFrom: string | null;
}

const SELECT_LEGS = `SELECT e."blockNumber", e."logIndex", l.leg, e."blockTime", e."txHash", e."txFrom", e.token, a.symbol, e.source, e.event, e.contract,
    l.kind, lower(e."args"->>l.warg) AS wallet, (l.sign * (e."args"->>l.aarg)::numeric)::text AS amount, ${PAYMENT_TOKEN_SQL} AS "paymentToken"`;
const ORDER = `ORDER BY e."blockNumber" DESC, e."logIndex" DESC, l.leg DESC`;

/** Newest first; `after`: the keyset (block, log index, leg) of the last row already read. */
async function queryLegs(wallets: string[], limit: number, offset: number, after?: { block: bigint; logIndex: number; leg: number }): Promise<RawMovement[]> {
  const params: unknown[] = [getServerConfig().chainId, wallets, CASH_EVENTS];
  let keyset = "";
  if (after) {
    params.push(after.block.toString(), after.logIndex, after.leg);
    keyset = ` AND (e."blockNumber", e."logIndex", l.leg) < ($4::bigint, $5::int, $6::int)`;
  }
  return getPrisma().$queryRawUnsafe<RawMovement[]>(
    `${SELECT_LEGS} ${fromLegs(true)}${keyset} ${ORDER} LIMIT ${Math.floor(limit)} OFFSET ${Math.floor(offset)}`,
    ...params,
  );
}

/**
 * Senders of transactions already read from the node (a transaction's hash fixes its sender), at most
 * {@link SENDER_CACHE_MAX}: only for rows indexed before MoneyLegEvent.txFrom existed (migration
 * 20261206070000_money_leg_sender). The sender is not in the database to backfill them from, and re-indexing is the
 * operator's call, so such rows keep working through the node; every row indexed since carries its sender.
 */
const senders = new Map<string, string>();
const SENDER_CACHE_MAX = 50_000;

/**
 * The sender (`from`) of a mined transaction whose row has none, read from the node once and cached.
 * @throws ApiError CHAIN_UNAVAILABLE when the node cannot answer or does not know the transaction
 */
async function senderOf(hash: string): Promise<string> {
  const hit = senders.get(hash);
  if (hit) return hit;
  const tx = await chainRead(() => getPublicClient().getTransaction({ hash: hash as `0x${string}` }));
  if (!tx) throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node does not know an indexed transaction.");
  if (senders.size >= SENDER_CACHE_MAX) senders.clear();
  senders.set(hash, tx.from.toLowerCase());
  return tx.from.toLowerCase();
}

/**
 * Payment-token details of rows (the index gives the address; symbol and decimals are read once per token and cached),
 * and the final kind of distribution payments (claimed by the wallet, or pushed to it: the transaction's sender, from
 * the index; from the node only for a row indexed before the index recorded senders).
 */
async function withPaymentTokens(rows: RawMovement[]): Promise<CashMovementDto[]> {
  const info = new Map<string, Promise<Erc20Dto>>();
  const of = (r: RawMovement): Promise<Erc20Dto> => {
    const key = r.paymentToken ? `t:${r.paymentToken}` : `v:${r.contract}`;
    let p = info.get(key);
    if (!p) {
      // A vault deployed before the index's start block has no VaultDeployed row: ask the vault (`asset()`).
      p = r.paymentToken ? erc20Info(r.paymentToken as Address) : paymentTokenOf(r.contract as Address);
      info.set(key, p);
    }
    return p;
  };
  const sender = new Map<string, Promise<string>>();
  const kindOf = async (r: RawMovement): Promise<CashKind> => {
    if (r.kind !== "distribution-claimed") return r.kind;
    if (r.txFrom) return refineKind(r.kind, r.wallet, r.txFrom);
    let p = sender.get(r.txHash);
    if (!p) {
      p = senderOf(r.txHash);
      sender.set(r.txHash, p);
    }
    return refineKind(r.kind, r.wallet, await p);
  };
  return Promise.all(
    rows.map(async (r) => {
      const kind = await kindOf(r);
      return {
        blockNumber: r.blockNumber.toString(),
        logIndex: r.logIndex,
        leg: r.leg,
        blockTime: r.blockTime.toISOString(),
        txHash: hex(r.txHash),
        token: hex(r.token),
        symbol: r.symbol ?? "",
        source: r.source,
        event: r.event,
        kind,
        label: CASH_KIND_LABEL[kind],
        wallet: hex(r.wallet),
        amount: r.amount,
        paymentToken: await of(r),
      };
    }),
  );
}

/**
 * The signed-in investor's cash history: every movement of a payment token for one of their wallets
 * ({@link investorWallets}), derived from the indexed money-leg events through CASH_LEGS, newest first (block, log
 * index, leg), one page of it. Only the session's investor's wallets: no input names a wallet.
 * @throws ApiError DATABASE_UNAVAILABLE / CHAIN_UNAVAILABLE (payment-token details the first time a token is seen, the
 * sender of a distribution payment indexed before senders were recorded) as 503
 */
export async function listCashMovements(session: Session, q: CashQuery): Promise<CashHistoryResponse> {
  const wallets = await investorWallets(session);
  const [[count], rows] = await Promise.all([
    getPrisma().$queryRawUnsafe<Array<{ total: bigint }>>(`SELECT COUNT(*) AS total ${fromLegs(false)}`, getServerConfig().chainId, wallets, CASH_EVENTS),
    queryLegs(wallets, q.pageSize, (q.page - 1) * q.pageSize),
  ]);
  return {
    wallets: wallets.map(hex),
    movements: await withPaymentTokens(rows),
    total: Number(count?.total ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * Columns of the cash-history CSV (GET /api/me/cash?format=csv), one row per movement, newest first:
 * - `date`: the block's time, ISO 8601 UTC;
 * - `block`, `log_index`: where the event is in the chain;
 * - `transaction`: the transaction hash;
 * - `asset`, `token`: the asset's symbol and token address;
 * - `kind`: the movement in words (CASH_KIND_LABEL);
 * - `event`: the contract's event (source:Event, e.g. `vault:DepositRequest`);
 * - `wallet`: the investor's wallet whose balance moved;
 * - `amount_base_units`: signed payment-token base units (negative: paid);
 * - `amount`: the same in whole payment tokens (decimal, signed);
 * - `payment_token`, `payment_token_address`: the payment token's symbol and address.
 */
export const CASH_CSV_HEADER = [
  "date",
  "block",
  "log_index",
  "transaction",
  "asset",
  "token",
  "kind",
  "event",
  "wallet",
  "amount_base_units",
  "amount",
  "payment_token",
  "payment_token_address",
] as const;

/** Base units as a decimal string in whole units ("-1500000", 6 → "-1.5"). */
export function wholeUnits(baseUnits: string, decimals: number): string {
  const neg = baseUnits.startsWith("-");
  const digits = neg ? baseUnits.slice(1) : baseUnits;
  if (decimals === 0) return baseUnits;
  const s = digits.padStart(decimals + 1, "0");
  const frac = s.slice(-decimals).replace(/0+$/, "");
  return `${neg ? "-" : ""}${s.slice(0, -decimals)}${frac ? `.${frac}` : ""}`;
}

/**
 * The investor's whole cash history as a streamed CSV ({@link CASH_CSV_HEADER}), read from the index in batches by
 * keyset, at most {@link CASH_CSV_MAX_ROWS} rows.
 */
export async function exportCashCsv(session: Session): Promise<Response> {
  const wallets = await investorWallets(session);
  type Cursor = { block: bigint; logIndex: number; leg: number };
  return csvStreamResponse<Cursor>(
    `cash-${session.address.toLowerCase()}.csv`,
    CASH_CSV_HEADER,
    async (after) => {
      const raw = await queryLegs(wallets, CSV_BATCH, 0, after);
      const rows = await withPaymentTokens(raw);
      const last = raw[raw.length - 1];
      return {
        rows: rows.map((m) => [
          m.blockTime,
          m.blockNumber,
          m.logIndex,
          m.txHash,
          m.symbol,
          m.token,
          m.label,
          `${m.source}:${m.event}`,
          m.wallet,
          m.amount,
          wholeUnits(m.amount, m.paymentToken.decimals),
          m.paymentToken.symbol,
          m.paymentToken.address,
        ]),
        next: raw.length === CSV_BATCH && last ? { block: last.blockNumber, logIndex: last.logIndex, leg: last.leg } : undefined,
      };
    },
    CASH_CSV_MAX_ROWS,
  );
}
