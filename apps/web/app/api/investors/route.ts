import { withSession } from "@/lib/api/with-session";
import { exportInvestorsCsv, investorsQuery, listInvestors } from "@/lib/compliance/list-investors";
import { csvResponse } from "@/lib/shared/csv";

/**
 * GET /api/investors?identityRegistry&page&pageSize&sort&dir&q&country&status[&format=csv]: registered wallets,
 * sorted, filtered and paged on the server; `format=csv` downloads every match.
 * Compliance officers only (an agent of the identity registry, read from the chain now): 401 without a session,
 * 403 for any other wallet, 400 on a bad query.
 */
export const GET = withSession(
  async ({ query }) => (query.format === "csv" ? csvResponse("investors.csv", await exportInvestorsCsv(query)) : listInvestors(query)),
  { query: investorsQuery, permission: "compliance-officer" },
);
