/**
 * Holder and issuer token actions: `mint`, `transfer`, and the read-only `precheckTransfer`. Browser-safe.
 */
import { zeroAddress, type Abi, type Address, type PublicClient, type WalletClient } from "viem";
import { z } from "zod";
import { RestrictionCode, tokenAbi, type RestrictionCodeName } from "@tessera/contracts";
import { restrictionMessage } from "../errors";
import { addressSchema, amountSchema, parseInput } from "../schemas";
import { readContract, simulateAndWrite, type WriteResult } from "../send";

/** Parameters of {@link mint} and {@link transfer}. */
export const tokenMoveSchema = z.object({ token: addressSchema, to: addressSchema, amount: amountSchema });
export type TokenMoveParams = z.input<typeof tokenMoveSchema>;

/** Parameters of {@link precheckTransfer}; `from` zero (or omitted) checks a mint. */
export const precheckSchema = z.object({
  token: addressSchema,
  from: addressSchema.optional(),
  to: addressSchema,
  amount: amountSchema,
});
export type PrecheckParams = z.input<typeof precheckSchema>;

/**
 * A write to a token function (ERC-20 or ERC-3643), through the one send path.
 * @throws TesseraError
 */
export async function tokenWrite(
  walletClient: WalletClient,
  publicClient: PublicClient,
  token: Address,
  functionName: string,
  args: readonly unknown[],
): Promise<WriteResult> {
  const { hash, receipt } = await simulateAndWrite(walletClient, publicClient, { address: token, abi: tokenAbi as Abi, functionName, args });
  return { hash, receipt };
}

/** A token action: the wallet, a client of the same chain, and the action's parameters (`token` among them). */
export type TokenAction<P> = (walletClient: WalletClient, publicClient: PublicClient, params: P) => Promise<WriteResult>;

/**
 * Builds a token action: checks the parameters with `schema` (parseInput: InvalidInput before any call), then sends
 * `functionName(...args(params))` to `params.token` through the one send path.
 */
export function tokenAction<S extends z.ZodType<{ token: Address }>>(
  schema: S,
  functionName: string,
  args: (p: z.output<S>) => readonly unknown[],
): TokenAction<z.input<S>> {
  return async (walletClient, publicClient, params) => {
    const p = parseInput(schema, params);
    return tokenWrite(walletClient, publicClient, p.token, functionName, args(p));
  };
}

/**
 * Mints `amount` token base units to `to` (agent only; `to` must be verified and allowed by compliance).
 * @throws TesseraError (e.g. RecipientNotVerified, TransferNotCompliant, CallerNotAgent)
 */
export const mint: TokenAction<TokenMoveParams> = tokenAction(tokenMoveSchema, "mint", (p) => [p.to, p.amount]);

/**
 * Transfers `amount` token base units from the wallet to `to` (ERC-20 transfer under all transfer rules).
 * @throws TesseraError (e.g. RecipientNotVerified, TransferNotCompliant, TokenPaused, WalletFrozen)
 */
export const transfer: TokenAction<TokenMoveParams> = tokenAction(tokenMoveSchema, "transfer", (p) => [p.to, p.amount]);

/** Result of {@link precheckTransfer}. */
export type PrecheckResult = { ok: boolean; code: number; name: RestrictionCodeName | "UNKNOWN"; reason: string };

/**
 * Asks the token whether a transfer (or, with `from` omitted or zero, a mint) would pass now, without a transaction.
 * @param params token, from, to, amount in token base units.
 * @returns ok, the restriction code (0 = allowed), its name and its user text.
 * @throws TesseraError when the call itself fails (e.g. not a Tessera token).
 */
export async function precheckTransfer(publicClient: PublicClient, params: PrecheckParams): Promise<PrecheckResult> {
  const p = parseInput(precheckSchema, params);
  const code = await readContract<number>(publicClient, {
    address: p.token,
    abi: tokenAbi as Abi,
    functionName: "detectTransferRestriction",
    args: [p.from ?? zeroAddress, p.to, p.amount],
  });
  const name = (RestrictionCode as Record<number, RestrictionCodeName>)[code] ?? "UNKNOWN";
  return { ok: code === 0, code, name, reason: restrictionMessage(code) };
}
