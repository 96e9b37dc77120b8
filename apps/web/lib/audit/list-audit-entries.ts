import { z } from "zod";
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
 * Who may read it is checked by the route (`requireAuditReader`, lib/permissions/guards).
 */
export async function listAuditEntries(q: AuditQuery): Promise<AuditListResponse> {
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
export async function exportAuditCsv(q: AuditQuery): Promise<string> {
  const rows = await getPrisma().auditEntry.findMany({ where: where(q), orderBy: [{ createdAt: q.sort }, { id: q.sort }], take: CSV_LIMIT });
  const entries: AuditEntryDto[] = rows.map(toAuditEntryDto);
  return toCsv(
    AUDIT_CSV_HEADER,
    entries.map((e) => [e.createdAt, e.actor, e.actorRole, e.action, e.token, e.subject, e.amount, e.txHash, e.blockNumber, e.reason, e.details ? JSON.stringify(e.details) : ""]),
  );
}
