/**
 * DTOs of the DvP routes (GET /api/dvp/offers, GET /api/dvp/holdings). Amounts are decimal strings of base units:
 * token base units for `amount`, payment-token base units for `price`; times are unix seconds of the chain.
 */

import type { Erc20Dto } from "../shared/api-types";

/** A payment token (lib/shared/api-types). */
export type DvpErc20Dto = Erc20Dto;

/**
 * Where an offer stands: `Open` (takeable), `Expired` (open on the chain but past its expiry: only the seller's
 * cancel or anyone's release closes it), `Taken` (settled), `Cancelled`, `Released` (closed after expiry).
 */
export type OfferStatusDto = "Open" | "Expired" | "Taken" | "Cancelled" | "Released";

/** One DvP offer as the signed-in investor sees it. */
export interface OfferDto {
  /** The DvP's offer id (decimal string). */
  id: string;
  token: string;
  name: string;
  symbol: string;
  decimals: number;
  /** Token base units offered. */
  amount: string;
  paymentToken: DvpErc20Dto;
  /** Payment-token base units for the whole amount. */
  price: string;
  /** Payment-token base units per whole token (rounded down). */
  pricePerToken: string;
  seller: string;
  /** The named buyer, or null: any verified buyer. */
  buyer: string | null;
  /** Unix seconds; takeable while the chain's time is before it. */
  expiry: number;
  status: OfferStatusDto;
  /** How the signed-in wallet relates to it: its own offer, an offer naming it (or that it took), an offer to any verified buyer. */
  role: "seller" | "buyer" | "open";
  created: { blockNumber: string; txHash: string; blockTime: string };
  /** The closing transaction (take, cancel, release); null while open. */
  closed: { event: "OfferTaken" | "OfferCancelled" | "OfferReleased"; by: string; blockNumber: string; txHash: string; blockTime: string } | null;
}

/** GET /api/dvp/offers. `dvp` null when the chain's deployments have no DvP (then no offers). */
export interface OffersResponse {
  dvp: string | null;
  /** The chain head's time the statuses were judged at. */
  now: number;
  view: "open" | "history";
  offers: OfferDto[];
  total: number;
  page: number;
  pageSize: number;
}

/** One asset the signed-in wallet holds, with what it may still offer. */
export interface TradableHoldingDto {
  token: string;
  name: string;
  symbol: string;
  decimals: number;
  /** Token base units (index). */
  balance: string;
  frozenAmount: string;
  /** Locked by a locker (open DvP offers, pending redemptions). */
  lockedAmount: string;
  /** balance − frozen − locked (never below 0): what an offer may lock. */
  available: string;
}

/** GET /api/dvp/holdings: the wallet's holdings of the platform's assets and its payment-token balance (chain, now). */
export interface TradeHoldingsResponse {
  wallet: string;
  dvp: string | null;
  paymentToken: (DvpErc20Dto & { balance: string }) | null;
  holdings: TradableHoldingDto[];
}
