import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { capTableQuery, exportCapTableCsv, getCapTable } from "@/lib/assets/get-cap-table";
import { addressParam } from "@/lib/shared/params";

/**
 * GET /api/assets/[token]/cap-table?page&pageSize&sort&dir&q&country&frozen&asOfBlock|asOfDate[&format=csv]:
 * holders (largest first by default), now or at a record date; `format=csv` streams every matching holder
 * (columns: CAP_TABLE_CSV_HEADER).
 * Who may call it (roles from the index at the chain head): the token's agents, its owner, holders of an AccessManager role
 * of the token, and compliance officers. 401 without a session, 403 for any other wallet, 400 on a bad address or
 * query, 404 when the asset is not indexed.
 */
export const GET = withSession(
  async ({ params: { token }, query }) => {
    if (query.format !== "csv") return getCapTable(token, query);
    return exportCapTableCsv(token, query);
  },
  { params: z.object({ token: addressParam }), query: capTableQuery, permission: { asset: "token", can: "read" } },
);
