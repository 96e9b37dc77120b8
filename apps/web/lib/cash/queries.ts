"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiGet } from "../client/api";
import { LIVE_MS } from "../client/queries";
import type { CashHistoryResponse } from "./types";

/** One page of the signed-in investor's cash history (GET /api/me/cash), polled; idle without a session (keyed by the wallet). */
export function useCashHistory(wallet: string | undefined, enabled: boolean, page: number, pageSize: number) {
  const qs = new URLSearchParams({ page: String(page), pageSize: String(pageSize) }).toString();
  return useQuery({
    queryKey: ["me", "cash", wallet?.toLowerCase() ?? null, qs],
    queryFn: ({ signal }) => apiGet<CashHistoryResponse>(`/api/me/cash?${qs}`, signal),
    enabled: enabled && Boolean(wallet),
    refetchInterval: LIVE_MS * 2,
    placeholderData: keepPreviousData,
  });
}
