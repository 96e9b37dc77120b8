"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet } from "../client/api";
import { LIVE_MS } from "../client/queries";
import type { BondResponse, InvestorBondsResponse } from "./types";

/** A bond asset's terms, coupon calendar and maturity, polled; signed in only (keyed by the session's wallet). */
export function useBond(token: string, sessionAddress: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: ["bond", token.toLowerCase(), sessionAddress ?? null],
    queryFn: ({ signal }) => apiGet<BondResponse>(`/api/assets/${token.toLowerCase()}/bond`, signal),
    enabled: Boolean(enabled && sessionAddress),
    refetchInterval: LIVE_MS * 2,
  });
}

/** The bonds a wallet holds with their maturity and redemption, polled; the wallet itself signed in (`enabled`). */
export function useInvestorBonds(wallet: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ["investor-bonds", wallet?.toLowerCase() ?? null],
    queryFn: ({ signal }) => apiGet<InvestorBondsResponse>(`/api/investors/${wallet!.toLowerCase()}/bonds`, signal),
    enabled: Boolean(enabled && wallet),
    refetchInterval: LIVE_MS * 2,
  });
}
