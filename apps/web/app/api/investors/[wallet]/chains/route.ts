import { withSession } from "@/lib/api/with-session";
import { investorWalletParam } from "@/lib/compliance/get-investor";
import { getInvestorChains } from "@/lib/compliance/identity-sync-status";

/**
 * GET /api/investors/[wallet]/chains: whether each other chain holds the home chain's registry record of the wallet
 * (current, pending, out-of-date, not linked, unavailable), with the home chain's IdentitySync (compliance officers).
 */
export const GET = withSession(({ params }) => getInvestorChains(params.wallet), { params: investorWalletParam, permission: "compliance-officer" });
