import { lockUpModuleAbi, modularComplianceAbi } from "@tessera/contracts";
import type { Address, PublicClient } from "viem";
import type { LockUpLotDto } from "../investor/types";

/**
 * The lock-up of `wallet` under an asset's compliance, read from the chain now (LockUpModule views): null when the
 * compliance has no lock-up module, else the tokens still locked and the still-locked lots, earliest unlock first.
 *
 * Read server-side from the module, not from the database: the indexer does not index LockUpModule lots (their
 * amounts move with every transfer through `_consume`, and its events carry only the period), so the module's own
 * `getLots` view is the source of truth. Lots whose unlock time has passed are dropped here (the module prunes them
 * only on the wallet's next transfer). "Now" is the latest block's timestamp, as the module itself judges.
 *
 * @param compliance the asset's ModularCompliance address
 * @throws the RPC error when the node cannot be reached
 */
export async function readLockUp(
  client: PublicClient,
  compliance: Address,
  wallet: Address,
  now: bigint,
): Promise<{ locked: string; lots: LockUpLotDto[] } | null> {
  const modules = await client.readContract({ address: compliance, abi: modularComplianceAbi, functionName: "getModules" });
  for (const module of modules) {
    // Modules identify themselves (IComplianceModule.name); only the compliance owner can add one.
    const name = await client.readContract({ address: module, abi: lockUpModuleAbi, functionName: "name" }).catch(() => null);
    if (name !== "LockUpModule") continue;
    const lots = await client.readContract({ address: module, abi: lockUpModuleAbi, functionName: "getLots", args: [compliance, wallet] });
    const live = lots.filter((l) => BigInt(l.unlocksAt) > now).sort((a, b) => Number(a.unlocksAt) - Number(b.unlocksAt));
    const locked = live.reduce((s, l) => s + BigInt(l.amount), 0n);
    return { locked: locked.toString(), lots: live.map((l) => ({ amount: BigInt(l.amount).toString(), unlocksAt: BigInt(l.unlocksAt).toString() })) };
  }
  return null;
}
