import { ApiError, ErrorCode } from "../api/errors";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { getDistributionPool } from "./pool";
import type { EntitlementRow } from "@tessera/db";
import type { DistributionDto, DistributionKind, DistributionStatus, StoredEntitlement, TokenInfoDto } from "./types";

/**
 * What the index says about an asset's distributions (the Distributor's events in MoneyLegEvent, source
 * "distributor"), and the DTO that joins a stored draft with its posting. Amounts are bigint base units here.
 */

/** A posting: the Distributor's `DistributionCreated` for an asset, from the index. */
export interface Posting {
  id: string;
  root: string;
  contract: string;
  paymentToken: string;
  total: bigint;
  recordDate: bigint;
  claimDeadline: number;
  txHash: string;
  blockNumber: bigint;
}

/**
 * What has been paid and taken back of one posting (the index's `Claimed` and `Reclaimed` rows), and whether its
 * claims are suspended (its latest `DistributionPaused` / `DistributionUnpaused`).
 */
export interface Paid {
  claimed: bigint;
  count: number;
  reclaimed: bigint;
  paused: boolean;
}

const NONE: Paid = { claimed: 0n, count: 0, reclaimed: 0n, paused: false };

/** What identifies a distribution of an asset: its Merkle root (lower-case) and its record block. */
export interface DistributionKey {
  root: string;
  recordBlock: bigint;
}

/** One text key per distribution, e.g. for maps: `root:recordBlock`. */
export const keyText = (k: DistributionKey) => `${k.root.toLowerCase()}:${k.recordBlock}`;

/**
 * The postings of `token` (all, or those of one distribution: its root AND record date), in chain order (block, then
 * log index): for one distribution the first is its posting, and any later one is the same entitlements posted again
 * at the same record date (the Distributor accepts a root twice, each with its own id).
 * @throws database errors (503 by the route)
 */
export async function postingsOf(token: string, key?: DistributionKey): Promise<Posting[]> {
  const { chainId } = getServerConfig();
  const { rows } = await getDistributionPool().query<{
    id: string;
    root: string;
    contract: string;
    paymentToken: string;
    total: string;
    recordDate: string;
    claimDeadline: string;
    txHash: string;
    blockNumber: string;
  }>(
    `SELECT "args"->>'id' AS id, lower("args"->>'root') AS root, "contract", lower("args"->>'paymentToken') AS "paymentToken",
            "args"->>'total' AS total, "args"->>'recordDate' AS "recordDate", "args"->>'claimDeadline' AS "claimDeadline",
            "txHash", "blockNumber"::text AS "blockNumber"
     FROM "MoneyLegEvent"
     WHERE "chainId" = $1 AND "token" = $2 AND "source" = 'distributor' AND "event" = 'DistributionCreated'
       AND ($3::text IS NULL OR (lower("args"->>'root') = $3 AND "args"->>'recordDate' = $4::text))
     ORDER BY "blockNumber", "logIndex"`,
    [chainId, token.toLowerCase(), key?.root.toLowerCase() ?? null, key?.recordBlock.toString() ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    root: r.root,
    contract: r.contract,
    paymentToken: r.paymentToken,
    total: BigInt(r.total),
    recordDate: BigInt(r.recordDate),
    claimDeadline: Number(r.claimDeadline),
    txHash: r.txHash,
    blockNumber: BigInt(r.blockNumber),
  }));
}

/**
 * The posting of one distribution: the first `DistributionCreated` of its root and record date (block, then log
 * index), or, with `id`, that later posting of the same root and record date. Null when not posted (or not indexed).
 * @throws ApiError NOT_FOUND (an `id` that is not a posting of this distribution); database errors
 */
export async function postingOf(token: string, key: DistributionKey, id?: string): Promise<Posting | null> {
  const postings = await postingsOf(token, key);
  if (!id) return postings[0] ?? null;
  const posting = postings.find((p) => p.id === id);
  if (!posting) {
    throw new ApiError(ErrorCode.NOT_FOUND, `Distribution ${id} of this asset has another root or record date, or is not indexed.`);
  }
  return posting;
}

/**
 * Paid and reclaimed amounts per posting id of `token`, and whether its claims are paused now (ids not listed paid
 * nothing and were never paused).
 * @throws database errors
 */
