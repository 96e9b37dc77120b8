import { AssetClass } from "@tessera/contracts";
import { getPrisma } from "../db/prisma";

/**
 * Whether an asset is a bond: its token's `assetClass()` (fixed at deployment, mirrored in `Asset.assetClass`) is
 * BOND. Only a bond can mature: Bond.sol refuses terms for any other class (`NotABond`).
 */
export const isBond = (asset: { assetClass: number }): boolean => asset.assetClass === AssetClass.BOND;

/**
 * The tokens among `tokens` (lower-case) whose bond has matured: the index holds the Bond's `BondMatured` event for
 * them (the funds covered the whole supply after the maturity date; redemptions at face value are open).
 */
export async function maturedTokens(chainId: number, tokens: string[]): Promise<Set<string>> {
  // Callers pass bond assets only ({@link isBond}): no other asset has a BondMatured event to look for.
  if (tokens.length === 0) return new Set();
  const rows = await getPrisma().moneyLegEvent.findMany({
    where: { chainId, source: "bond", event: "BondMatured", token: { in: tokens } },
    select: { token: true },
    distinct: ["token"],
  });
  return new Set(rows.map((r) => r.token));
}
