/**
 * What the money-leg actions (vault, DvP, distributor, bond) share: the payment token's balance and allowance checks
 * that refuse in words before any transaction, the approval sent only when the allowance is short, the chain's time
 * (contracts compare dates with the block's timestamp, not the caller's clock), batching, and event decoding.
 * Browser-safe.
 */
import { erc20Abi, parseEventLogs, type Abi, type Address, type PublicClient, type TransactionReceipt, type WalletClient } from "viem";
import { refusal } from "../errors";
import { readContract, simulateAndWrite, type WriteResult } from "../send";

/** Reads a view through the SDK's error decoding (a revert becomes a TesseraError in words). */
export function view<T>(publicClient: PublicClient, address: Address, abi: Abi | readonly unknown[], functionName: string, args: readonly unknown[] = []): Promise<T> {
  return readContract<T>(publicClient, { address, abi: abi as Abi, functionName, args });
}

/** The latest block's timestamp, unix seconds: what the next transaction's checks of dates are closest to. */
export async function chainTime(publicClient: PublicClient): Promise<bigint> {
  return (await publicClient.getBlock({ blockTag: "latest" })).timestamp;
}

/**
 * Refuses (ERC20InsufficientBalance, in words) when `owner` holds less than `amount` base units of the payment token.
 * @param who "your" or a name, for the text.
 */
export async function requirePaymentBalance(publicClient: PublicClient, p: { paymentToken: Address; owner: Address; amount: bigint; who?: string }): Promise<void> {
  const balance = await view<bigint>(publicClient, p.paymentToken, erc20Abi, "balanceOf", [p.owner]);
  if (balance < p.amount) {
    throw refusal(
      "ERC20InsufficientBalance",
      [p.owner, balance, p.amount],
      `${p.who ?? "your"} payment-token balance (${balance} base units) is below the ${p.amount} base units needed`,
    );
  }
}

/**
 * Makes sure `spender` may pull `amount` base units of the payment token from the wallet: approves exactly `amount`
 * (ERC-20 `approve`, through the one send path) only when the allowance is short.
 * @returns The approval's transaction, or null when the allowance already covered it.
 */
export async function ensureAllowance(
  walletClient: WalletClient,
  publicClient: PublicClient,
  p: { paymentToken: Address; owner: Address; spender: Address; amount: bigint },
): Promise<WriteResult | null> {
  const allowance = await view<bigint>(publicClient, p.paymentToken, erc20Abi, "allowance", [p.owner, p.spender]);
  if (allowance >= p.amount) return null;
  const { hash, receipt } = await simulateAndWrite(
    walletClient,
    publicClient,
    { address: p.paymentToken, abi: erc20Abi as Abi, functionName: "approve", args: [p.spender, p.amount] },
    { label: "approve the payment token" },
  );
  return { hash, receipt };
}

/** `items` in consecutive chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The decoded logs of `eventName` (from `abi`) in a receipt, emitted by `address`. */
export function eventsOf<T>(receipt: TransactionReceipt, abi: Abi | readonly unknown[], eventName: string, address: Address): T[] {
  const logs = parseEventLogs({ abi: abi as Abi, logs: receipt.logs, eventName } as never) as unknown as { address: Address; args: T }[];
  return logs.filter((l) => l.address.toLowerCase() === address.toLowerCase()).map((l) => l.args);
}
