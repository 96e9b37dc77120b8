/**
 * The DvP calls the investor app makes from the browser: thin adapters over the SDK's DvP actions (@tessera/sdk
 * actions/dvp.ts), which check before any transaction and name every refusal in words, then send through the one send
 * path. Amounts in base units: token base units for `amount`, payment-token base units for `price`.
 */
import {
  cancelOffer as sdkCancelOffer,
  checkOffer as sdkCheckOffer,
  checkTake as sdkCheckTake,
  createOffer as sdkCreateOffer,
  takeOffer as sdkTakeOffer,
  type DvPCheck,
} from "@tessera/sdk";
import type { Address, PublicClient, WalletClient } from "viem";

/** Whether `seller` may offer `amount` of `token` to `buyer` (omitted: any verified buyer) now, in words. */
export function checkOffer(pc: PublicClient, p: { dvp: Address; token: Address; seller: Address; buyer?: Address; amount: bigint }): Promise<DvPCheck> {
  return sdkCheckOffer(pc, p);
}

/** Whether `buyer` could take offer `id` now, worded for the buyer (code 112, allowance short, is fixed by the take itself). */
export function checkTake(pc: PublicClient, p: { dvp: Address; id: bigint; buyer: Address }): Promise<DvPCheck> {
  return sdkCheckTake(pc, p);
}

/** Offers `amount` of `token` for `price` of `paymentToken` to `buyer` (omitted: any verified buyer) until `expiry` (unix seconds); locks the amount. */
export function createOffer(
  wc: WalletClient,
  pc: PublicClient,
  p: { dvp: Address; token: Address; amount: bigint; paymentToken: Address; price: bigint; buyer?: Address; expiry: bigint },
) {
  return sdkCreateOffer(wc, pc, p);
}

/** Takes offer `id`: an ERC-2612 permit for the price when the allowance is short (else an approval), then both legs in one transaction. */
export function takeOffer(wc: WalletClient, pc: PublicClient, p: { dvp: Address; id: bigint }) {
  return sdkTakeOffer(wc, pc, { dvp: p.dvp, id: p.id });
}

/** Cancels open offer `id` (the seller) and unlocks its tokens. */
export function cancelOffer(wc: WalletClient, pc: PublicClient, p: { dvp: Address; id: bigint }) {
  return sdkCancelOffer(wc, pc, p);
}
