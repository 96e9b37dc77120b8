import { crosschainTransfersOf } from "@tessera/db";
import { z } from "zod";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import type { MyCrosschainTransfersResponse } from "../shared/api-types";
import { addressParam, paginationQuery } from "../shared/params";
import { hex } from "../shared/serialize";
import { toTransferDto } from "./transfer-dto";

/** Query of GET /api/me/crosschain-transfers: `page` ≥ 1, `pageSize` 1..100 (default 25), `token` (one asset, its token on this chain). */
export const myCrosschainQuery = paginationQuery.extend({
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  token: addressParam.optional(),
});
export type MyCrosschainQuery = z.infer<typeof myCrosschainQuery>;

/**
 * The signed-in investor's cross-chain transfers (sent from or to their wallet, or by their identity from another of
 * its wallets), newest first, paged; with `token`, of that asset only (its token on this chain, any chain of it).
 * The wallet is always the session's.
 */
export async function listMyCrosschainTransfers(session: Session, q: MyCrosschainQuery): Promise<MyCrosschainTransfersResponse> {
  const wallet = session.address.toLowerCase();
  const { chainId } = getServerConfig();
  const r = await crosschainTransfersOf(getPrisma(), {
    wallets: [wallet],
    asset: q.token ? { chainId, token: q.token } : undefined,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { wallet: hex(wallet), transfers: r.transfers.map(toTransferDto), total: r.total, page: q.page, pageSize: q.pageSize };
}
