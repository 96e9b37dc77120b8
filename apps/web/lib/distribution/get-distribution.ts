import type { Address } from "viem";
import type { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { indexAtHead } from "../index/at-head";
import { getKnownAsset } from "../permissions/actions";
import { isCorporateActions, platformMoneyContracts } from "./chain";
import { chainNow, erc20Info } from "../chain/contract-reads";
import { getDistributionPool } from "./pool";
import { draftOf, draftsOf, keyText, paidOf, postingOf, postingsOf, toDistributionDto, type DistributionKey, type Posting } from "./records";
import type { detailQuery, pageQuery } from "./schemas";
import type { DistributionDetailResponse, DistributionDto, DistributionListResponse, EntitlementDto, LeafPayment, StoredEntitlement, TokenInfoDto } from "./types";

/**
 * A page of a stored distribution's entitlements in leaf order, each with its payment from the index (the
 * Distributor's `Claimed` of posting `id`; none while `id` is null).
 * @throws database errors
 */
export async function entitlementPage(token: string, key: DistributionKey, id: string | null, page: number, pageSize: number): Promise<EntitlementDto[]> {
  const { chainId } = getServerConfig();
  const { rows } = await getDistributionPool().query<StoredEntitlement & LeafPayment>(
    `SELECT e."index", e."identity", e."wallet", e."country", e."units"::text AS units, e."gross"::text AS gross,
            e."withholding"::text AS withholding, e."net"::text AS net, c."txHash", c."args"->>'wallet' AS "paidTo"
     FROM "DistributionEntitlement" AS e
     LEFT JOIN "MoneyLegEvent" AS c ON $5::text IS NOT NULL AND c."chainId" = e."chainId" AND c."token" = e."token"
       AND c."source" = 'distributor' AND c."event" = 'Claimed' AND c."args"->>'id' = $5 AND c."args"->>'index' = e."index"::text
     WHERE e."chainId" = $1 AND e."token" = $2 AND e."root" = $3 AND e."recordBlock" = $4 AND e."index" >= $6 AND e."index" < $7
     ORDER BY e."index"`,
    [chainId, token.toLowerCase(), key.root, key.recordBlock.toString(), id, (page - 1) * pageSize, page * pageSize],
  );
  return rows.map((r) => ({ ...r, claimed: r.txHash !== null }));
}

/** Payment-token metadata for several addresses at once. */
async function tokenInfos(addresses: Iterable<string>): Promise<Map<string, TokenInfoDto>> {
  const unique = [...new Set(addresses)];
  const infos = await Promise.all(unique.map((a) => erc20Info(a)));
  return new Map(unique.map((a, i) => [a, infos[i]!]));
}

/**
 * The distributions of an asset, newest first: each stored draft with its postings (those of its root AND record
 * date; one row per posting; a draft not posted yet is one "draft" row), and postings made outside this app; claimed,
 * remaining and status from the index, read once it has reached the chain head. Also whether the signed-in wallet
 * holds CORPORATE_ACTIONS.
 * @throws ApiError NOT_FOUND (asset not indexed), CHAIN_UNAVAILABLE, INDEX_BEHIND; database errors
 */
export async function listDistributions(session: Session, token: Address, q: z.infer<typeof pageQuery>): Promise<DistributionListResponse> {
  const lower = token.toLowerCase();
  const asset = await getKnownAsset(lower as Address);
  if (!asset) throw new ApiError(ErrorCode.NOT_FOUND, `No asset ${lower} deployed by this platform's factory is indexed.`);
  await indexAtHead();
  const [drafts, postings, now, platform, corporateActions, share] = await Promise.all([
    draftsOf(lower),
    postingsOf(lower),
    chainNow(),
    platformMoneyContracts(),
    isCorporateActions(lower as Address, session.address),
    erc20Info(lower),
  ]);
  const paid = await paidOf(lower, postings.map((p) => p.id));
  const infos = await tokenInfos([...drafts.map((d) => d.paymentToken), ...postings.map((p) => p.paymentToken), ...(platform.paymentToken ? [platform.paymentToken] : [])]);
  const rows: Array<{ at: number; dto: DistributionDto }> = [];
  // A draft's postings are those of its root AND record date (in chain order: the first is its posting).
  const byKey = new Map<string, Posting[]>();
  for (const p of postings) {
    const k = keyText({ root: p.root, recordBlock: p.recordDate });
    byKey.set(k, [...(byKey.get(k) ?? []), p]);
  }
  for (const d of drafts) {
    const k = keyText(d);
    const ps = byKey.get(k) ?? [];
    byKey.delete(k);
    if (ps.length === 0) rows.push({ at: d.createdAt.getTime(), dto: toDistributionDto(lower, d, null, undefined, infos.get(d.paymentToken)!, now) });
    for (const p of ps) rows.push({ at: d.createdAt.getTime() + 1, dto: toDistributionDto(lower, d, p, paid.get(p.id), infos.get(p.paymentToken)!, now) });
  }
  for (const ps of byKey.values()) for (const p of ps) rows.push({ at: 0, dto: toDistributionDto(lower, null, p, paid.get(p.id), infos.get(p.paymentToken)!, now) });
  rows.sort((a, b) => b.at - a.at || Number(b.dto.id ?? 0) - Number(a.dto.id ?? 0));
  const start = (q.page - 1) * q.pageSize;
  return {
    distributions: rows.slice(start, start + q.pageSize).map((r) => r.dto),
    now,
    corporateActions,
    distributor: platform.distributor,
    paymentToken: platform.paymentToken ? infos.get(platform.paymentToken)! : null,
    tokenDecimals: share.decimals,
  };
}

/**
 * One distribution (by root and record block: a stored draft, its posting, or both) and a page of its entitlements
 * with claimed yes/no and the transaction. Its posting is the first `DistributionCreated` of that root and record date
 * (block, then log index); `id` picks a later posting of the same pair (the same entitlements posted twice).
 * @throws ApiError NOT_FOUND (no such draft or posting of this asset), CHAIN_UNAVAILABLE, INDEX_BEHIND; database errors
 */
export async function getDistributionDetail(token: Address, root: string, q: z.infer<typeof detailQuery>): Promise<DistributionDetailResponse> {
  const lower = token.toLowerCase();
  const key = { root, recordBlock: q.recordBlock };
  await indexAtHead();
  const [draft, posting, now] = await Promise.all([draftOf(lower, key), postingOf(lower, key, q.id), chainNow()]);
  if (!draft && !posting) throw new ApiError(ErrorCode.NOT_FOUND, `No distribution with root ${root} at record block ${q.recordBlock} for this asset.`);
  const paid = posting ? await paidOf(lower, [posting.id]) : new Map();
  const info = await erc20Info(posting?.paymentToken ?? draft!.paymentToken);
  return {
    distribution: toDistributionDto(lower, draft, posting, posting ? paid.get(posting.id) : undefined, info, now),
    entitlements: draft ? await entitlementPage(lower, key, posting?.id ?? null, q.page, q.pageSize) : [],
    page: q.page,
    pageSize: q.pageSize,
    now,
  };
}
