import { accessManagerAbi, Role, tesseraVaultAbi, tokenAbi } from "@tessera/contracts";
import type { Address } from "viem";
import { erc20Info, mustRead } from "../chain/contract-reads";
import type { Erc20Dto } from "./types";

/**
 * Live reads of a vault for the API. A node failure is CHAIN_UNAVAILABLE (503, lib/chain/read); a contract that refuses a
 * read it must answer (the indexed vault is not one, or was self-destructed) is reported too, never read as zero.
 */

/** A vault read. */
export const vaultRead = <T>(vault: Address, functionName: string, args: readonly unknown[] = []) =>
  mustRead<T>(vault, tesseraVaultAbi, functionName, args, "it is not a working vault of this asset");

const paymentTokenCache = new Map<string, Address>();

/** The vault's payment token (`asset()`, immutable: cached). */
export async function paymentTokenOf(vault: Address): Promise<Erc20Dto> {
  const key = vault.toLowerCase();
  let asset = paymentTokenCache.get(key);
  if (!asset) {
    asset = await vaultRead<Address>(vault, "asset");
    paymentTokenCache.set(key, asset);
  }
  return erc20Info(asset);
}

/** The wallet's vault roles on the asset's AccessManager (immediate membership, as the vault checks them). */
export async function vaultRoles(token: Address, wallet: Address): Promise<{ fundAdmin: boolean; navAgent: boolean; navApprover: boolean }> {
  const manager = await mustRead<Address>(token, tokenAbi, "authority");
  const has = async (role: bigint) => {
    const [member, delay] = await mustRead<readonly [boolean, number]>(manager, accessManagerAbi, "hasRole", [role, wallet]);
    return member && Number(delay) === 0;
  };
  const [fundAdmin, navAgent, navApprover] = await Promise.all([has(Role.FUND_ADMIN), has(Role.NAV_AGENT), has(Role.NAV_APPROVER)]);
  return { fundAdmin, navAgent, navApprover };
}

/** Dealing terms as returned by `dealingTerms()`. */
export interface DealingTerms {
  firstDealing: number;
  interval: number;
  cutoff: number;
  minDeposit: bigint;
  minRedeem: bigint;
}

/** The vault's dealing terms. */
export async function dealingTerms(vault: Address): Promise<DealingTerms> {
  const t = await vaultRead<{ firstDealing: number | bigint; interval: number | bigint; cutoff: number | bigint; minDeposit: bigint; minRedeem: bigint }>(vault, "dealingTerms");
  return { firstDealing: Number(t.firstDealing), interval: Number(t.interval), cutoff: Number(t.cutoff), minDeposit: t.minDeposit, minRedeem: t.minRedeem };
}

/** The latest dealing date at or before `now` (null before the first). */
export function lastDealingDate(terms: DealingTerms, now: number): number | null {
  if (now < terms.firstDealing || terms.interval <= 0) return null;
  return terms.firstDealing + Math.floor((now - terms.firstDealing) / terms.interval) * terms.interval;
}
