/**
 * Multi-step ONCHAINID actions report each confirmed transaction as a named {@link IdentityStep}: the SDK's one send
 * path (send.ts) plus the step's name and a progress callback. Browser-safe.
 */
import { getAddress, type Abi, type Address, type Hash, type Hex, type PublicClient, type TransactionReceipt, type WalletClient } from "viem";
import { deployContract, simulateAndWrite, type ContractCall } from "../send";

/** A transaction and its receipt, named by what it did (e.g. "deploy identity", "add claim"). */
export type IdentityStep = { step: string; hash: Hash; receipt: TransactionReceipt };

/** Called after each confirmed transaction of a multi-step action (for progress in a UI). */
export type OnStep = (step: IdentityStep) => void;

/**
 * Sends one call through `simulateAndWrite` and reports it as `step`.
 * @returns The step and the simulated return value.
 * @throws TesseraError (the "reverted" message names the step)
 */
export async function sendStep(
  walletClient: WalletClient,
  publicClient: PublicClient,
  step: string,
  call: ContractCall,
  onStep?: OnStep,
): Promise<IdentityStep & { result: unknown }> {
  const { hash, receipt, result } = await simulateAndWrite(walletClient, publicClient, call, { label: step });
  const s = { step, hash, receipt };
  onStep?.(s);
  return { ...s, result };
}

/**
 * Deploys a contract through `deployContract` and reports it as `step`.
 * @returns The step and the new contract's address (checksummed).
 * @throws TesseraError
 */
export async function deployStep(
  walletClient: WalletClient,
  publicClient: PublicClient,
  step: string,
  deployment: { abi: Abi; bytecode: Hex; args: readonly unknown[] },
  onStep?: OnStep,
): Promise<IdentityStep & { address: Address }> {
  const { hash, receipt, address } = await deployContract(walletClient, publicClient, { ...deployment, label: step });
  const s = { step, hash, receipt };
  onStep?.(s);
  return { ...s, address: getAddress(address) };
}
