import type { Address } from "viem";
import { walletAcrossChains } from "@tessera/db";
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
 * The signed-in wallet's portfolio across the assets of issuers the platform knows (lib/assets/issuers): per asset (largest
 * position first) the balance and frozen amount on the home chain (indexed Holding rows), the same wallet's balance of
 * the asset on the other served chains and its tokens in transit between chains (the cross-chain index:
 * `walletAcrossChains`), the current NAV (AssetNav) and value = position × NAV per unit (2 decimal places, in the NAV's
 * currency; position = home balance + other chains + in transit: moving between chains never changes what the
 * investor owns), and the lock-up on the home chain (LockUpModule, read from the chain); totals per currency. An asset
 * held only off the home chain is listed too, with a home balance of 0.
 * The wallet is always the session's: investors see only their own portfolio.
 * @throws ApiError CHAIN_UNAVAILABLE when lock-ups cannot be read
 */
export async function getPortfolio(session: Session): Promise<PortfolioResponse> {
  const wallet = session.address.toLowerCase() as Address;
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const known = await knownIssuerFilter();
  const select = { name: true, symbol: true, decimals: true, assetClass: true, compliance: true } as const;
  const [held, elsewhere] = await Promise.all([
    prisma.holding.findMany({
      // Only assets of issuers the platform knows: unsolicited look-alike tokens stay out of the portfolio.
      where: { chainId, wallet, balance: { gt: 0 }, asset: known },
      include: { asset: { select } },
    }),
    walletAcrossChains(prisma, { homeChainId: chainId, wallet }),
  ]);
  const heldTokens = new Set(held.map((r) => r.token));
  const onlyElsewhere = [...elsewhere.keys()].filter((t) => !heldTokens.has(t));
  const assetsElsewhere = onlyElsewhere.length
    ? await prisma.asset.findMany({ where: { chainId, token: { in: onlyElsewhere }, ...known }, select: { token: true, ...select } })
    : [];
  const zero = { balance: "0", frozen: false, frozenAmount: "0" };
  const rows = [
    ...held.map((r) => ({ token: r.token, balance: decimalToString(r.balance), frozen: r.frozen, frozenAmount: decimalToString(r.frozenAmount), asset: r.asset })),
    ...assetsElsewhere.map(({ token, ...asset }) => ({ token, ...zero, asset })),
  ]
    .map((r) => {
      const e = elsewhere.get(r.token);
      const otherChains = (e?.chains ?? []).map((c) => ({ chainId: c.chainId, token: hex(c.token), balance: c.balance.toString() }));
      const inTransit = e?.inTransit ?? 0n;
      const position = BigInt(r.balance) + (e?.chains.reduce((a, c) => a + c.balance, 0n) ?? 0n) + inTransit;
      return { ...r, otherChains, inTransit, position };
    })
    .sort((a, b) => (a.position === b.position ? a.token.localeCompare(b.token) : a.position > b.position ? -1 : 1));
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
    const nav = navs.get(r.token);
    let value: string | null = null;
    if (nav) {
      const cents = valueCents(r.position, r.asset.decimals, nav.navPerUnit);
      totals.set(nav.currency, (totals.get(nav.currency) ?? 0n) + cents);
      value = formatCents(cents);
    } else unvalued++;
    return {
      token: hex(r.token),
      name: r.asset.name,
      symbol: r.asset.symbol,
      decimals: r.asset.decimals,
      assetClassName: assetClassLabel(r.asset.assetClass),
      balance: r.balance,
      frozen: r.frozen,
      frozenAmount: r.frozenAmount,
      otherChains: r.otherChains,
      inTransit: r.inTransit.toString(),
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
