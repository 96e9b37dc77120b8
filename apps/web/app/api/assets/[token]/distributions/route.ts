import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { requireCorporateActions } from "@/lib/distribution/chain";
import { draftDistribution } from "@/lib/distribution/draft-distribution";
import { listDistributions } from "@/lib/distribution/get-distribution";
import { draftBody, pageQuery } from "@/lib/distribution/schemas";
import { addressParam } from "@/lib/shared/params";

const params = z.object({ token: addressParam });

/**
 * GET /api/assets/[token]/distributions?page&pageSize (≤ 100): the asset's distributions (drafts and postings: record
 * date, total, claimed, remaining, deadline, status) and whether the wallet holds CORPORATE_ACTIONS. The token's
 * readers (agents, owner, role holders, compliance officers); 401, 403, 404 not indexed, 503.
 */
export const GET = withSession(({ session, params, query }) => listDistributions(session, params.token, query), {
  params,
  query: pageQuery,
  permission: { asset: "token", can: "read" },
});

/**
 * POST /api/assets/[token]/distributions: drafts a distribution (entitlements at the record date from the index,
 * their Merkle root and totals), stores it with its leaves (idempotent by root and record block) and answers the root
 * and total to fund and post, with the first page of entitlements. 409 in words for a true duplicate: the same root at
 * the same record block already posted (the same root at another record block is another distribution). CORPORATE_ACTIONS on an asset the platform deployed (403/404);
 * 400 in words for bad terms (a record date in the future, a zero amount, a deadline passed, nobody entitled).
 */
export const POST = withSession(({ session, params, body }) => draftDistribution(session, params.token, body), {
  params,
  body: draftBody,
  permission: (session, { params }) => requireCorporateActions(session, params.token),
});
