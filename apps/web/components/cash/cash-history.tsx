"use client";

/** Investor app › Portfolio › Cash: every movement of the payment token for the investor's wallet. */
export function CashHistory(_props: { wallet: `0x${string}` | undefined; signedIn: boolean }) {
  return null;
}
