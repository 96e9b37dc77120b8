import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { getTokenRoles, isComplianceOfficer } from "../auth/get-roles";
import { requireSession } from "../auth/require";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import type { AuditEntryDto, AuditListResponse } from "../shared/api-types";
import { toCsv } from "../shared/csv";
import { addressParam, dayParam, paginationQuery } from "../shared/params";
import { toAuditEntryDto } from "./audit-dto";

/** Query of GET /api/audit: filters, sort, page; `format=csv` exports every matching entry (up to 10,000). */
export const auditQuery = paginationQuery.extend({
  token: addressParam.optional(),
  actor: addressParam.optional(),
  subject: addressParam.optional(),
  action: z.string().regex(/^[a-z-]{2,40}$/, "unknown action").optional(),
  /** ISO date or date-time; entries at or after it. */
  since: dayParam.or(z.iso.datetime().refine((s) => s.slice(0, 10) >= "1970-01-01", "must be from 1970 on")).optional(),
  /** ISO date (whole day included) or date-time; entries before it. */
  until: dayParam.or(z.iso.datetime().refine((s) => s.slice(0, 10) >= "1970-01-01", "must be from 1970 on")).optional(),
  sort: z.enum(["asc", "desc"]).default("desc"),
  format: z.enum(["json", "csv"]).default("json"),
}).refine((q) => !q.since || !q.until || q.since.slice(0, 10) <= q.until.slice(0, 10), { message: "the start date is after the end date", path: ["since"] });
export type AuditQuery = z.infer<typeof auditQuery>;

const CSV_LIMIT = 10_000;

/**
 * Who may read: a compliance officer reads every entry; an agent, the owner or an AccessManager role holder of a token
 * the platform knows reads that token's entries (with the `token` filter). Read from the chain now.
 * @throws ApiError UNAUTHENTICATED, FORBIDDEN
 */
async function requireAuditReader(req: Request, token: `0x${string}` | undefined): Promise<void> {
  const session = await requireSession(req);
  if (await isComplianceOfficer(session.address)) return;
  if (token) {
    const r = await getTokenRoles(session.address, token);
    if (r.agent || r.owner || r.roles.length > 0) return;
  }
  throw new ApiError(
    ErrorCode.FORBIDDEN,
    token ? "Only a compliance officer, or an agent, the owner or a role holder of this token, can read its audit log." : "Only a compliance officer can read the whole audit log.",
  );
}

function where(q: AuditQuery) {
  const { chainId } = getServerConfig();
  const until = q.until && /^\d{4}-\d{2}-\d{2}$/.test(q.until) ? new Date(Date.parse(`${q.until}T00:00:00Z`) + 86_400_000) : q.until ? new Date(q.until) : undefined;
  return {
    chainId,
    ...(q.token ? { token: q.token } : {}),
    ...(q.actor ? { actor: q.actor } : {}),
    ...(q.subject ? { subject: q.subject } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.since || until ? { createdAt: { ...(q.since ? { gte: new Date(q.since) } : {}), ...(until ? { lt: until } : {}) } } : {}),
  };
}

/**
 * One page of the audit log, filtered (token, actor, subject, action, date range) and sorted by time.
 * @throws ApiError UNAUTHENTICATED, FORBIDDEN
 */
export async function listAuditEntries(req: Request, q: AuditQuery): Promise<AuditListResponse> {
  await requireAuditReader(req, q.token);
  const prisma = getPrisma();
  const w = where(q);
  const [total, rows] = await Promise.all([
    prisma.auditEntry.count({ where: w }),
    prisma.auditEntry.findMany({
      where: w,
      orderBy: [{ createdAt: q.sort }, { id: q.sort }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
  ]);
  return { page: q.page, pageSize: q.pageSize, total, entries: rows.map(toAuditEntryDto) };
}

/** CSV columns of the audit export. */
export const AUDIT_CSV_HEADER = ["time", "actor", "role", "action", "token", "subject", "amount", "tx_hash", "block", "reason", "details"] as const;

/** Every matching entry (up to 10,000) as CSV, same filters and order as the list. */
export async function exportAuditCsv(req: Request, q: AuditQuery): Promise<string> {
  await requireAuditReader(req, q.token);
  const rows = await getPrisma().auditEntry.findMany({ where: where(q), orderBy: [{ createdAt: q.sort }, { id: q.sort }], take: CSV_LIMIT });
  const entries: AuditEntryDto[] = rows.map(toAuditEntryDto);
  return toCsv(
    AUDIT_CSV_HEADER,
    entries.map((e) => [e.createdAt, e.actor, e.actorRole, e.action, e.token, e.subject, e.amount, e.txHash, e.blockNumber, e.reason, e.details ? JSON.stringify(e.details) : ""]),
  );
}
