import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { addressParam, paginationQuery } from "../shared/params";
import { decimalToString, hex } from "../shared/serialize";
import type { FreezeListResponse } from "./types";

/** Query of GET /api/freezes: one asset (`token`) or all, paged. */
export const freezesQuery = paginationQuery.extend({ token: addressParam.optional() });

/**
 * Wallets currently frozen (whole wallet) or with a partially frozen amount, per asset, from the index (the indexer
 * applies AddressFrozen, TokensFrozen and TokensUnfrozen), most recently changed first.
 * Who may read them is checked by the route (`requireFreezeReader`, lib/permissions/guards).
 */
export async function listFreezes(q: ReturnType<typeof freezesQuery.parse>): Promise<FreezeListResponse> {
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
