import { getPrisma } from "../db/prisma";
import { getServerConfig } from "../config/server-config";
import type { HoldingsResponse } from "../shared/api-types";
import { assetClassLabel } from "../shared/countries";
import { decimalToString, hex } from "../shared/serialize";

/**
 * A wallet's non-zero holdings across the configured chain's assets, largest balance first: every indexed asset,
 * look-alikes of unknown issuers included (compliance officers read any wallet's; the portfolio, history and
 * documents of the investor app show known issuers' assets only).
 */
export async function listHoldings(wallet: `0x${string}`): Promise<HoldingsResponse> {
  const { chainId } = getServerConfig();
  const rows = await getPrisma().holding.findMany({
    where: { chainId, wallet, balance: { gt: 0 } },
    include: { asset: { select: { name: true, symbol: true, decimals: true, assetClass: true } } },
    orderBy: [{ balance: "desc" }, { token: "asc" }],
  });
  return {
    wallet,
    holdings: rows.map((r) => ({
      token: hex(r.token),
      name: r.asset.name,
      symbol: r.asset.symbol,
      decimals: r.asset.decimals,
      assetClassName: assetClassLabel(r.asset.assetClass),
      balance: decimalToString(r.balance),
      frozen: r.frozen,
      frozenAmount: decimalToString(r.frozenAmount),
    })),
  };
}
