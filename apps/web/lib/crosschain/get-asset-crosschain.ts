import { crosschainHolders, crosschainInTransit, crosschainSupply } from "@tessera/db";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import type { AssetCrosschainResponse } from "../shared/api-types";
import { paginationQuery } from "../shared/params";
import { hex, percentString } from "../shared/serialize";
import { orNull, toTransferDto } from "./transfer-dto";

/** Most in-transit transfers listed with the asset's cross-chain view (their count and amount cover all of them). */
export const IN_TRANSIT_LIST_MAX = 100;

/** Query of GET /api/assets/[token]/crosschain: the holders' `page` ≥ 1 and `pageSize` 1..200 (default 50). */
export const assetCrosschainQuery = paginationQuery.extend({
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AssetCrosschainQuery = z.infer<typeof assetCrosschainQuery>;

/**
 * One asset across its chains, given its token on this server's chain: supply per chain, tokens in transit (the first
 * {@link IN_TRANSIT_LIST_MAX} listed), and its holders by identity over every chain (largest first, paged).
 * The caller checks who may read it (the cap table's readers).
 * @throws ApiError NOT_FOUND when the asset is not indexed on this chain
 */
export async function getAssetCrosschain(token: `0x${string}`, q: AssetCrosschainQuery): Promise<AssetCrosschainResponse> {
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const asset = { chainId, token };
  const supply = await crosschainSupply(prisma, asset);
  if (supply.chains.length === 0) throw new ApiError(ErrorCode.NOT_FOUND, `No asset ${token} on chain ${chainId}.`);
  const [holders, inTransit] = await Promise.all([
    crosschainHolders(prisma, { ...asset, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    crosschainInTransit(prisma, { ...asset, limit: IN_TRANSIT_LIST_MAX }),
  ]);
  const onChains = supply.total - supply.inTransit;
  return {
    chainId,
    token,
    chains: supply.chains.map((c) => ({
      chainId: c.chainId, token: hex(c.token), symbol: c.symbol, decimals: c.decimals, bridge: orNull(c.bridge),
      totalSupply: c.totalSupply.toString(), holderCount: c.holderCount,
    })),
    supply: onChains.toString(),
    inTransit: { amount: supply.inTransit.toString(), count: supply.inTransitCount, transfers: inTransit.map(toTransferDto) },
    total: supply.total.toString(),
    holderCount: holders.holderCount,
    holders: holders.holders.map((h) => ({
      identity: hex(h.identity),
      total: h.total.toString(),
      sharePercent: percentString(h.total, onChains),
      chains: h.chains.map((c) => ({ chainId: c.chainId, token: hex(c.token), balance: c.balance.toString(), wallets: c.wallets.map(hex) })),
    })),
    page: q.page,
    pageSize: q.pageSize,
  };
}
