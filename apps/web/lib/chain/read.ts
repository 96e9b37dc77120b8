import {
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  type Hash,
} from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import { getPublicClient } from "./public-client";

/**
 * True when a viem error is the contract's own answer: the call reverted, or the address has no code / no such
 * function (zero data). Anything else — HTTP failures, JSON-RPC errors, timeouts, rate limits — is the node failing.
 */
export function isContractRefusal(err: unknown): boolean {
  if (!(err instanceof BaseError)) return false;
  if (err.walk((e) => e instanceof ContractFunctionZeroDataError)) return true;
  const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
  if (!reverted) return false;
  if (reverted.raw || reverted.data) return true;
  // viem also reads JSON-RPC -32603 ("internal error") as a revert, since some nodes report reverts so; unless the
  // node's own text says "revert", that is the node failing (an overloaded upstream, a proxy error), not the contract.
  const rpc = err.walk((e) => typeof (e as { code?: unknown }).code === "number") as { code: number; details?: string } | null;
  if (rpc?.code === -32603) return /revert/i.test(rpc.details ?? "");
  return true;
}

/**
 * Runs a contract read: its value, `null` when the contract refuses it (revert, no code), and a dependency failure
 * as such, never as a refusal.
 * @throws ApiError CHAIN_UNAVAILABLE (503) when the node cannot answer (network, JSON-RPC error, timeout)
 */
export async function chainRead<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (isContractRefusal(err)) return null;
    console.error("[api] blockchain node error", err instanceof BaseError ? err.shortMessage : err);
    throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable.");
  }
}

/**
 * A mined transaction and its receipt, read from the configured node.
 * @throws ApiError BAD_REQUEST when the node knows no such mined transaction; CHAIN_UNAVAILABLE when it cannot answer
 */
export async function readMinedTransaction(hash: Hash) {
  const client = getPublicClient();
  try {
    const [tx, receipt] = await Promise.all([client.getTransaction({ hash }), client.getTransactionReceipt({ hash })]);
    return { tx, receipt };
  } catch (err) {
    if (err instanceof BaseError && err.walk((e) => e instanceof TransactionNotFoundError || e instanceof TransactionReceiptNotFoundError)) {
      throw new ApiError(ErrorCode.BAD_REQUEST, "No confirmed transaction with this hash on this chain.");
    }
    console.error("[api] blockchain node error", err instanceof BaseError ? err.shortMessage : err);
    throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable.");
  }
}
