import { withSession } from "@/lib/api/with-session";
import { auditQuery, exportAuditCsv, listAuditEntries } from "@/lib/audit/list-audit-entries";
import { recordAuditBody, recordAuditEntry } from "@/lib/audit/record-audit-entry";
import { requireAuditReader } from "@/lib/permissions/guards";
import { csvResponse } from "@/lib/shared/csv";

/**
 * GET /api/audit?token&actor&subject&action&since&until&sort&page&pageSize[&format=csv]: the audit log
 * (compliance officers: all; a token's agents, owner and role holders: their token's entries).
 */
export const GET = withSession(
  async ({ query }) =>
    query.format === "csv" ? csvResponse(`audit-log${query.token ? `-${query.token}` : ""}.csv`, await exportAuditCsv(query)) : listAuditEntries(query),
  { query: auditQuery, permission: (session, { query }) => requireAuditReader(session, query.token) },
);

/** POST /api/audit `{ txHash, reason }`: records the signed-in agent's or officer's operation (see recordAuditEntry). */
export const POST = withSession(({ session, body }) => recordAuditEntry(session, body), { body: recordAuditBody });
