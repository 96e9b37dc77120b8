/**
 * JSON shapes of the vault API (an asset's ERC-7540 subscription and redemption vault). Amounts are decimal strings of
 * base units: payment-token base units for `assets`, token base units for `shares`; a NAV per share is payment-token
 * base units per whole share. Times are unix seconds of the chain (its block timestamps), as numbers.
 */

import type { Erc20Dto } from "../shared/api-types";

export type { Erc20Dto };

/** A NAV per share that took effect (from the index: the vault's NavUpdated events). */
export interface NavPointDto {
  valuationDate: number;
  navPerShare: string;
  proposer: string;
  /** The NAV approver's wallet when the move was beyond the limit; null within the limit. */
  approver: string | null;
  blockNumber: string;
  txHash: string;
}

/** Dealing schedule and minimums (`dealingTerms()`). */
export interface DealingTermsDto {
  firstDealing: number;
  interval: number;
  cutoff: number;
  /** Payment-token base units. */
  minDeposit: string;
  /** Token base units. */
  minRedeem: string;
}

/** What the signed-in wallet may do on the vault (its roles on the asset's AccessManager, read now). */
export interface VaultRolesDto {
  fundAdmin: boolean;
  navAgent: boolean;
  navApprover: boolean;
}

/** An asset's vault, read from the chain now (NAV history from the index). */
export interface VaultDto {
  token: string;
  vault: string;
  share: { symbol: string; decimals: number };
  paymentToken: Erc20Dto;
  treasury: string;
  /** The chain's time at the read. */
  now: number;
  /** The NAV per share in effect and its valuation date. */
  nav: { navPerShare: string; valuationDate: number };
  /** A NAV update beyond the move limit, awaiting a NAV approver; null when none. */
  pendingNav: { navPerShare: string; valuationDate: number; proposer: string } | null;
  navMoveLimitBps: number;
  terms: DealingTermsDto;
  /** The dealing date a request made now joins (`dealingDateAt(now)`), and its cut-off (dealing date − cutoff). */
  nextDealingDate: number;
  nextCutoff: number;
  /** The latest dealing date at or before now (the one a fulfilment deals at), null before the first. */
  lastDealingDate: number | null;
  /** NAVs that took effect, newest valuation first (at most `navLimit`). */
  navHistory: NavPointDto[];
  you: VaultRolesDto;
}

/** GET /api/assets/[token]/vault: `vault` null when the asset has no vault. */
export interface VaultResponse {
  vault: VaultDto | null;
}

/** One controller's pending request in the queue (amount and dealing date read from the chain now). */
export interface QueueRowDto {
  kind: "deposit" | "redeem";
  controller: string;
  /** Pending now: payment-token base units (deposit) or token base units (redeem). */
  pending: string;
  dealingDate: number;
  /** Block of the controller's first request still counted (the queue's order). */
  firstRequestBlock: string;
}

/** GET /api/assets/[token]/vault/queue. */
export interface QueueResponse {
  rows: QueueRowDto[];
  total: number;
  page: number;
  pageSize: number;
}

/** A wallet's standing with one vault, read from the chain now. */
export interface VaultPositionDto {
  token: string;
  name: string;
  symbol: string;
  decimals: number;
  vault: string;
  paymentToken: Erc20Dto;
  /** Payment-token base units pending, and the dealing date it is queued for (0: none). */
  depositPending: string;
  depositDealingDate: number;
  /** Token base units Claimable for fulfilled subscriptions (`claimableDepositShares`), and the payment-token base units they were bought for. */
  depositClaimableShares: string;
  depositClaimableAssets: string;
  /** Payment-token base units of a canceled subscription, to claim back. */
  depositCancelClaimable: string;
  /** Token base units pending redemption (locked), and their dealing date. */
  redeemPending: string;
  redeemDealingDate: number;
  /** Payment-token base units Claimable for fulfilled redemptions (`claimableRedeemAssets`), and the shares redeemed. */
  redeemClaimableAssets: string;
  redeemClaimableShares: string;
  /** Token base units of a canceled redemption whose lock is to be released. */
  redeemCancelClaimable: string;
  /** Cut-off of each term (dealing date − cutoff). */
  cutoff: number;
}

/** One vault event of the wallet (from the index). */
export interface OrderEventDto {
  token: string;
  symbol: string;
  event: string;
  /** Words for the event ("Subscription requested", …). */
  label: string;
  /** Payment-token base units, when the event carries them. */
  assets: string | null;
  /** Token base units, when the event carries them. */
  shares: string | null;
  dealingDate: number | null;
  blockNumber: string;
  txHash: string;
  blockTime: string;
}

/** GET /api/investors/[wallet]/orders. */
export interface OrdersResponse {
  wallet: string;
  now: number;
  positions: VaultPositionDto[];
  history: { rows: OrderEventDto[]; total: number; page: number; pageSize: number };
}
