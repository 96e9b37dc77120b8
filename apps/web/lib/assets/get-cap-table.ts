import { ApiError, ErrorCode } from "../api/errors";
import { getPrisma } from "../db/prisma";
import { getServerConfig } from "../config/server-config";
import type { CapTableResponse } from "../shared/api-types";
import { decimalToString, hex, percentString } from "../shared/serialize";

/**
 * The cap table of an asset: holders with a non-zero balance, largest first (ties by wallet), one page of them,
 * each with its share of supply, its country from the asset's identity registry and its frozen state.
 * @throws ApiError NOT_FOUND when the asset is unknown
 */
export async function getCapTable(
  address: `0x${string}`,
  { page, pageSize }: { page: number; pageSize: number },
): Promise<CapTableResponse> {
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const asset = await prisma.asset.findUnique({ where: { chainId_address: { chainId, address } } });
  if (!asset) throw new ApiError(ErrorCode.NOT_FOUND, `No asset ${address} on chain ${chainId}.`);

  const where = { chainId, token: address, balance: { gt: 0 } };
  const [total, rows] = await Promise.all([
    prisma.holding.count({ where }),
    prisma.holding.findMany({
      where,
      orderBy: [{ balance: "desc" }, { wallet: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
  ]);
  const investors = rows.length
    ? await prisma.investor.findMany({
        where: { chainId, identityRegistry: asset.identityRegistry, wallet: { in: rows.map((r) => r.wallet) }, registered: true },
        select: { wallet: true, country: true },
      })
    : [];
  const countryOf = new Map(investors.map((i) => [i.wallet, i.country]));
  const supply = BigInt(decimalToString(asset.totalSupply));

  return {
    token: hex(asset.address),
    symbol: asset.symbol,
    decimals: asset.decimals,
    totalSupply: supply.toString(),
    holderCount: asset.holderCount,
    page,
    pageSize,
    total,
    holders: rows.map((r) => {
      const balance = decimalToString(r.balance);
      return {
        wallet: hex(r.wallet),
        balance,
        sharePercent: percentString(BigInt(balance), supply),
        country: countryOf.get(r.wallet) ?? null,
        frozen: r.frozen,
        frozenAmount: decimalToString(r.frozenAmount),
      };
    }),
  };
}
