/**
 * Agent operations on a token (onlyAgent, or the AccessManager role that opens the function): pause, freeze, burn,
 * forced transfer, wallet recovery. Browser-safe.
 */
import { zeroAddress, type Abi, type Address, type PublicClient, type WalletClient } from "viem";
import { z } from "zod";
import { identityRegistryAbi, tokenAbi } from "@tessera/contracts";
import { TesseraError } from "../errors";
import { addressSchema, amountSchema, parseInput } from "../schemas";
import { readContract, type WriteResult } from "../send";
import { tokenAction, tokenWrite, type TokenAction } from "./token";

/** Parameters of {@link pause} and {@link unpause}. */
export const tokenOnlySchema = z.object({ token: addressSchema });
export type TokenOnlyParams = z.input<typeof tokenOnlySchema>;

/** Parameters of {@link setAddressFrozen}. */
export const setFrozenSchema = z.object({ token: addressSchema, wallet: addressSchema, frozen: z.boolean() });
export type SetFrozenParams = z.input<typeof setFrozenSchema>;

/** Parameters of {@link freezePartialTokens}, {@link unfreezePartialTokens} and {@link burn}. */
export const walletAmountSchema = z.object({ token: addressSchema, wallet: addressSchema, amount: amountSchema });
export type WalletAmountParams = z.input<typeof walletAmountSchema>;

/** Parameters of {@link forcedTransfer}. */
export const forcedTransferSchema = z.object({ token: addressSchema, from: addressSchema, to: addressSchema, amount: amountSchema });
export type ForcedTransferParams = z.input<typeof forcedTransferSchema>;

/** Parameters of {@link recoverWallet}; `investorIdentity` defaults to the lost wallet's identity in the registry. */
export const recoverWalletSchema = z.object({
  token: addressSchema,
  lostWallet: addressSchema,
  newWallet: addressSchema,
  investorIdentity: addressSchema.optional(),
});
export type RecoverWalletParams = z.input<typeof recoverWalletSchema>;

/**
 * Pauses every transfer of the token (agent only); mints and burns by agents still work.
 * @throws TesseraError (e.g. TokenPaused when already paused, CallerNotAgent)
 */
export const pause: TokenAction<TokenOnlyParams> = tokenAction(tokenOnlySchema, "pause", () => []);

/**
 * Lifts a pause (agent only).
 * @throws TesseraError (e.g. TokenNotPaused, CallerNotAgent)
 */
export const unpause: TokenAction<TokenOnlyParams> = tokenAction(tokenOnlySchema, "unpause", () => []);

/**
 * Freezes (or unfreezes) a whole wallet: it can neither send nor receive (agent only).
 * @throws TesseraError (e.g. CallerNotAgent)
 */
export const setAddressFrozen: TokenAction<SetFrozenParams> = tokenAction(setFrozenSchema, "setAddressFrozen", (p) => [p.wallet, p.frozen]);

/**
 * Freezes `amount` base units of a wallet's balance; the rest stays transferable (agent only).
 * @throws TesseraError (e.g. FreezeExceedsBalance, CallerNotAgent)
 */
export const freezePartialTokens: TokenAction<WalletAmountParams> = tokenAction(walletAmountSchema, "freezePartialTokens", (p) => [p.wallet, p.amount]);

/**
 * Releases `amount` base units of a wallet's frozen tokens (agent only).
 * @throws TesseraError (e.g. UnfreezeExceedsFrozen, CallerNotAgent)
 */
export const unfreezePartialTokens: TokenAction<WalletAmountParams> = tokenAction(walletAmountSchema, "unfreezePartialTokens", (p) => [p.wallet, p.amount]);

/**
 * Burns (redeems) `amount` base units from a wallet (agent only); frozen tokens are released first if needed.
 * @throws TesseraError (e.g. ERC20InsufficientBalance, CallerNotAgent)
 */
export const burn: TokenAction<WalletAmountParams> = tokenAction(walletAmountSchema, "burn", (p) => [p.wallet, p.amount]);

/**
 * Moves `amount` base units from one wallet to another without the holder's signature (agent only): pause and
 * freezes do not apply, the recipient must still be verified and allowed by compliance.
 * @throws TesseraError (e.g. RecipientNotVerified, TransferNotCompliant, ERC20InsufficientBalance, CallerNotAgent)
 */
export const forcedTransfer: TokenAction<ForcedTransferParams> = tokenAction(forcedTransferSchema, "forcedTransfer", (p) => [p.from, p.to, p.amount]);

/**
 * Recovers a lost wallet in one agent transaction (ERC-3643 `recoveryAddress`): moves its whole balance, frozen amount,
 * frozen flag and lock-ups to the new wallet, and moves the registration: the new wallet must already be registered
 * with the investor's identity or be a management key of that ONCHAINID (it is then registered with the lost wallet's
 * country and KYC expiry); the lost wallet is removed from the identity registry.
 * @returns The transaction and the identity used.
 * @throws TesseraError (e.g. RecoveryIdentityMismatch, RecoveryWalletNotLinked, NothingToRecover, CallerNotAgent)
 */
export async function recoverWallet(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: RecoverWalletParams,
): Promise<WriteResult & { investorIdentity: Address }> {
  const p = parseInput(recoverWalletSchema, params);
  let investorIdentity = p.investorIdentity;
  if (!investorIdentity) {
    const registry = await readContract<Address>(publicClient, { address: p.token, abi: tokenAbi as Abi, functionName: "identityRegistry", args: [] });
    investorIdentity = await readContract<Address>(publicClient, {
      address: registry,
      abi: identityRegistryAbi as Abi,
      functionName: "identity",
      args: [p.lostWallet],
    });
    if (investorIdentity === zeroAddress) {
      throw new TesseraError({ message: "the lost wallet has no identity in the registry", errorName: "InvalidInput" });
    }
  }
  const r = await tokenWrite(walletClient, publicClient, p.token, "recoveryAddress", [p.lostWallet, p.newWallet, investorIdentity]);
  return { ...r, investorIdentity };
}
