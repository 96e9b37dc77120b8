/**
 * The vault writes the apps make from the browser: thin adapters over the SDK's vault actions (@tessera/sdk
 * actions/vault.ts), which read every refusal before any transaction and name it in words, then send through the one
 * send path. Amounts in base units.
 */
import {
  approveNav as sdkApproveNav,
  cancelDepositRequest,
  cancelRedeemRequest,
  claimCancelDepositRequest,
  claimCancelRedeemRequest,
  claimDeposit,
  claimRedeem,
  fulfillDeposits,
  fulfillRedeems,
  requestDeposit as sdkRequestDeposit,
  requestRedeem as sdkRequestRedeem,
  updateNav as sdkUpdateNav,
  type WriteResult,
} from "@tessera/sdk";
import type { Address, PublicClient, WalletClient } from "viem";

/** Subscribes: `requestDeposit(assets)` for the wallet (the vault is approved for the payment token first when short). */
export function requestDeposit(wc: WalletClient, pc: PublicClient, p: { vault: Address; assets: bigint }) {
  return sdkRequestDeposit(wc, pc, { vault: p.vault, assets: p.assets });
}

/** Redeems: `requestRedeem(shares)` for the wallet (the shares are locked in it until fulfilment or cancelation). */
export function requestRedeem(wc: WalletClient, pc: PublicClient, p: { vault: Address; shares: bigint }) {
  return sdkRequestRedeem(wc, pc, { vault: p.vault, shares: p.shares });
}

/** Cancels the wallet's Pending subscription or redemption (ERC-7887; before the cut-off). */
export function cancelRequest(wc: WalletClient, pc: PublicClient, p: { vault: Address; kind: "deposit" | "redeem" }): Promise<WriteResult> {
  return p.kind === "deposit" ? cancelDepositRequest(wc, pc, { vault: p.vault }) : cancelRedeemRequest(wc, pc, { vault: p.vault });
}

/**
 * Claims all that is Claimable of one kind: the shares of a fulfilled subscription, the payout of a fulfilled
 * redemption, the refund of a canceled subscription or the release of a canceled redemption's lock.
 */
export function claim(wc: WalletClient, pc: PublicClient, p: { vault: Address; what: "deposit" | "redeem" | "cancel-deposit" | "cancel-redeem" }): Promise<WriteResult> {
  switch (p.what) {
    case "deposit":
      return claimDeposit(wc, pc, { vault: p.vault });
    case "redeem":
      return claimRedeem(wc, pc, { vault: p.vault });
    case "cancel-deposit":
      return claimCancelDepositRequest(wc, pc, { vault: p.vault });
    default:
      return claimCancelRedeemRequest(wc, pc, { vault: p.vault });
  }
}

/** NAV_AGENT: sets the NAV per share (payment-token base units per whole share) for a valuation date (unix seconds). */
export function updateNav(wc: WalletClient, pc: PublicClient, p: { vault: Address; navPerShare: bigint; valuationDate: bigint }) {
  return sdkUpdateNav(wc, pc, p);
}

/** NAV_APPROVER (not the proposer): approves the pending proposal, restated so what takes effect is what was shown. */
export function approveNav(wc: WalletClient, pc: PublicClient, p: { vault: Address; navPerShare: bigint; valuationDate: bigint }) {
  return sdkApproveNav(wc, pc, p);
}

/**
 * FUND_ADMIN: fulfils the given controllers' Pending requests of one kind at the NAV of `dealingDate`, in one batch
 * transaction (up to 500 per batch; redemptions: the payout is checked and approved to the vault first).
 * @returns the last batch's transaction (the flow tracks it to the indexer)
 */
export async function fulfil(
  wc: WalletClient,
  pc: PublicClient,
  p: { vault: Address; kind: "deposit" | "redeem"; dealingDate: bigint; requests: { controller: Address; amount: bigint }[] },
): Promise<WriteResult> {
  const params = { vault: p.vault, dealingDate: p.dealingDate, requests: p.requests, batchSize: 500 };
  const r = p.kind === "deposit" ? await fulfillDeposits(wc, pc, params) : await fulfillRedeems(wc, pc, params);
  const last = r.batches[r.batches.length - 1];
  if (!last) throw new Error("Nothing was fulfilled.");
  return last;
}
