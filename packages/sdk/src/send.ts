/**
 * The one send path of the SDK (and of the apps' own writes): simulate (so a refused call costs no gas and its custom
 * error is read before anything is signed), write from the wallet, wait for the receipt; every failure becomes a
 * {@link TesseraError} with user text (errors.ts). Contract deployments and reads go through the same error decoding.
 * Browser-safe.
 */
import type { Abi, Account, Address, Chain, Hash, Hex, PublicClient, TransactionReceipt, Transport, WalletClient } from "viem";
import { TesseraError, toTesseraError } from "./errors";

/** A wallet client that has an account. */
export type TesseraWalletClient = WalletClient<Transport, Chain | undefined, Account>;

/** What every write returns. */
export type WriteResult = { hash: Hash; receipt: TransactionReceipt };

/** A contract function call; `value` is native currency in wei sent with it (a payable function, e.g. a messaging fee). */
export type ContractCall = { address: Address; abi: Abi; functionName: string; args: readonly unknown[]; value?: bigint };

/**
 * The wallet's account.
 * @throws TesseraError NoAccount when the wallet client has none ("connect a wallet first").
 */
export function accountOf(walletClient: WalletClient): Account {
  const account = walletClient.account;
  if (!account) throw new TesseraError({ message: "connect a wallet first", errorName: "NoAccount" });
  return account;
}

/**
 * Simulates a call from the wallet's account without sending it (a preflight before other transactions).
 * @returns The call's return value.
 * @throws TesseraError NoAccount, or the contract's custom error in words.
 */
export async function simulate(walletClient: WalletClient, publicClient: PublicClient, call: ContractCall): Promise<unknown> {
  try {
    const { result } = await publicClient.simulateContract({ ...call, account: accountOf(walletClient) } as never);
    return result;
  } catch (err) {
    throw toTesseraError(err);
  }
}

/**
 * Simulates a contract call (so a revert is caught with its custom error before anything is signed), sends it from
 * the wallet, and waits for the receipt. Every SDK write and the apps' own writes go through it.
 * @param opts.label What the call does (e.g. "add claim"), named in the "reverted" message.
 * @returns The transaction hash, its receipt and the simulated return value.
 * @throws TesseraError NoAccount (the wallet client has no account), Reverted (mined but reverted), or the contract's
 * custom error in words (see `toTesseraError`).
 */
export async function simulateAndWrite(
  walletClient: WalletClient,
  publicClient: PublicClient,
  call: ContractCall,
  opts: { label?: string } = {},
): Promise<WriteResult & { result: unknown }> {
  try {
    const account = accountOf(walletClient);
    const { request, result } = await publicClient.simulateContract({ ...call, account } as never);
    const hash = await walletClient.writeContract({ ...(request as object), chain: walletClient.chain } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") {
      throw new TesseraError({ message: `the transaction was reverted${opts.label ? ` (${opts.label})` : ""}`, errorName: "Reverted" });
    }
    return { hash, receipt, result };
  } catch (err) {
    throw toTesseraError(err);
  }
}

/**
 * Deploys a contract from the wallet and waits for the receipt.
 * @param deployment.label What is deployed (e.g. "deploy identity"), named in the failure message.
 * @returns The transaction, its receipt and the new contract's address (as the receipt gives it).
 * @throws TesseraError NoAccount, Reverted (the deployment failed), or the error in words.
 */
export async function deployContract(
  walletClient: WalletClient,
  publicClient: PublicClient,
  deployment: { abi: Abi; bytecode: Hex; args?: readonly unknown[]; label?: string },
): Promise<WriteResult & { address: Address }> {
  try {
    const account = accountOf(walletClient);
    const { abi, bytecode, args = [] } = deployment;
    const hash = await walletClient.deployContract({ abi, bytecode, args, account, chain: walletClient.chain } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !receipt.contractAddress) {
      throw new TesseraError({ message: `the deployment failed${deployment.label ? ` (${deployment.label})` : ""}`, errorName: "Reverted" });
    }
    return { hash, receipt, address: receipt.contractAddress };
  } catch (err) {
    throw toTesseraError(err);
  }
}

/**
 * Reads a view.
 * @returns The decoded return value, typed by the caller.
 * @throws TesseraError the revert or the RPC failure in words.
 */
export async function readContract<T>(publicClient: PublicClient, call: ContractCall): Promise<T> {
  try {
    return (await publicClient.readContract(call as never)) as T;
  } catch (err) {
    throw toTesseraError(err);
  }
}
