import { withSession } from "@/lib/api/with-session";
import { requireCorporateActions } from "@/lib/distribution/chain";
import { unpaidLeaves } from "@/lib/distribution/payments";
import { distributionParams, paymentsQuery } from "@/lib/distribution/schemas";

/**
 * GET /api/assets/[token]/distributions/[root]/payments?recordBlock&id&limit (≤ 200): the unpaid leaves of a posted
 * distribution (root and record block) with the wallet to pay and their proofs, for "Push payments".
 * CORPORATE_ACTIONS only.
 */
export const GET = withSession(({ params, query }) => unpaidLeaves(params.token, params.root, query), {
  params: distributionParams,
  query: paymentsQuery,
  permission: (session, { params }) => requireCorporateActions(session, params.token),
});
