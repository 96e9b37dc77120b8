import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { assetCrosschainQuery, getAssetCrosschain } from "@/lib/crosschain/crosschain";
import { addressParam } from "@/lib/shared/params";

/**
 * GET /api/assets/[token]/crosschain?page&pageSize: the asset of `token` (this chain) across its chains: supply per
 * chain, tokens in transit, and its holders by identity over every chain (largest first; pageSize at most 200).
 * Who may call it: the cap table's readers (the token's agents, its owner, holders of an AccessManager role of the
 * token, and compliance officers). 401 without a session, 403 for any other wallet, 400 on a bad address or query,
 * 404 when the asset is not indexed, 503 when the database cannot answer.
 */
export const GET = withSession(({ params: { token }, query }) => getAssetCrosschain(token, query), {
  params: z.object({ token: addressParam }),
  query: assetCrosschainQuery,
  permission: { asset: "token", can: "read" },
});
