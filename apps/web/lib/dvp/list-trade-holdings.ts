import type { Address } from "viem";
import { knownIssuerFilter } from "../assets/issuers";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { decimalToString } from "../shared/serialize";
import { dvpDeployments } from "./dvp-chain";
import { erc20Balance, erc20Info } from "../chain/contract-reads";
import type { TradeHoldingsResponse } from "./types";

/** At most this many holdings are answered (largest balance first). */
export const MAX_TRADE_HOLDINGS = 200;

/**
 * What the signed-in wallet can trade: its holdings of the known issuers' assets from the index (balance, frozen and
 * locked amounts, and the available rest an offer may lock), and its payment-token balance read from the chain now.
 * @throws ApiError CHAIN_UNAVAILABLE (node failure: never a zero balance)
 */
export async function listTradeHoldings(session: Session): Promise<TradeHoldingsResponse> {
  const wallet = session.address.toLowerCase() as Address;
  const { chainId } = getServerConfig();
  const { dvp, paymentToken } = await dvpDeployments();
  const [rows, payment] = await Promise.all([
    getPrisma().holding.findMany({
      where: { chainId, wallet, balance: { gt: 0 }, asset: await knownIssuerFilter() },
      include: { asset: { select: { name: true, symbol: true, decimals: true } } },
      orderBy: [{ balance: "desc" }, { token: "asc" }],
      take: MAX_TRADE_HOLDINGS,
    }),
    paymentToken ? Promise.all([erc20Info(paymentToken), erc20Balance(paymentToken, wallet)]) : Promise.resolve(null),
  ]);
  return {
    wallet,
    dvp,
    paymentToken: payment ? { ...payment[0], balance: payment[1].toString() } : null,
    holdings: rows.map((r) => {
      const balance = BigInt(decimalToString(r.balance));
      const frozen = BigInt(decimalToString(r.frozenAmount));
      const locked = BigInt(decimalToString(r.lockedAmount));
      const available = r.frozen ? 0n : balance - frozen - locked;
      return {
        token: r.token,
        name: r.asset.name,
        symbol: r.asset.symbol,
        decimals: r.asset.decimals,
        balance: balance.toString(),
        frozenAmount: frozen.toString(),
        lockedAmount: locked.toString(),
        available: (available > 0n ? available : 0n).toString(),
      };
    }),
  };
}
