"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiGet } from "./api";
import { useActiveSession } from "./session";
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
export function useAsset(token: string) {
  return useQuery({
    queryKey: ["asset", token.toLowerCase()],
    queryFn: ({ signal }) => apiGet<AssetResponse>(`/api/assets/${token}`, signal),
    refetchInterval: LIVE_MS,
  });
}

/**
 * One page of an asset's cap table (extra query: sort, dir, q, country, frozen, asOfBlock, asOfDate), polled every
 * 1.5 s. The server answers only the token's agents, owner and role holders and compliance officers (401/403):
 * pass `enabled` false until the session says so (useRoleGate `tokenReader`).
 */
export function useCapTable(token: string, page: number, pageSize: number, extra: Record<string, string> = {}, enabled = true) {
  const qs = new URLSearchParams({ page: String(page), pageSize: String(pageSize), ...extra }).toString();
  return useQuery({
    queryKey: ["cap-table", token.toLowerCase(), qs],
    queryFn: ({ signal }) => apiGet<CapTableResponse>(`/api/assets/${token}/cap-table?${qs}`, signal),
    enabled,
    refetchInterval: LIVE_MS,
    placeholderData: keepPreviousData,
  });
}

/** Ownership by holder and by country (now or at a record date), polled; same readers as the cap table (`enabled`). */
export function useOwnership(token: string, extra: Record<string, string> = {}, enabled = true) {
  const qs = new URLSearchParams(extra).toString();
  return useQuery({
    queryKey: ["ownership", token.toLowerCase(), qs],
    queryFn: ({ signal }) => apiGet<OwnershipResponse>(`/api/assets/${token}/ownership${qs ? `?${qs}` : ""}`, signal),
    enabled,
    refetchInterval: LIVE_MS * 2,
    placeholderData: keepPreviousData,
  });
}

/**
 * Registered investors (extra query: page, pageSize, sort, dir, q, country, status), polled. Compliance officers
 * only (401/403): pass `enabled` false until the session says so (useRoleGate `complianceOfficer`).
 */
export function useInvestors(extra: Record<string, string> = {}, enabled = true) {
  const qs = new URLSearchParams(extra).toString();
  return useQuery({
    queryKey: ["investors", qs],
    queryFn: ({ signal }) => apiGet<InvestorListResponse>(`/api/investors${qs ? `?${qs}` : ""}`, signal),
    enabled,
    refetchInterval: LIVE_MS,
    placeholderData: keepPreviousData,
  });
}

/**
 * A wallet's holdings, polled. The server answers the signed-in wallet about itself and compliance officers about
 * anyone (401/403), so the query stays idle without a wallet or without such a session.
 */
export function useHoldings(wallet: string | undefined) {
  const { session } = useActiveSession();
  const allowed = Boolean(wallet && session && (session.address === wallet.toLowerCase() || session.roles.complianceOfficer));
  return useQuery({
    queryKey: ["holdings", wallet?.toLowerCase()],
    queryFn: ({ signal }) => apiGet<HoldingsResponse>(`/api/holdings?wallet=${wallet}`, signal),
    enabled: allowed,
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
