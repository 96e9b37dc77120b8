import { withSession } from "@/lib/api/with-session";
import { getInvestorDetail, investorWalletParam } from "@/lib/compliance/get-investor";

/** GET /api/investors/[wallet]: the registry record now, the identity's other wallets and its claims (compliance officers). */
export const GET = withSession(({ params }) => getInvestorDetail(params.wallet), { params: investorWalletParam, permission: "compliance-officer" });
