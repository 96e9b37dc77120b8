import { erc20Abi, type Address } from "viem";
import { knownIssuerFilter } from "../assets/issuers";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { chainNow, mustRead } from "../chain/contract-reads";
import { bondDeployment, bondRead, bondTerms, maturityOf, totalSupplyOf } from "./bond-chain";
import { BOND_ASSET_CLASS } from "./get-bond";
import type { InvestorBondDto, InvestorBondsResponse } from "./types";

/** At most this many bonds are read per answer (each costs a handful of reads). */
export const MAX_BONDS = 50;

/**
 * The bonds a wallet holds (index: positive balance, bond assets of the known issuers, at most {@link MAX_BONDS}) whose
 * terms are set, each with its maturity and, read from the chain now, the wallet's balance, what it may redeem and the
 * payment at face value, and whether redemptions are open.
 * @throws ApiError CHAIN_UNAVAILABLE, NOT_FOUND (no Bond contract on this chain)
 */
export async function listInvestorBonds(wallet: Address): Promise<InvestorBondsResponse> {
  const { chainId } = getServerConfig();
  const w = wallet.toLowerCase();
  const holdings = await getPrisma().holding.findMany({
    where: { chainId, wallet: w, balance: { gt: 0 }, asset: { assetClass: BOND_ASSET_CLASS, ...(await knownIssuerFilter()) } },
    include: { asset: { select: { name: true, symbol: true, decimals: true } } },
    orderBy: { token: "asc" },
    take: MAX_BONDS,
  });
  if (holdings.length === 0) return { wallet: w, now: await chainNow(), bonds: [] };
  const { bond } = await bondDeployment();
  const now = await chainNow();
  const bonds: InvestorBondDto[] = [];
  for (const h of holdings) {
    const token = h.token as Address;
    const terms = await bondTerms(bond, token);
    if (!terms) continue;
    const [supply, balance, redeemable] = await Promise.all([
      totalSupplyOf(token),
      mustRead<bigint>(token, erc20Abi, "balanceOf", [wallet]),
      bondRead<bigint>(bond, "redeemableBalance", [token, wallet]),
    ]);
    const [maturity, payment] = await Promise.all([
      maturityOf(bond, token, terms, now, supply),
      redeemable > 0n ? bondRead<bigint>(bond, "redemptionPayment", [token, redeemable]) : Promise.resolve(0n),
    ]);
    bonds.push({
      token: h.token,
      name: h.asset.name,
      symbol: h.asset.symbol,
      decimals: h.asset.decimals,
      bond: bond.toLowerCase(),
      paymentToken: terms.paymentToken,
      faceValue: terms.faceValue,
      maturityDate: terms.maturityDate,
      balance: balance.toString(),
      redeemable: redeemable.toString(),
      payment: payment.toString(),
      open: maturity.matured,
      state: maturity.state,
    });
  }
  return { wallet: w, now, bonds };
}
