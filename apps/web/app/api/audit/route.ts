import { errorResponse, respond } from "@/lib/api/errors";
import { readJson } from "@/lib/api/body";
import { auditQuery, exportAuditCsv, listAuditEntries } from "@/lib/audit/list-audit-entries";
import { recordAuditBody, recordAuditEntry } from "@/lib/audit/record-audit-entry";
import { csvResponse } from "@/lib/shared/csv";
import { queryObject } from "@/lib/shared/params";

/**
 * GET /api/audit?token&actor&subject&action&since&until&sort&page&pageSize[&format=csv]: the audit log
 * (compliance officers: all; token agents: their token's entries).
 */
export async function GET(req: Request): Promise<Response> {
  const q = auditQuery.safeParse(queryObject(req.url));
  if (q.success && q.data.format === "csv") {
    try {
      const csv = await exportAuditCsv(req, q.data);
      return csvResponse(`audit-log${q.data.token ? `-${q.data.token}` : ""}.csv`, csv);
    } catch (err) {
      return errorResponse(err);
    }
  }
  return respond(async () => listAuditEntries(req, auditQuery.parse(queryObject(req.url))));
}

/** POST /api/audit `{ txHash, reason }`: records the signed-in agent's or officer's operation (see recordAuditEntry). */
export async function POST(req: Request): Promise<Response> {
  return respond(async () => recordAuditEntry(req, recordAuditBody.parse(await readJson(req))));
}
