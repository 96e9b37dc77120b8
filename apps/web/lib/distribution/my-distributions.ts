import type { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { indexAtHead } from "../index/at-head";
import { chainNow, erc20Info } from "../chain/contract-reads";
import { getDistributionPool } from "./pool";
import { draftOf, postingOf } from "./records";
import type { pageQuery, proofQuery } from "./schemas";
import { treeOf } from "./tree-cache";
import type { LeafPayment, MyDistributionsResponse, MyEntitlementDto, ProofResponse, StoredEntitlement } from "./types";

/**
 * The holder keys of the signed-in wallet: the identities the index has it registered to (any identity registry of
 * this chain), and the wallet itself (a holding wallet the registry has no record of is its own key). Entitlements
 * are matched by these only: an investor never sees another identity's.
 */
export async function holderKeysOf(session: Session): Promise<string[]> {
  const { chainId } = getServerConfig();
  const wallet = session.address.toLowerCase();
  const rows = await getPrisma().investor.findMany({ where: { chainId, wallet }, select: { identity: true } });
  return [...new Set([...rows.map((r) => r.identity.toLowerCase()), wallet])];
}

/** One row of the investor's entitlements query: the leaf, its distribution's terms and posting, its payment. */
interface MySqlRow extends Pick<StoredEntitlement, "index" | "identity" | "gross" | "withholding" | "net">, LeafPayment {
  token: string;
  name: string;
  symbol: string;
  root: string;
  id: string;
  contract: string;
  kind: string;
  couponNumber: number | null;
  recordBlock: string;
  recordDay: string | null;
  paymentToken: string;
  claimDeadline: string;
  reclaimed: boolean;
  paused: boolean;
  total: number;
}

/**
 * The signed-in investor's entitlements across assets, newest posting first: only distributions posted on-chain (the
 * index has a `DistributionCreated` with their root AND record date; when several match, the first by block and log
 * index is the distribution's posting) with every leaf stored, and only the leaves of the wallet's own identities;
 * each with its status at the chain's time (claimed, with the transaction; expired; reclaimed; paused by the issuer;
 * claimable). Two
 * distributions with one root (equal entitlements at two record dates) are two entitlements, each with its own
 * posting and claims.
 * @throws ApiError CHAIN_UNAVAILABLE, INDEX_BEHIND; database errors
 */
export async function listMyDistributions(session: Session, q: z.infer<typeof pageQuery>): Promise<MyDistributionsResponse> {
  const { chainId } = getServerConfig();
  await indexAtHead();
  const [keys, now] = await Promise.all([holderKeysOf(session), chainNow()]);
  const { rows } = await getDistributionPool().query<MySqlRow>(
    `SELECT e."token", a."name", a."symbol", e."root", p."args"->>'id' AS id, p."contract", d."kind", d."couponNumber",
            (p."args"->>'recordDate') AS "recordBlock", d."recordDay", d."paymentToken", e."index", e."identity",
            e."gross"::text AS gross, e."withholding"::text AS withholding, e."net"::text AS net,
            p."args"->>'claimDeadline' AS "claimDeadline", c."txHash", c."args"->>'wallet' AS "paidTo",
            EXISTS (SELECT 1 FROM "MoneyLegEvent" AS r WHERE r."chainId" = p."chainId" AND r."contract" = p."contract"
                    AND r."event" = 'Reclaimed' AND r."args"->>'id' = p."args"->>'id') AS reclaimed,
            COALESCE((SELECT s."event" = 'DistributionPaused' FROM "MoneyLegEvent" AS s
                      WHERE s."chainId" = p."chainId" AND s."contract" = p."contract"
                        AND s."event" IN ('DistributionPaused', 'DistributionUnpaused') AND s."args"->>'id' = p."args"->>'id'
                      ORDER BY s."blockNumber" DESC, s."logIndex" DESC LIMIT 1), false) AS paused,
            (count(*) OVER ())::int AS total
     FROM "DistributionEntitlement" AS e
     JOIN "Distribution" AS d ON d."chainId" = e."chainId" AND d."token" = e."token" AND d."root" = e."root"
       AND d."recordBlock" = e."recordBlock" AND d."storedLeaves" = d."holders"
     JOIN "Asset" AS a ON a."chainId" = e."chainId" AND a."token" = e."token"
     JOIN LATERAL (
       SELECT f.* FROM "MoneyLegEvent" AS f
       WHERE f."chainId" = e."chainId" AND f."token" = e."token" AND f."source" = 'distributor' AND f."event" = 'DistributionCreated'
         AND lower(f."args"->>'root') = e."root" AND f."args"->>'recordDate' = e."recordBlock"::text
       ORDER BY f."blockNumber", f."logIndex" LIMIT 1
     ) AS p ON true
     LEFT JOIN "MoneyLegEvent" AS c ON c."chainId" = p."chainId" AND c."contract" = p."contract" AND c."event" = 'Claimed'
       AND c."args"->>'id' = p."args"->>'id' AND c."args"->>'index' = e."index"::text
     WHERE e."chainId" = $1 AND e."identity" = ANY($2::text[])
     ORDER BY p."blockNumber" DESC, p."logIndex" DESC, e."index"
     LIMIT $3 OFFSET $4`,
    [chainId, keys, q.pageSize, (q.page - 1) * q.pageSize],
  );
  const infos = new Map<string, Awaited<ReturnType<typeof erc20Info>>>();
  for (const a of new Set(rows.map((r) => r.paymentToken))) infos.set(a, await erc20Info(a));
  const entitlements = rows.map((r): MyEntitlementDto => {
    const deadline = Number(r.claimDeadline);
    return {
      token: r.token,
      assetName: r.name,
      assetSymbol: r.symbol,
      root: r.root,
      id: r.id,
      distributor: r.contract,
      kind: r.kind === "coupon" ? "coupon" : "dividend",
      couponNumber: r.couponNumber,
      recordBlock: r.recordBlock,
      recordTime: r.recordDay,
      paymentToken: infos.get(r.paymentToken)!,
      index: r.index,
      identity: r.identity,
      gross: r.gross,
      withholding: r.withholding,
      net: r.net,
      claimDeadline: deadline,
      status: r.txHash ? "claimed" : r.reclaimed ? "reclaimed" : now > deadline ? "expired" : r.paused ? "paused" : "claimable",
      txHash: r.txHash,
      paidTo: r.paidTo,
    };
  });
  return { entitlements, total: rows[0]?.total ?? 0, page: q.page, pageSize: q.pageSize, now, identities: keys };
}

/**
 * The proof of one of the signed-in investor's entitlements in the distribution (root, record block) (computed from
 * the stored leaves, cached by root), with the posting it claims from: the first `DistributionCreated` of that root
 * and record date (block, then log index).
 * @throws ApiError NOT_FOUND (no such leaf of a stored distribution of this asset), FORBIDDEN (the leaf is another
 *   investor's), CONFLICT (not posted yet, or its leaves are not all stored); database errors
 */
export async function myProof(session: Session, q: z.infer<typeof proofQuery>): Promise<ProofResponse> {
  const { chainId } = getServerConfig();
  const token = q.token.toLowerCase();
  const key = { root: q.root, recordBlock: q.recordBlock };
  const [draft, leaf, keys] = await Promise.all([
    draftOf(token, key),
    getPrisma().distributionEntitlement.findUnique({
      where: { chainId_token_root_recordBlock_index: { chainId, token, root: q.root, recordBlock: q.recordBlock, index: q.index } },
    }),
    holderKeysOf(session),
  ]);
  if (!draft || !leaf) throw new ApiError(ErrorCode.NOT_FOUND, "No such entitlement.");
  if (!keys.includes(leaf.identity)) throw new ApiError(ErrorCode.FORBIDDEN, "This entitlement belongs to another investor.");
  if (draft.storedLeaves !== draft.holders) throw new ApiError(ErrorCode.CONFLICT, "This distribution's entitlements are not all stored yet.");
  const posting = await postingOf(token, key);
  if (!posting) throw new ApiError(ErrorCode.CONFLICT, "This distribution is not posted yet: there is nothing to claim.");
  const tree = await treeOf(token, key, draft.holders);
  return { distributor: posting.contract, id: posting.id, index: leaf.index, identity: leaf.identity, amount: leaf.net.toFixed(), proof: tree.proof(leaf.index) };
}
