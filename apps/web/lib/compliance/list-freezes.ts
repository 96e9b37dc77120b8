import type { Address } from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import { isComplianceOfficer } from "../auth/get-roles";
import { FREEZE_ACTIONS, getAssetPermissions } from "../auth/permissions";
import { requireSession } from "../auth/require";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { addressParam, paginationQuery } from "../shared/params";
import { decimalToString, hex } from "../shared/serialize";
import type { FreezeListResponse } from "./types";

/** Query of GET /api/freezes: one asset (`token`) or all, paged. */
export const freezesQuery = paginationQuery.extend({ token: addressParam.optional() });

/**
 * True when the wallet may freeze on `token`: the token accepts its `setAddressFrozen` or partial-freeze calls now (a
 * token agent, or whoever the AccessManager lets call them: the FREEZER role). False for an asset the platform does
 * not know. Read from the chain now.
 */
export async function canFreeze(wallet: Address, token: Address): Promise<boolean> {
  const p = await getAssetPermissions(wallet, token, FREEZE_ACTIONS);
  return FREEZE_ACTIONS.some((a) => p.can[a]);
}

/**
 * Who may read freezes: a compliance officer (every asset), or a token agent / FREEZER of `token` (with `token=`).
 * @throws ApiError UNAUTHENTICATED, FORBIDDEN
 */
async function requireFreezeReader(req: Request, token: Address | undefined): Promise<Session> {
  const session = await requireSession(req);
  if (await isComplianceOfficer(session.address)) return session;
  if (token && (await canFreeze(session.address, token))) return session;
  throw new ApiError(
    ErrorCode.FORBIDDEN,
    token ? "Only a compliance officer or an agent (freezer) of this token can read its freezes." : "Only a compliance officer can read the freezes of every asset.",
  );
}

/**
 * Wallets currently frozen (whole wallet) or with a partially frozen amount, per asset, from the index (the indexer
 * applies AddressFrozen, TokensFrozen and TokensUnfrozen), most recently changed first.
 * @throws ApiError UNAUTHENTICATED, FORBIDDEN
 */
export async function listFreezes(req: Request, q: ReturnType<typeof freezesQuery.parse>): Promise<FreezeListResponse> {
  await requireFreezeReader(req, q.token);
  const { chainId } = getServerConfig();
  const where = { chainId, ...(q.token ? { token: q.token } : {}), OR: [{ frozen: true }, { frozenAmount: { gt: 0 } }] };
  const prisma = getPrisma();
  const total = await prisma.holding.count({ where });
  const rows = await prisma.holding.findMany({
    where,
    include: { asset: { select: { symbol: true, decimals: true } } },
    orderBy: [{ updatedBlock: "desc" }, { token: "asc" }, { wallet: "asc" }],
    skip: (q.page - 1) * q.pageSize,
    take: q.pageSize,
  });
  return {
    page: q.page,
    pageSize: q.pageSize,
    total,
    freezes: rows.map((r) => ({
      token: hex(r.token),
      symbol: r.asset.symbol,
      decimals: r.asset.decimals,
      wallet: hex(r.wallet),
      balance: decimalToString(r.balance),
      frozen: r.frozen,
      frozenAmount: decimalToString(r.frozenAmount),
      updatedBlock: r.updatedBlock.toString(),
    })),
  };
}
