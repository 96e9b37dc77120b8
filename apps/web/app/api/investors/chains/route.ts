import { withSession } from "@/lib/api/with-session";
import { getInvestorsChains, investorsChainsQuery } from "@/lib/compliance/identity-sync-status";

/**
 * GET /api/investors/chains?wallets=0x…,0x…: per wallet (1 to 100; 400 beyond, or for an address that is not one),
 * whether each other chain holds the home chain's registry record, as GET /api/investors/[wallet]/chains answers for
 * one (compliance officers). The investors table asks once per page of rows.
 */
export const GET = withSession(({ query }) => getInvestorsChains(query.wallets), { query: investorsChainsQuery, permission: "compliance-officer" });
