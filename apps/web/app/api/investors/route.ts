import { errorResponse, respond } from "@/lib/api/errors";
import { requireComplianceOfficer } from "@/lib/auth/require";
import { exportInvestorsCsv, investorsQuery, listInvestors } from "@/lib/investors/list-investors";
import { csvResponse } from "@/lib/shared/csv";
import { queryObject } from "@/lib/shared/params";

/**
 * GET /api/investors?identityRegistry&page&pageSize&sort&dir&q&country&status[&format=csv]: registered wallets,
 * sorted, filtered and paged on the server; `format=csv` downloads every match.
 * Compliance officers only (an agent of the identity registry, read from the chain now): 401 without a session,
 * 403 for any other wallet, 400 on a bad query.
 */
export async function GET(req: Request): Promise<Response> {
  const q = investorsQuery.safeParse(queryObject(req.url));
  if (q.success && q.data.format === "csv") {
    try {
      await requireComplianceOfficer(req);
      return csvResponse("investors.csv", await exportInvestorsCsv(q.data));
    } catch (err) {
      return errorResponse(err);
    }
  }
  return respond(async () => {
    await requireComplianceOfficer(req);
    return listInvestors(investorsQuery.parse(queryObject(req.url)));
  });
}
