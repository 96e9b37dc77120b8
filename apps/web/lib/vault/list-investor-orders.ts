import type { Address } from "viem";
import { z } from "zod";
import { knownIssuerFilter } from "../assets/issuers";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { dealingTerms, paymentTokenOf, vaultRead } from "./vault-chain";
import { chainNow } from "../chain/contract-reads";
import type { OrderEventDto, OrdersResponse, VaultPositionDto } from "./types";

/** Query of GET /api/investors/[wallet]/orders: history page ≥ 1, 1 ≤ pageSize ≤ 100 (default 20). */
export const ordersQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type OrdersQuery = z.infer<typeof ordersQuery>;

/** At most this many vaults are read per answer (each costs a dozen reads). */
export const MAX_VAULTS = 50;

/** Words for the vault events an investor's history shows. */
export const ORDER_EVENT_LABELS: Record<string, string> = {
  DepositRequest: "Subscription requested",
  DepositFulfilled: "Subscription fulfilled",
  Deposit: "Shares claimed",
  CancelDepositRequest: "Subscription cancelled",
  CancelDepositClaim: "Cancelled subscription refunded",
  RedeemRequest: "Redemption requested",
  RedeemFulfilled: "Redemption fulfilled",
  Withdraw: "Redemption paid",
  CancelRedeemRequest: "Redemption cancelled",
  CancelRedeemClaim: "Cancelled redemption released",
};

const num = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));

/** One vault's standing for `wallet`, read from the chain now. */
async function position(
  asset: { token: string; name: string; symbol: string; decimals: number; vault: string },
  wallet: Address,
): Promise<VaultPositionDto> {
  const vault = asset.vault as Address;
  const r = <T>(fn: string, args: readonly unknown[]) => vaultRead<T>(vault, fn, args);
  const [paymentToken, terms, dp, dd, dcs, dca, dcc, rp, rd, rca, rcs, rcc] = await Promise.all([
    paymentTokenOf(vault),
    dealingTerms(vault),
    r<bigint>("pendingDepositRequest", [0n, wallet]),
    r<bigint>("pendingDepositDealingDate", [wallet]),
    r<bigint>("claimableDepositShares", [wallet]),
    r<bigint>("claimableDepositRequest", [0n, wallet]),
    r<bigint>("claimableCancelDepositRequest", [0n, wallet]),
    r<bigint>("pendingRedeemRequest", [0n, wallet]),
    r<bigint>("pendingRedeemDealingDate", [wallet]),
    r<bigint>("claimableRedeemAssets", [wallet]),
    r<bigint>("claimableRedeemRequest", [0n, wallet]),
    r<bigint>("claimableCancelRedeemRequest", [0n, wallet]),
  ]);
  return {
    token: asset.token,
    name: asset.name,
    symbol: asset.symbol,
    decimals: asset.decimals,
    vault: vault.toLowerCase(),
    paymentToken,
    depositPending: dp.toString(),
    depositDealingDate: Number(dd),
    depositClaimableShares: dcs.toString(),
    depositClaimableAssets: dca.toString(),
    depositCancelClaimable: dcc.toString(),
    redeemPending: rp.toString(),
    redeemDealingDate: Number(rd),
    redeemClaimableAssets: rca.toString(),
    redeemClaimableShares: rcs.toString(),
    redeemCancelClaimable: rcc.toString(),
    cutoff: terms.cutoff,
  };
}

/**
 * A wallet's subscriptions and redemptions: per vault of the known issuers' assets (at most {@link MAX_VAULTS}), what
 * is Pending (with its dealing date), Claimable and canceled, read from the chain now; and the wallet's vault events
 * from the index, newest first, paged.
 * @throws ApiError CHAIN_UNAVAILABLE (node failure: never an empty answer)
 */
export async function listInvestorOrders(wallet: Address, q: OrdersQuery): Promise<OrdersResponse> {
  const { chainId } = getServerConfig();
  const w = wallet.toLowerCase() as Address;
  const prisma = getPrisma();
  const assets = await prisma.asset.findMany({
    where: { chainId, vault: { not: null }, ...(await knownIssuerFilter()) },
    orderBy: [{ deployedBlock: "desc" }, { token: "asc" }],
    take: MAX_VAULTS,
    select: { token: true, name: true, symbol: true, decimals: true, vault: true },
  });
  const where = { chainId, source: "vault", token: { in: assets.map((a) => a.token) }, wallets: { has: w }, event: { in: Object.keys(ORDER_EVENT_LABELS) } };
  const [now, positions, total, events] = await Promise.all([
    chainNow(),
    Promise.all(assets.map((a) => position({ ...a, vault: a.vault! }, w))),
    prisma.moneyLegEvent.count({ where }),
    prisma.moneyLegEvent.findMany({
      where,
      orderBy: [{ blockNumber: "desc" }, { logIndex: "desc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
  ]);
  const symbols = new Map(assets.map((a) => [a.token, a.symbol]));
  const rows: OrderEventDto[] = events.map((e) => {
    const a = e.args as Record<string, unknown>;
    return {
      token: e.token,
      symbol: symbols.get(e.token) ?? "",
      event: e.event,
      label: ORDER_EVENT_LABELS[e.event] ?? e.event,
      assets: num(a.assets),
      shares: num(a.shares),
      dealingDate: a.dealingDate === undefined ? null : Number(a.dealingDate),
      blockNumber: e.blockNumber.toString(),
      txHash: e.txHash,
      blockTime: e.blockTime.toISOString(),
    };
  });
  return { wallet: w, now, positions, history: { rows, total, page: q.page, pageSize: q.pageSize } };
}
