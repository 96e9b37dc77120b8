"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiGet } from "./api";
import type {
  AssetListResponse,
  AssetResponse,
  CapTableResponse,
  HoldingsResponse,
  InvestorListResponse,
  OwnershipResponse,
  StatusResponse,
} from "../shared/api-types";

/** Poll interval of live tables (the indexer follows blocks within about a second). */
export const LIVE_MS = 1500;

/** All assets, polled. */
export function useAssets() {
  return useQuery({
    queryKey: ["assets"],
    queryFn: ({ signal }) => apiGet<AssetListResponse>("/api/assets", signal),
    refetchInterval: LIVE_MS * 2,
  });
}

/** One asset with its rules, polled (supply and holder count change with every mint). */
export function useAsset(address: string) {
  return useQuery({
    queryKey: ["asset", address.toLowerCase()],
    queryFn: ({ signal }) => apiGet<AssetResponse>(`/api/assets/${address}`, signal),
    refetchInterval: LIVE_MS,
  });
}

/** One page of an asset's cap table (extra query: sort, dir, q, country, frozen, asOfBlock, asOfDate), polled every 1.5 s. */
export function useCapTable(address: string, page: number, pageSize: number, extra: Record<string, string> = {}) {
  const qs = new URLSearchParams({ page: String(page), pageSize: String(pageSize), ...extra }).toString();
  return useQuery({
    queryKey: ["cap-table", address.toLowerCase(), qs],
    queryFn: ({ signal }) => apiGet<CapTableResponse>(`/api/assets/${address}/cap-table?${qs}`, signal),
    refetchInterval: LIVE_MS,
    placeholderData: keepPreviousData,
  });
}

/** Ownership by holder and by country (now or at a record date), polled. */
export function useOwnership(address: string, extra: Record<string, string> = {}) {
  const qs = new URLSearchParams(extra).toString();
  return useQuery({
    queryKey: ["ownership", address.toLowerCase(), qs],
    queryFn: ({ signal }) => apiGet<OwnershipResponse>(`/api/assets/${address}/ownership${qs ? `?${qs}` : ""}`, signal),
    refetchInterval: LIVE_MS * 2,
    placeholderData: keepPreviousData,
  });
}

/** Registered investors (extra query: page, pageSize, sort, dir, q, country, status), polled. */
export function useInvestors(extra: Record<string, string> = {}) {
  const qs = new URLSearchParams(extra).toString();
  return useQuery({
    queryKey: ["investors", qs],
    queryFn: ({ signal }) => apiGet<InvestorListResponse>(`/api/investors${qs ? `?${qs}` : ""}`, signal),
    refetchInterval: LIVE_MS,
    placeholderData: keepPreviousData,
  });
}

/** A wallet's holdings, polled; idle without a wallet. */
export function useHoldings(wallet: string | undefined) {
  return useQuery({
    queryKey: ["holdings", wallet?.toLowerCase()],
    queryFn: ({ signal }) => apiGet<HoldingsResponse>(`/api/holdings?wallet=${wallet}`, signal),
    enabled: Boolean(wallet),
    refetchInterval: LIVE_MS,
  });
}

/** The indexer cursor, polled. */
export function useIndexerStatus() {
  return useQuery({
    queryKey: ["status"],
    queryFn: ({ signal }) => apiGet<StatusResponse>("/api/status", signal),
    refetchInterval: LIVE_MS * 2,
  });
}
