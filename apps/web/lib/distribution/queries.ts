"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiGet } from "../client/api";
import { LIVE_MS } from "../client/queries";
import { distributionPath } from "./paths";
import type { DistributionDetailResponse, DistributionListResponse, MyDistributionsResponse } from "./types";

/** An asset's distributions (drafts and postings with claimed and remaining), polled; the token's readers (`enabled`). */
export function useDistributions(token: string, page: number, enabled = true) {
  return useQuery({
    queryKey: ["distributions", token.toLowerCase(), page],
    queryFn: ({ signal }) => apiGet<DistributionListResponse>(`/api/assets/${token.toLowerCase()}/distributions?page=${page}&pageSize=20`, signal),
    enabled,
    refetchInterval: LIVE_MS * 2,
    placeholderData: keepPreviousData,
  });
}

/** One distribution (root and record block) and a page of its entitlements (claimed yes/no), polled while open. */
export function useDistributionDetail(token: string, d: { root: string; recordBlock: string } | null, id: string | null, page: number, pageSize: number) {
  const query = { page: String(page), pageSize: String(pageSize), ...(id ? { id } : {}) };
  return useQuery({
    queryKey: ["distributions", token.toLowerCase(), "detail", d?.root ?? null, d?.recordBlock ?? null, query],
    queryFn: ({ signal }) => apiGet<DistributionDetailResponse>(distributionPath(token, d!, "", query), signal),
    enabled: Boolean(d),
    refetchInterval: LIVE_MS * 2,
    placeholderData: keepPreviousData,
  });
}

/** The signed-in investor's entitlements across assets, polled. */
export function useMyDistributions(sessionAddress: string | null | undefined, page: number) {
  return useQuery({
    queryKey: ["my-distributions", sessionAddress ?? null, page],
    queryFn: ({ signal }) => apiGet<MyDistributionsResponse>(`/api/me/distributions?page=${page}&pageSize=50`, signal),
    enabled: Boolean(sessionAddress),
    refetchInterval: LIVE_MS * 2,
    placeholderData: keepPreviousData,
  });
}
