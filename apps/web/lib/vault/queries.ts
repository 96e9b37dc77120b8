"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiGet } from "../client/api";
import { LIVE_MS } from "../client/queries";
import type { OrdersResponse, QueueResponse, VaultResponse } from "./types";

/** An asset's vault (NAV, pending NAV, terms, next dealing date, the signed-in wallet's roles), polled; signed in only (keyed by the session's wallet). */
export function useVault(token: string, sessionAddress: string | null | undefined) {
  return useQuery({
    queryKey: ["vault", token.toLowerCase(), sessionAddress ?? null],
    queryFn: ({ signal }) => apiGet<VaultResponse>(`/api/assets/${token.toLowerCase()}/vault`, signal),
    enabled: Boolean(sessionAddress),
    refetchInterval: LIVE_MS * 2,
  });
}

/** The vault's queue (Pending requests per controller), polled; the token's readers only (`enabled`). */
export function useVaultQueue(token: string, page: number, pageSize: number, enabled = true) {
  const qs = new URLSearchParams({ page: String(page), pageSize: String(pageSize) }).toString();
  return useQuery({
    queryKey: ["vault-queue", token.toLowerCase(), qs],
    queryFn: ({ signal }) => apiGet<QueueResponse>(`/api/assets/${token.toLowerCase()}/vault/queue?${qs}`, signal),
    enabled,
    refetchInterval: LIVE_MS,
    placeholderData: keepPreviousData,
  });
}

/** A wallet's orders (positions per vault, events), polled; the wallet itself signed in (`enabled`). */
export function useOrders(wallet: string | undefined, page: number, enabled = true) {
  return useQuery({
    queryKey: ["orders", wallet?.toLowerCase() ?? null, page],
    queryFn: ({ signal }) => apiGet<OrdersResponse>(`/api/investors/${wallet!.toLowerCase()}/orders?page=${page}&pageSize=20`, signal),
    enabled: Boolean(enabled && wallet),
    refetchInterval: LIVE_MS,
    placeholderData: keepPreviousData,
  });
}
