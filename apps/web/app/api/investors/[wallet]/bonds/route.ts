import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { listInvestorBonds } from "@/lib/bond/list-investor-bonds";
import { requireWalletReader } from "@/lib/permissions/guards";
import { addressParam } from "@/lib/shared/params";

const params = z.object({ wallet: addressParam });

/**
 * GET /api/investors/[wallet]/bonds: the bonds the wallet holds, with their maturity, what it may redeem at face value
 * now and whether redemptions are open (chain). The wallet itself or a compliance officer (401/403); 503 when the node
 * cannot answer.
 */
export const GET = withSession(({ params }) => listInvestorBonds(params.wallet), {
  params,
  permission: (session, { params }) => requireWalletReader(session, params.wallet),
});
