import { crosschainHolders, crosschainInTransit, crosschainSupply, crosschainTransfersOf, type CrosschainTransferRow } from "@tessera/db";
import { restrictionMessage } from "@tessera/sdk";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import type { AssetCrosschainResponse, CrosschainHalfDto, CrosschainTransferDto, MyCrosschainTransfersResponse } from "../shared/api-types";
import { addressParam, paginationQuery } from "../shared/params";
import { hex, percentString } from "../shared/serialize";

/** AssetBridge.IDENTITY_MISMATCH: the bridge's own refusal code, beyond the shared restriction codes. */
export const IDENTITY_MISMATCH = 120;

/** A refusal's restriction code in words (the shared table, plus the bridge's IDENTITY_MISMATCH). */
export function refusalReason(code: number): string {
  return code === IDENTITY_MISMATCH ? "the receiver is not a wallet of the sender's identity on that chain" : restrictionMessage(code);
}

/** Most in-transit transfers listed with the asset's cross-chain view (their count and amount cover all of them). */
export const IN_TRANSIT_LIST_MAX = 100;

/** Query of GET /api/assets/[token]/crosschain: the holders' `page` ≥ 1 and `pageSize` 1..200 (default 50). */
export const assetCrosschainQuery = paginationQuery.extend({
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AssetCrosschainQuery = z.infer<typeof assetCrosschainQuery>;

/** Query of GET /api/me/crosschain-transfers: `page` ≥ 1, `pageSize` 1..100 (default 25), `token` (one asset, its token on this chain). */
export const myCrosschainQuery = paginationQuery.extend({
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  token: addressParam.optional(),
});
export type MyCrosschainQuery = z.infer<typeof myCrosschainQuery>;

const halfDto = (h: CrosschainTransferRow["sent"]): CrosschainHalfDto | null =>
  h ? { block: h.block.toString(), txHash: hex(h.txHash), at: h.at.toISOString() } : null;
const orNull = (s: string | null) => (s === null ? null : hex(s));

/** A transfer of the index as the API answers it (amounts as decimal strings, a refusal's reason in words). */
export function toTransferDto(t: CrosschainTransferRow): CrosschainTransferDto {
  return {
    messageId: hex(t.messageId),
    status: t.status,
    sourceChainId: t.sourceChainId,
    sourceToken: orNull(t.sourceToken),
    destinationChainId: t.destinationChainId,
    destinationToken: orNull(t.destinationToken),
    from: hex(t.from),
    to: hex(t.to),
    identity: orNull(t.identity),
    amount: t.amount.toString(),
    code: t.code,
    reason: t.code === null ? null : refusalReason(t.code),
    returnId: orNull(t.returnId),
    sent: halfDto(t.sent),
    arrived: halfDto(t.arrived),
    returned: halfDto(t.returned),
  };
}

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
