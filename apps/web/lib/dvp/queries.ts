"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiGet } from "../client/api";
import { LIVE_MS } from "../client/queries";
import type { OffersResponse, TradeHoldingsResponse } from "./types";

/** The DvP offers the signed-in wallet may see (`open` or `history`), polled; keyed by the session's wallet. */
export function useDvpOffers(view: "open" | "history", page: number, sessionAddress: string | null | undefined) {
  return useQuery({
    queryKey: ["dvp", "offers", view, page, sessionAddress ?? null],
    queryFn: ({ signal }) => apiGet<OffersResponse>(`/api/dvp/offers?view=${view}&page=${page}&pageSize=20`, signal),
    enabled: Boolean(sessionAddress),
    refetchInterval: LIVE_MS,
    placeholderData: keepPreviousData,
  });
}

/** The signed-in wallet's holdings with locked and available amounts, and its payment-token balance, polled. */
export function useTradeHoldings(sessionAddress: string | null | undefined) {
  return useQuery({
    queryKey: ["dvp", "holdings", sessionAddress ?? null],
    queryFn: ({ signal }) => apiGet<TradeHoldingsResponse>("/api/dvp/holdings", signal),
    enabled: Boolean(sessionAddress),
    refetchInterval: LIVE_MS,
  });
}
