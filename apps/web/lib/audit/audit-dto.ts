import type { AuditEntryDto } from "../shared/api-types";
import { decimalToString, hex, type DecimalLike } from "../shared/serialize";

/** A stored audit row as Prisma returns it. */
export interface AuditRow {
  id: bigint;
  chainId: number;
  createdAt: Date;
  actor: string;
  actorRole: string;
  action: string;
  token: string | null;
  subject: string | null;
  amount: DecimalLike | null;
  txHash: string | null;
  blockNumber: bigint | null;
  reason: string;
  details: unknown;
}

/** The API shape of an audit row. */
export function toAuditEntryDto(r: AuditRow): AuditEntryDto {
  return {
    id: r.id.toString(),
    createdAt: r.createdAt.toISOString(),
    actor: hex(r.actor),
    actorRole: r.actorRole,
    action: r.action,
    token: r.token ? hex(r.token) : null,
    subject: r.subject ? hex(r.subject) : null,
    amount: r.amount === null ? null : decimalToString(r.amount),
    txHash: r.txHash as `0x${string}` | null,
    blockNumber: r.blockNumber === null ? null : r.blockNumber.toString(),
    reason: r.reason,
    details: (r.details ?? null) as Record<string, unknown> | null,
  };
}
