import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { bondHoldersQuery, listBondHolders } from "@/lib/bond/get-bond";
import { addressParam } from "@/lib/shared/params";

const params = z.object({ token: addressParam });

/**
 * GET /api/assets/[token]/bond/holders?page&pageSize: the bond's holding wallets (index), largest first, for redemption
 * at maturity in batches. The asset's readers (401/403); 404 not indexed or not a bond; 400 bad paging (pageSize ≤ 500).
 */
export const GET = withSession(({ params, query }) => listBondHolders(params.token, query), {
  params,
  query: bondHoldersQuery,
  permission: { asset: "token", can: "read" },
});
