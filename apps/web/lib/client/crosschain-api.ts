/**
 * The cross-chain index as the browser reads it: GET /api/me/crosschain-transfers (the signed-in investor's transfers)
 * and GET /api/assets/[token]/crosschain (supply per chain, in transit, holders by identity across chains); DTOs in
 * lib/shared/api-types.ts. A deployment whose web app has no such route answers Next's plain 404, which `fetch*`
 * turns into `null` ("no index"): the screens then read the chains instead.
 */
import type { AssetCrosschainResponse, CrosschainTransferDto, MyCrosschainTransfersResponse } from "../shared/api-types";
import type { TransferRow } from "../shared/crosschain";
import { ApiClientError, apiGet } from "./api";

/** Holders by identity the Chains section asks for (the route allows at most 200 a page). */
export const CROSSCHAIN_HOLDERS_PAGE_SIZE = 100;

/** True for Next's own 404 of a route that does not exist (no JSON error body), not an API's NOT_FOUND answer. */
export function isMissingRoute(err: unknown): boolean {
  return err instanceof ApiClientError && err.status === 404 && err.code === "HTTP_ERROR";
}

/** An index row as the transfers list shows it. */
export function transferRowOf(t: CrosschainTransferDto): TransferRow {
  return {
    messageId: t.messageId,
    status: t.status,
    sourceChainId: t.sourceChainId,
    destinationChainId: t.destinationChainId,
    sourceToken: t.sourceToken,
    amount: t.amount,
    code: t.code,
    sourceTxHash: t.sent?.txHash ?? null,
  };
}

/** The signed-in investor's cross-chain transfers, newest first (first page of 100); null without the route. */
export async function fetchMyCrosschainTransfers(signal?: AbortSignal): Promise<CrosschainTransferDto[] | null> {
  try {
    const r = await apiGet<MyCrosschainTransfersResponse>("/api/me/crosschain-transfers?pageSize=100", signal);
    return r.transfers;
  } catch (err) {
    if (isMissingRoute(err)) return null;
    throw err;
  }
}

/** An asset across chains from the index (first page of holders); null without the route. */
export async function fetchAssetCrosschain(token: string, signal?: AbortSignal): Promise<AssetCrosschainResponse | null> {
  try {
    return await apiGet<AssetCrosschainResponse>(`/api/assets/${token}/crosschain?pageSize=${CROSSCHAIN_HOLDERS_PAGE_SIZE}`, signal);
  } catch (err) {
    if (isMissingRoute(err)) return null;
    throw err;
  }
}
