import type { Address } from "viem";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import type { AssetPermissions } from "../permissions/actions";
import type { NavDto, NavHistoryResponse, NavResponse } from "../investor/types";
import { dayParam, NO_CONTROL_CHARS, paginationQuery } from "../shared/params";
import { hex } from "../shared/serialize";

/** Largest NAV per unit accepted: Decimal(38,18) leaves 20 integer digits. */
const NAV_PATTERN = /^\d{1,20}(\.\d{1,18})?$/;

/** YYYY-MM-DD of a Date (UTC). */
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Body of POST /api/assets/[token]/nav.
 * - `navPerUnit`: price of one whole token in `currency`, a decimal string (up to 20 digits and 18 decimals), > 0
 * - `currency`: ISO 4217 alphabetic code (case-insensitive, stored upper-case)
 * - `valuationDate`: YYYY-MM-DD (UTC), not after today
 * - `note`: optional, recorded in the audit log as the reason
 */
export const navBody = z.object({
  navPerUnit: z
    .string()
    .trim()
    .regex(NAV_PATTERN, "must be a decimal number such as 102.35 (up to 18 decimal places)")
    .refine((s) => /[1-9]/.test(s), "must be greater than zero"),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, "must be a 3-letter ISO 4217 code such as USD")
    .transform((s) => s.toUpperCase()),
  valuationDate: dayParam.refine((s) => s <= day(new Date()), "cannot be in the future"),
  note: z.string().trim().max(500).regex(NO_CONTROL_CHARS, "must not contain control characters").optional(),
});

/** Query of GET /api/assets/[token]/nav. */
export const navQuery = paginationQuery.extend({ pageSize: z.coerce.number().int().min(1).max(200).default(20) });

type Row = Awaited<ReturnType<ReturnType<typeof getPrisma>["assetNav"]["findFirstOrThrow"]>>;

/** Decimal(38,18) → plain decimal string without trailing zeros ("102.35", "1"). */
export function navString(d: { toFixed(digits?: number): string }): string {
  const s = d.toFixed(18);
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

function toDto(r: Row): NavDto {
  return {
    id: r.id.toString(),
    token: hex(r.token),
    navPerUnit: navString(r.navPerUnit),
    currency: r.currency,
    valuationDate: day(r.valuationDate),
    setBy: hex(r.setBy),
    note: r.note,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Newest statement first: latest valuation date, then latest entry. */
const NEWEST = [{ valuationDate: "desc" as const }, { id: "desc" as const }];

/**
 * The NAV history of an asset, newest valuation first (any signed-in wallet: investors value their holdings with it).
 * @throws ApiError NOT_FOUND when the asset is not indexed
 */
export async function listAssetNav(token: Address, q: z.infer<typeof navQuery>): Promise<NavHistoryResponse> {
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const asset = await prisma.asset.findUnique({ where: { chainId_token: { chainId, token } }, select: { token: true } });
  if (!asset) throw new ApiError(ErrorCode.NOT_FOUND, `No indexed asset ${token}.`);
  const where = { chainId, token };
  const [total, rows] = await Promise.all([
    prisma.assetNav.count({ where }),
    prisma.assetNav.findMany({ where, orderBy: NEWEST, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
  ]);
  const current = q.page === 1 ? rows[0] : await prisma.assetNav.findFirst({ where, orderBy: NEWEST });
  return { token: hex(token), current: current ? toDto(current) : null, history: rows.map(toDto), total, page: q.page, pageSize: q.pageSize };
}

/**
 * The token's issuer (its owner, or a holder of the AccessManager role that may call `setDocument`: ISSUER) or an
 * agent states the NAV per unit of the asset at a valuation date. The route checks the role first
 * (`requireNavSetter`, lib/permissions/guards, read from the chain now) and passes the wallet's permissions (they
 * name the role in the audit entry); the
 * statement is appended to the history and to the audit log (action "set-nav", the note as the reason) in one
 * transaction, so neither exists without the other.
 * @throws ApiError NOT_FOUND (asset not indexed)
 */
export async function setAssetNav(session: Session, roles: AssetPermissions | null, token: Address, body: z.infer<typeof navBody>): Promise<NavResponse> {
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const asset = await prisma.asset.findUnique({ where: { chainId_token: { chainId, token } }, select: { symbol: true } });
  if (!asset) throw new ApiError(ErrorCode.NOT_FOUND, `No indexed asset ${token}.`);
  const reason = body.note && body.note.length >= 3 ? body.note : `NAV ${body.navPerUnit} ${body.currency} per ${asset.symbol} as of ${body.valuationDate}`;
  const [row] = await prisma.$transaction([
    prisma.assetNav.create({
      data: {
        chainId,
        token,
        navPerUnit: body.navPerUnit,
        currency: body.currency,
        valuationDate: new Date(`${body.valuationDate}T00:00:00Z`),
        setBy: session.address,
        note: body.note || null,
      },
    }),
    prisma.auditEntry.create({
      data: {
        chainId,
        actor: session.address,
        actorRole: roles?.agent ? "token-agent" : roles?.owner ? "token-owner" : "issuer-role",
        action: "set-nav",
        token,
        reason,
        details: { navPerUnit: body.navPerUnit, currency: body.currency, valuationDate: body.valuationDate },
      },
    }),
  ]);
  return { nav: toDto(row) };
}

/** The current NAV of each of `tokens` (those without one are absent). */
export async function currentNavs(chainId: number, tokens: readonly string[]): Promise<Map<string, NavDto>> {
  const out = new Map<string, NavDto>();
  if (tokens.length === 0) return out;
  // Newest row per token. Prisma applies `distinct` in the client over the ordered rows: NAV histories are short
  // (one row per valuation statement), so this reads at most a few hundred rows per portfolio.
  const rows = await getPrisma().assetNav.findMany({
    where: { chainId, token: { in: [...tokens] } },
    orderBy: [{ token: "asc" }, ...NEWEST],
    distinct: ["token"],
  });
  for (const r of rows) out.set(r.token, toDto(r));
  return out;
}

/**
 * Value of `balance` base units of a token with `decimals` at `navPerUnit` (price of one whole token), rounded half-up
 * to 2 decimal places, exactly (bigint arithmetic).
 * @returns decimal string, e.g. "1023.50"
 */
export function positionValue(balance: bigint, decimals: number, navPerUnit: string): string {
  return formatCents(valueCents(balance, decimals, navPerUnit));
}

/** balance × NAV in hundredths of the currency, rounded half-up. */
export function valueCents(balance: bigint, decimals: number, navPerUnit: string): bigint {
  const [int, frac = ""] = navPerUnit.split(".");
  const nav18 = BigInt(int) * 10n ** 18n + BigInt((frac + "0".repeat(18)).slice(0, 18));
  // value × 10^18 = balance × nav18 / 10^decimals; cents = that / 10^16.
  const denom = 10n ** BigInt(decimals) * 10n ** 16n;
  return (balance * nav18 + denom / 2n) / denom;
}

/** Hundredths → "1234.50". */
export function formatCents(cents: bigint): string {
  const neg = cents < 0n;
  const c = neg ? -cents : cents;
  return `${neg ? "-" : ""}${c / 100n}.${(c % 100n).toString().padStart(2, "0")}`;
}
