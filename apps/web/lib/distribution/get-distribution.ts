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
import { draftOf, draftsOf, paidOf, postingsOf, toDistributionDto, type Posting } from "./records";
import type { detailQuery, pageQuery } from "./schemas";
import type { DistributionDetailResponse, DistributionDto, DistributionListResponse, EntitlementDto, TokenInfoDto } from "./types";

interface EntitlementSqlRow {
  index: number;
  identity: string;
  wallet: string;
  country: number;
  units: string;
  gross: string;
  withholding: string;
  net: string;
  txHash: string | null;
  paidTo: string | null;
}

/**
 * A page of a stored distribution's entitlements in leaf order, each with its payment from the index (the
 * Distributor's `Claimed` of posting `id`; none while `id` is null).
 * @throws database errors
 */
export async function entitlementPage(token: string, root: string, id: string | null, page: number, pageSize: number): Promise<EntitlementDto[]> {
  const { chainId } = getServerConfig();
  const { rows } = await getDistributionPool().query<EntitlementSqlRow>(
    `SELECT e."index", e."identity", e."wallet", e."country", e."units"::text AS units, e."gross"::text AS gross,
            e."withholding"::text AS withholding, e."net"::text AS net, c."txHash", c."args"->>'wallet' AS "paidTo"
     FROM "DistributionEntitlement" AS e
     LEFT JOIN "MoneyLegEvent" AS c ON $4::text IS NOT NULL AND c."chainId" = e."chainId" AND c."token" = e."token"
       AND c."source" = 'distributor' AND c."event" = 'Claimed' AND c."args"->>'id' = $4 AND c."args"->>'index' = e."index"::text
     WHERE e."chainId" = $1 AND e."token" = $2 AND e."root" = $3 AND e."index" >= $5 AND e."index" < $6
     ORDER BY e."index"`,
    [chainId, token.toLowerCase(), root, id, (page - 1) * pageSize, page * pageSize],
  );
  return rows.map((r) => ({
    index: r.index,
    identity: r.identity,
    wallet: r.wallet,
    country: r.country,
    units: r.units,
    gross: r.gross,
    withholding: r.withholding,
    net: r.net,
    claimed: r.txHash !== null,
    txHash: r.txHash,
    paidTo: r.paidTo,
  }));
}

/** Payment-token metadata for several addresses at once. */
async function tokenInfos(addresses: Iterable<string>): Promise<Map<string, TokenInfoDto>> {
  const unique = [...new Set(addresses)];
  const infos = await Promise.all(unique.map((a) => erc20Info(a)));
  return new Map(unique.map((a, i) => [a, infos[i]!]));
}

/**
 * The distributions of an asset, newest first: each stored draft with its postings (one row per posting; a draft not
 * posted yet is one "draft" row), and postings made outside this app; claimed, remaining and status from the index,
 * read once it has reached the chain head. Also whether the signed-in wallet holds CORPORATE_ACTIONS.
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
  const byRoot = new Map<string, Posting[]>();
  for (const p of postings) byRoot.set(p.root, [...(byRoot.get(p.root) ?? []), p]);
  for (const d of drafts) {
    const ps = byRoot.get(d.root) ?? [];
    byRoot.delete(d.root);
    if (ps.length === 0) rows.push({ at: d.createdAt.getTime(), dto: toDistributionDto(lower, d, null, undefined, infos.get(d.paymentToken)!, now) });
    for (const p of ps) rows.push({ at: d.createdAt.getTime() + 1, dto: toDistributionDto(lower, d, p, paid.get(p.id), infos.get(p.paymentToken)!, now) });
  }
  for (const ps of byRoot.values()) for (const p of ps) rows.push({ at: 0, dto: toDistributionDto(lower, null, p, paid.get(p.id), infos.get(p.paymentToken)!, now) });
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
 * One stored distribution (by root) and a page of its entitlements with claimed yes/no and the transaction, for its
 * posting `id` (default: the latest posting of that root; none for a draft).
 * @throws ApiError NOT_FOUND (no such draft or posting of this asset), CHAIN_UNAVAILABLE, INDEX_BEHIND; database errors
 */
export async function getDistributionDetail(token: Address, root: string, q: z.infer<typeof detailQuery>): Promise<DistributionDetailResponse> {
  const lower = token.toLowerCase();
  await indexAtHead();
  const [draft, postings, now] = await Promise.all([draftOf(lower, root), postingsOf(lower, root), chainNow()]);
  const posting = q.id ? (postings.find((p) => p.id === q.id) ?? null) : (postings[0] ?? null);
  if (q.id && !posting) throw new ApiError(ErrorCode.NOT_FOUND, `Distribution ${q.id} of this asset has another root, or is not indexed.`);
  if (!draft && !posting) throw new ApiError(ErrorCode.NOT_FOUND, `No distribution with root ${root} for this asset.`);
  const paid = posting ? await paidOf(lower, [posting.id]) : new Map();
  const info = await erc20Info(posting?.paymentToken ?? draft!.paymentToken);
  return {
    distribution: toDistributionDto(lower, draft, posting, posting ? paid.get(posting.id) : undefined, info, now),
    entitlements: draft ? await entitlementPage(lower, root, posting?.id ?? null, q.page, q.pageSize) : [],
    page: q.page,
    pageSize: q.pageSize,
    now,
  };
}
