import { getPrisma } from "../db/prisma";

/**
 * The tokens among `tokens` (lower-case) whose bond has matured: the index holds the Bond's `BondMatured` event for
 * them (the funds covered the whole supply after the maturity date; redemptions at face value are open).
 */
export async function maturedTokens(chainId: number, tokens: string[]): Promise<Set<string>> {
  if (tokens.length === 0) return new Set();
  const rows = await getPrisma().moneyLegEvent.findMany({
    where: { chainId, source: "bond", event: "BondMatured", token: { in: tokens } },
    select: { token: true },
    distinct: ["token"],
  });
  return new Set(rows.map((r) => r.token));
}
