/**
 * The cross-chain index as the browser reads it: GET /api/me/crosschain-transfers (the signed-in investor's transfers)
 * and GET /api/assets/[token]/crosschain (supply per chain, in transit, holders by identity across chains).
 *
 * MERGE NOTE: both routes and their DTOs come from branch h-xindex (types in lib/shared/api-types.ts). The shapes
 * below are what the screens read; on merge, make them aliases of h-xindex's types (or map them in `fetch*` below),
 * nothing else in the screens needs to change. A route that does not exist yet answers Next's plain 404, which
 * `fetch*` turns into `null` ("no index"): the screens then fall back to reading the chains.
 */
import { ApiClientError, apiGet } from "./api";

/** Status of a cross-chain transfer in the index: burnt and not delivered yet / minted on the destination / refused by
 * the destination's rules (tokens on their way back) / minted back to the sender on the source. */
export type CrosschainStatus = "sent" | "delivered" | "refused" | "returned";

/** One cross-chain transfer (the index's `CrosschainTransfer` row). Amount in token base units (decimal string). */
export interface CrosschainTransferDto {
  /** The message id (`sendId` on the source, `receiveId` on the destination). */
  messageId: string;
  status: CrosschainStatus;
  sourceChainId: number;
  destinationChainId: number;
  sourceToken: string | null;
  destinationToken: string | null;
  from: string;
  to: string;
  amount: string;
  /** Restriction code of a refusal (5 RECIPIENT_NOT_VERIFIED, 120 IDENTITY_MISMATCH…), else null. */
  code: number | null;
  sourceTxHash: string | null;
  destinationTxHash: string | null;
  returnedTxHash: string | null;
  /** ISO times of each half, when indexed. */
  sourceAt: string | null;
  destinationAt: string | null;
  returnedAt: string | null;
}

/** One chain of an asset: its token there, supply and holders (token base units, decimal strings). */
export interface AssetChainDto {
  chainId: number;
  token: string;
  bridge: string | null;
  totalSupply: string;
  holderCount: number;
}

/** An investor (identity) holding the asset on one or more chains; `balances` by chain id, `total` over all. */
export interface CrosschainHolderDto {
  identity: string | null;
  wallets: Array<{ chainId: number; wallet: string; balance: string }>;
  balances: Record<string, string>;
  total: string;
}

/** GET /api/assets/[token]/crosschain. */
export interface AssetCrosschainResponse {
  chains: AssetChainDto[];
  /** Tokens burnt on one chain and not (yet) minted on another, or on their way back (base units). */
  inTransit: string;
  holders: CrosschainHolderDto[];
}

/** True for Next's own 404 of a route that does not exist (no JSON error body), not an API's NOT_FOUND answer. */
export function isMissingRoute(err: unknown): boolean {
  return err instanceof ApiClientError && err.status === 404 && err.code === "HTTP_ERROR";
}

/** The signed-in investor's cross-chain transfers, newest first; null when the index has no such route (yet). */
export async function fetchMyCrosschainTransfers(signal?: AbortSignal): Promise<CrosschainTransferDto[] | null> {
  try {
    const r = await apiGet<{ transfers: CrosschainTransferDto[] }>("/api/me/crosschain-transfers", signal);
    return r.transfers;
  } catch (err) {
    if (isMissingRoute(err)) return null;
    throw err;
  }
}

/** An asset across chains from the index; null when the index has no such route (yet). */
export async function fetchAssetCrosschain(token: string, signal?: AbortSignal): Promise<AssetCrosschainResponse | null> {
  try {
    return await apiGet<AssetCrosschainResponse>(`/api/assets/${token}/crosschain`, signal);
  } catch (err) {
    if (isMissingRoute(err)) return null;
    throw err;
  }
}
