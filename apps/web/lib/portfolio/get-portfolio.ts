import type { Address } from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import type { Session } from "../auth/session";
import { getPublicClient } from "../chain/public-client";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import type { PortfolioPositionDto, PortfolioResponse } from "../investor/types";
import { currentNavs, formatCents, valueCents } from "../nav/asset-nav";
import { assetClassLabel } from "../shared/countries";
import { decimalToString, hex } from "../shared/serialize";
import { knownIssuerFilter } from "../assets/issuers";
import { readLockUp } from "./read-lock-ups";

/**
 * The signed-in wallet's portfolio across the assets of issuers the platform knows (lib/assets/issuers): per asset (non-zero balance, largest first) the balance
 * and frozen amount (indexed Holding rows), the current NAV (AssetNav) and value = balance × NAV per unit (2 decimal
 * places, in the NAV's currency), and the lock-up (LockUpModule, read from the chain); totals per currency.
 * The wallet is always the session's: investors see only their own portfolio.
 * @throws ApiError CHAIN_UNAVAILABLE when lock-ups cannot be read
 */
export async function getPortfolio(session: Session): Promise<PortfolioResponse> {
  const wallet = session.address.toLowerCase() as Address;
  const { chainId } = getServerConfig();
  const rows = await getPrisma().holding.findMany({
    // Only assets of issuers the platform knows: unsolicited look-alike tokens stay out of the portfolio.
    where: { chainId, wallet, balance: { gt: 0 }, asset: await knownIssuerFilter() },
    include: { asset: { select: { name: true, symbol: true, decimals: true, assetClass: true, compliance: true } } },
    orderBy: [{ balance: "desc" }, { token: "asc" }],
  });
  const navs = await currentNavs(chainId, rows.map((r) => r.token));
  const client = getPublicClient();
  let lockUps: Awaited<ReturnType<typeof readLockUp>>[];
  try {
    const now = rows.length ? (await client.getBlock()).timestamp : 0n;
    lockUps = await Promise.all(rows.map((r) => readLockUp(client, r.asset.compliance as Address, wallet, now)));
  } catch {
    throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable (lock-ups are read from it).");
  }
  const totals = new Map<string, bigint>();
  let unvalued = 0;
  const positions: PortfolioPositionDto[] = rows.map((r, i) => {
    const balance = BigInt(decimalToString(r.balance));
    const nav = navs.get(r.token);
    let value: string | null = null;
    if (nav) {
      const cents = valueCents(balance, r.asset.decimals, nav.navPerUnit);
      totals.set(nav.currency, (totals.get(nav.currency) ?? 0n) + cents);
      value = formatCents(cents);
    } else unvalued++;
    return {
      token: hex(r.token),
      name: r.asset.name,
      symbol: r.asset.symbol,
      decimals: r.asset.decimals,
      assetClassName: assetClassLabel(r.asset.assetClass),
      balance: balance.toString(),
      frozen: r.frozen,
      frozenAmount: decimalToString(r.frozenAmount),
      nav: nav ? { navPerUnit: nav.navPerUnit, currency: nav.currency, valuationDate: nav.valuationDate } : null,
      value,
      lockUp: lockUps[i] ?? null,
    };
  });
  return {
    wallet: hex(wallet),
    positions,
    totals: [...totals].sort((a, b) => (a[1] === b[1] ? a[0].localeCompare(b[0]) : a[1] > b[1] ? -1 : 1)).map(([currency, c]) => ({ currency, value: formatCents(c) })),
    unvalued,
  };
}
