import { withSession } from "@/lib/api/with-session";
import { getDistributionDetail } from "@/lib/distribution/get-distribution";
import { detailQuery, distributionParams } from "@/lib/distribution/schemas";

/**
 * GET /api/assets/[token]/distributions/[root]?recordBlock&id&page&pageSize (≤ 100): one distribution (its root AND
 * record block; 400 without a record block) and a page of its entitlements (identity, country, units, gross,
 * withholding, net, claimed and its transaction). The token's readers.
 */
export const GET = withSession(({ params, query }) => getDistributionDetail(params.token, params.root, query), {
  params: distributionParams,
  query: detailQuery,
  permission: { asset: "token", can: "read" },
});
