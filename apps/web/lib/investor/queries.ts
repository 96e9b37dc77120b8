"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiGet } from "../client/api";
import { LIVE_MS } from "../client/queries";
import type { MyDocumentsResponse, NavHistoryResponse, PortfolioResponse } from "./types";

/** The signed-in wallet's portfolio (GET /api/portfolio), polled; idle while `enabled` is false (no session). */
export function usePortfolio(wallet: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ["portfolio", wallet?.toLowerCase() ?? null],
    queryFn: ({ signal }) => apiGet<PortfolioResponse>("/api/portfolio", signal),
    enabled: enabled && Boolean(wallet),
    refetchInterval: LIVE_MS * 2,
  });
}

/** An asset's NAV history, first page (GET /api/assets/[token]/nav); idle without a session. */
export function useNavHistory(token: string, enabled: boolean) {
  return useQuery({
    queryKey: ["nav", token.toLowerCase()],
    queryFn: ({ signal }) => apiGet<NavHistoryResponse>(`/api/assets/${token}/nav?pageSize=5`, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** Documents of the signed-in wallet's assets (GET /api/me/documents), polled slowly; idle without a session. */
export function useMyDocuments(wallet: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ["me", "documents", wallet?.toLowerCase() ?? null],
    queryFn: ({ signal }) => apiGet<MyDocumentsResponse>("/api/me/documents", signal),
    enabled: enabled && Boolean(wallet),
    refetchInterval: 10_000,
  });
}
