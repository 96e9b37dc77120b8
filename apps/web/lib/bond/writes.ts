/**
 * The bond writes the apps make from the browser: thin adapters over the SDK's bond actions (@tessera/sdk
 * actions/bond.ts), which read every refusal before any transaction and name it in words, then send through the one
 * send path. Amounts in base units; dates in unix seconds.
 */
import { fundRedemption, reclaimExcess, redeemAtMaturity, redeemAtMaturityFor, setBondTerms, setUpBond, type BondTermsInput, type WriteResult } from "@tessera/sdk";
import type { Address, PublicClient, WalletClient } from "viem";

/**
 * Sets a bond's terms, once: an ADMIN of the asset first wires the Bond contract (SUPPLY to it, CORPORATE_ACTIONS to
 * itself; roles already held are skipped), then the terms are set (CORPORATE_ACTIONS).
 */
export async function setUpAndSetTerms(
  wc: WalletClient,
  pc: PublicClient,
  p: { bond: Address; token: Address; terms: BondTermsInput; admin: boolean },
): Promise<WriteResult> {
  const me = wc.account?.address;
  if (p.admin && me) await setUpBond(wc, pc, { bond: p.bond, token: p.token, corporateActions: me });
  return setBondTerms(wc, pc, { bond: p.bond, token: p.token, terms: p.terms });
}

/** CORPORATE_ACTIONS, after maturity: funds what the supply still needs (approval first when short). */
export function fund(wc: WalletClient, pc: PublicClient, p: { bond: Address; token: Address }) {
  return fundRedemption(wc, pc, { bond: p.bond, token: p.token });
}

/**
 * CORPORATE_ACTIONS: redeems the holders given at face value, in batches of 100 (frozen wallets and dust skipped).
 * @returns the last batch's transaction (the flow tracks it to the indexer), the holders redeemed and the total paid
 */
export async function redeemHolders(wc: WalletClient, pc: PublicClient, p: { bond: Address; token: Address; holders: Address[] }) {
  const r = await redeemAtMaturityFor(wc, pc, { bond: p.bond, token: p.token, holders: p.holders, batchSize: 100 });
  const last = r.batches[r.batches.length - 1];
  if (!last) throw new Error("No holder to redeem.");
  return { ...last, redeemed: r.redeemed, paid: r.paid };
}

/** CORPORATE_ACTIONS: sends the funds beyond what the remaining supply needs back to the wallet. */
export function reclaim(wc: WalletClient, pc: PublicClient, p: { bond: Address; token: Address }) {
  return reclaimExcess(wc, pc, { bond: p.bond, token: p.token });
}

/** A holder: redeems its whole redeemable balance at face value (tokens burned, payment to the wallet). */
export function redeem(wc: WalletClient, pc: PublicClient, p: { bond: Address; token: Address }) {
  return redeemAtMaturity(wc, pc, { bond: p.bond, token: p.token });
}