export async function paidOf(token: string, ids: readonly string[]): Promise<Map<string, Paid>> {
  const out = new Map<string, Paid>();
  if (ids.length === 0) return out;
  const { chainId } = getServerConfig();
  const { rows } = await getDistributionPool().query<{ id: string; claimed: string; count: number; reclaimed: string; paused: boolean }>(
    `SELECT "args"->>'id' AS id,
            COALESCE(sum(("args"->>'amount')::numeric) FILTER (WHERE "event" = 'Claimed'), 0)::text AS claimed,
            (count(*) FILTER (WHERE "event" = 'Claimed'))::int AS count,
            COALESCE(sum(("args"->>'amount')::numeric) FILTER (WHERE "event" = 'Reclaimed'), 0)::text AS reclaimed,
            COALESCE((array_agg("event" ORDER BY "blockNumber" DESC, "logIndex" DESC)
                      FILTER (WHERE "event" IN ('DistributionPaused', 'DistributionUnpaused')))[1] = 'DistributionPaused', false) AS paused
     FROM "MoneyLegEvent"
     WHERE "chainId" = $1 AND "token" = $2 AND "source" = 'distributor'
       AND "event" IN ('Claimed', 'Reclaimed', 'DistributionPaused', 'DistributionUnpaused')
       AND "args"->>'id' = ANY($3::text[])
     GROUP BY 1`,
    [chainId, token.toLowerCase(), ids],
  );
  for (const r of rows) out.set(r.id, { claimed: BigInt(r.claimed), count: r.count, reclaimed: BigInt(r.reclaimed), paused: r.paused });
  return out;
}

/** A stored draft (the `Distribution` row). */
export type DraftRow = NonNullable<Awaited<ReturnType<ReturnType<typeof getPrisma>["distribution"]["findUnique"]>>>;

/** The drafts of `token`, newest first (at most `limit`). */
export async function draftsOf(token: string, limit = 500): Promise<DraftRow[]> {
  const { chainId } = getServerConfig();
  return getPrisma().distribution.findMany({ where: { chainId, token: token.toLowerCase() }, orderBy: { createdAt: "desc" }, take: limit });
}

/** One stored draft (by root and record block), or null. */
export async function draftOf(token: string, key: DistributionKey): Promise<DraftRow | null> {
  const { chainId } = getServerConfig();
  return getPrisma().distribution.findUnique({
    where: { chainId_token_root_recordBlock: { chainId, token: token.toLowerCase(), root: key.root.toLowerCase(), recordBlock: key.recordBlock } },
  });
}

/** A stored entitlement (decimal strings, as SQL `::text` reads them) back in base units, as @tessera/db's row. */
export function entitlementRowOf(e: StoredEntitlement): EntitlementRow {
  return { ...e, units: BigInt(e.units), gross: BigInt(e.gross), withholding: BigInt(e.withholding), net: BigInt(e.net) };
}

const dec = (d: { toFixed(): string } | null | undefined) => (d ? d.toFixed() : null);

/** Where a posting stands at chain time `now`. */
export function statusOf(p: Posting | null, paid: Paid, now: number): DistributionStatus {
  if (!p) return "draft";
  if (paid.reclaimed > 0n) return "reclaimed";
  if (paid.claimed >= p.total) return "paid";
  if (now > p.claimDeadline) return "expired";
  if (paid.paused) return "paused";
  return "open";
}

/**
 * The DTO of a draft and/or its posting (a posting without a stored draft: made outside this app; its entitlements
 * are unknown here).
 */
export function toDistributionDto(
  token: string,
  draft: DraftRow | null,
  posting: Posting | null,
  paid: Paid | undefined,
  paymentToken: TokenInfoDto,
  now: number,
): DistributionDto {
  const p = paid ?? NONE;
  const total = posting ? posting.total : draft ? BigInt(draft.net.toFixed()) : 0n;
  const claimed = posting ? p.claimed : 0n;
  const remaining = posting && p.reclaimed === 0n ? total - claimed : 0n;
  return {
    token: token.toLowerCase(),
    root: draft?.root ?? posting!.root,
    kind: (draft?.kind as DistributionKind | undefined) ?? "dividend",
    couponNumber: draft?.couponNumber ?? null,
    recordBlock: (posting?.recordDate ?? draft!.recordBlock).toString(),
    recordDay: draft?.recordDay ?? null,
    paymentToken,
    totalAmount: dec(draft?.totalAmount),
    ratePerUnit: dec(draft?.ratePerUnit),
    withholdingBps: (draft?.withholdingBps as Record<string, number> | undefined) ?? {},
    excluded: draft?.excluded ?? [],
    includeFrozen: draft?.includeFrozen ?? true,
    totals: draft
      ? { holders: draft.holders, units: draft.units.toFixed(), gross: draft.gross.toFixed(), withholding: draft.withholding.toFixed(), net: draft.net.toFixed() }
      : { holders: 0, units: "0", gross: "0", withholding: "0", net: total.toString() },
    complete: draft !== null && draft.storedLeaves === draft.holders,
    id: posting?.id ?? null,
    total: total.toString(),
    claimed: claimed.toString(),
    claimedCount: posting ? p.count : 0,
    reclaimed: p.reclaimed.toString(),
    remaining: remaining.toString(),
    claimDeadline: posting?.claimDeadline ?? Number(draft!.claimDeadline),
    status: statusOf(posting, p, now),
    postedTxHash: posting?.txHash ?? null,
    createdBy: draft?.createdBy ?? "",
    createdAt: (draft?.createdAt ?? new Date(0)).toISOString(),
  };
}
