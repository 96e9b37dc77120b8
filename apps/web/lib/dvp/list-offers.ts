import type { Address } from "viem";
import { z } from "zod";
import { knownIssuers } from "../assets/issuers";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { indexAtHead } from "../index/at-head";
import { addressParam } from "../shared/params";
import { chainOfferStatus, dvpDeployments } from "./dvp-chain";
import { erc20Info } from "../chain/contract-reads";
import type { OfferDto, OfferStatusDto, OffersResponse } from "./types";

/**
 * Query of GET /api/dvp/offers: `view` open (default: offers still open) | history (taken, cancelled, released);
 * `token` narrows to one asset; page ≥ 1, 1 ≤ pageSize ≤ 100 (default 20).
 */
export const offersQuery = z.object({
  view: z.enum(["open", "history"]).default("open"),
  token: addressParam.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type OffersQuery = z.infer<typeof offersQuery>;

const ZERO = `0x${"0".repeat(40)}`;

/** One row of the offers statement: the OfferCreated event, its asset, and the first closing event if any. */
interface Row {
  id: string;
  token: string;
  name: string;
  symbol: string;
  decimals: number;
  args: Record<string, unknown>;
  blockNumber: string;
  txHash: string;
  blockTime: Date;
  closedEvent: "OfferTaken" | "OfferCancelled" | "OfferReleased" | null;
  closedArgs: Record<string, unknown> | null;
  closedBlock: string | null;
  closedTx: string | null;
  closedTime: Date | null;
  total: number;
}

/**
 * The offers of the platform's DvP the signed-in wallet may see, newest first, from the index (MoneyLegEvent, source
 * "dvp"): its own offers, offers naming it, and offers to any verified buyer of the known issuers' assets in the
 * platform's payment token (ARCHITECTURE.md: look-alike assets and unknown payment tokens are not shown to others).
 * `open`: offers no later event closed, the wallet's own whether expired or not, others' only before their expiry.
 * `history`: closed offers the wallet sold, was named in, or took. Each open row's status is reconciled with the
 * chain now (`getOffer`), so a close the index has not written yet still shows.
 * @throws ApiError CHAIN_UNAVAILABLE (node failure: never an empty answer), INDEX_BEHIND
 */
export async function listOffers(session: Session, q: OffersQuery): Promise<OffersResponse> {
  const me = session.address.toLowerCase();
  const { dvp, paymentToken } = await dvpDeployments();
  const head = await indexAtHead();
  const now = Number(head.timestamp);
  const empty: OffersResponse = { dvp, now, view: q.view, offers: [], total: 0, page: q.page, pageSize: q.pageSize };
  if (!dvp) return empty;
  const { chainId } = getServerConfig();
  const issuers = await knownIssuers();
  const rows = await getPrisma().$queryRawUnsafe<Row[]>(
    `WITH created AS (
       SELECT "args"->>'id' AS id, "token", "args", "blockNumber", "logIndex", "txHash", "blockTime"
       FROM "MoneyLegEvent"
       WHERE "chainId" = $1 AND "source" = 'dvp' AND "contract" = $2 AND "event" = 'OfferCreated'
         AND ($8::text IS NULL OR "token" = $8)
     ),
     closed AS (
       SELECT DISTINCT ON ("args"->>'id') "args"->>'id' AS id, "event", "args", "blockNumber", "txHash", "blockTime"
       FROM "MoneyLegEvent"
       WHERE "chainId" = $1 AND "source" = 'dvp' AND "contract" = $2 AND "event" IN ('OfferTaken', 'OfferCancelled', 'OfferReleased')
       ORDER BY "args"->>'id', "blockNumber", "logIndex"
     ),
     shown AS (
       SELECT c.*, a."name", a."symbol", a."decimals",
              x."event" AS "closedEvent", x."args" AS "closedArgs", x."blockNumber" AS "closedBlock", x."txHash" AS "closedTx",
              x."blockTime" AS "closedTime"
       FROM created c
       JOIN "Asset" a ON a."chainId" = $1 AND a."token" = c."token"
       LEFT JOIN closed x ON x.id = c.id
       WHERE (
           c."args"->>'seller' = $3
           OR (c."args"->>'paymentToken' = $4
               AND ($5::text[] IS NULL OR a."issuer" = ANY($5::text[]))
               AND (c."args"->>'buyer' = $3
                    OR (c."args"->>'buyer' = '${ZERO}' AND ($6 = 'open' OR x."args"->>'buyer' = $3))))
         )
         AND CASE WHEN $6 = 'open'
               THEN x.id IS NULL AND (c."args"->>'seller' = $3 OR (c."args"->>'expiry')::numeric > $7)
               ELSE x.id IS NOT NULL END
     )
     SELECT id, "token", "name", "symbol", "decimals", "args", "blockNumber"::text AS "blockNumber", "txHash", "blockTime",
            "closedEvent", "closedArgs", "closedBlock"::text AS "closedBlock", "closedTx", "closedTime", count(*) OVER ()::int AS total
     FROM shown
     ORDER BY shown."blockNumber" DESC, shown."logIndex" DESC
     LIMIT $9 OFFSET $10`,
    chainId,
    dvp,
    me,
    paymentToken ?? "",
    issuers,
    q.view,
    now,
    q.token ?? null,
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  const offers = await Promise.all(rows.map((r) => toDto(r, me, dvp, now)));
  return { ...empty, offers, total: rows.length ? Number(rows[0]!.total) : 0 };
}

const str = (v: unknown) => (v === null || v === undefined ? "0" : String(v));

async function toDto(r: Row, me: string, dvp: Address, now: number): Promise<OfferDto> {
  const a = r.args;
  const amount = BigInt(str(a.amount));
  const price = BigInt(str(a.price));
  const expiry = Number(a.expiry);
  const seller = String(a.seller).toLowerCase();
  const buyer = String(a.buyer).toLowerCase();
  let status: OfferStatusDto;
  if (r.closedEvent) {
    status = r.closedEvent === "OfferTaken" ? "Taken" : r.closedEvent === "OfferCancelled" ? "Cancelled" : "Released";
  } else {
    // Not closed in the index: the chain says whether it is still open (a close the index has not written yet).
    const onChain = await chainOfferStatus(dvp, BigInt(r.id));
    status = onChain === "Open" || onChain === "None" ? (expiry > now ? "Open" : "Expired") : onChain;
  }
  const closedBy = r.closedArgs ? String(r.closedEvent === "OfferTaken" ? r.closedArgs.buyer : r.closedArgs.by).toLowerCase() : "";
  return {
    id: r.id,
    token: r.token,
    name: r.name,
    symbol: r.symbol,
    decimals: r.decimals,
    amount: amount.toString(),
    paymentToken: await erc20Info(String(a.paymentToken) as Address),
    price: price.toString(),
    pricePerToken: amount > 0n ? ((price * 10n ** BigInt(r.decimals)) / amount).toString() : "0",
    seller,
    buyer: buyer === ZERO ? null : buyer,
    expiry,
    status,
    role: seller === me ? "seller" : buyer === me || (r.closedEvent === "OfferTaken" && closedBy === me) ? "buyer" : "open",
    created: { blockNumber: r.blockNumber, txHash: r.txHash, blockTime: r.blockTime.toISOString() },
    closed:
      r.closedEvent && r.closedBlock && r.closedTx && r.closedTime
        ? { event: r.closedEvent, by: closedBy, blockNumber: r.closedBlock, txHash: r.closedTx, blockTime: r.closedTime.toISOString() }
        : null,
  };
}
