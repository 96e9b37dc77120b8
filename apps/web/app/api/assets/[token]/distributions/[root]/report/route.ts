import { withSession } from "@/lib/api/with-session";
import { distributionReport } from "@/lib/distribution/report";
import { distributionParams, reportQuery } from "@/lib/distribution/schemas";

/**
 * GET /api/assets/[token]/distributions/[root]/report?recordBlock&type=entitlements|payments&id: the entitlement
 * report or the payment report (gross, withholding, net, claimed, transaction per investor) of the distribution (root
 * and record block) as a CSV download. The token's readers.
 */
export const GET = withSession(({ params, query }) => distributionReport(params.token, params.root, query), {
  params: distributionParams,
  query: reportQuery,
  permission: { asset: "token", can: "read" },
});
