"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiGet } from "./api";
import type {
  AssetListResponse,
  AssetResponse,
  CapTableResponse,
  HoldingsResponse,
  InvestorListResponse,
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

/** One page of an asset's cap table, polled every 1.5 s. */
export function useCapTable(address: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ["cap-table", address.toLowerCase(), page, pageSize],
    queryFn: ({ signal }) =>
      apiGet<CapTableResponse>(`/api/assets/${address}/cap-table?page=${page}&pageSize=${pageSize}`, signal),
    refetchInterval: LIVE_MS,
    placeholderData: keepPreviousData,
  });
}

/** Registered investors, polled. */
export function useInvestors() {
  return useQuery({
    queryKey: ["investors"],
    queryFn: ({ signal }) => apiGet<InvestorListResponse>("/api/investors", signal),
    refetchInterval: LIVE_MS,
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
