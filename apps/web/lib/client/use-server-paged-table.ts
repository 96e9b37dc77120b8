"use client";

import { keepPreviousData, useQuery, type QueryKey } from "@tanstack/react-query";
import { getCoreRowModel, useReactTable, type TableOptions } from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { apiGet } from "./api";
import { LIVE_MS } from "./queries";

/** What a server-paged table asks of its API (GET `path`): one page of rows in `rows(response)`, and `total` rows in all. */
export interface ServerPagedTableOptions<TRow, TResponse extends { total: number }, TFilters extends Record<string, string>> {
  /** The API path, e.g. "/api/me/cash": the query string carries the filters' parameters, then `page` and `pageSize`. */
  path: string;
  /** The query's key before its query string (what invalidations name), e.g. ["me", "cash", wallet]. */
  queryKey: QueryKey;
  /** False keeps the query idle (no session, a role gate still checking or blocking). */
  enabled: boolean;
  /** Rows a page (the server enforces its own bound). */
  pageSize: number;
  /** The filters' first values; every filter is a string, "" meaning "not filtered". */
  initialFilters: TFilters;
  /** The query parameters of the filters; default: each non-empty filter under its own name. */
  params?: (filters: TFilters) => Record<string, string>;
  /** The page's rows in the response. */
  rows: (response: TResponse) => TRow[];
  columns: TableOptions<TRow>["columns"];
  /** A stable row id (React key). */
  getRowId: (row: TRow) => string;
  /** Poll interval in ms (default twice the live interval). */
  refetchInterval?: number;
}

const nonEmpty = (filters: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== ""));

/**
 * A table filtered and paged on the server: TanStack Query fetches `path?<filters>&page=&pageSize=` (keeping the previous
 * page on screen while the next loads), TanStack Table renders it in manual-pagination mode. Changing a filter goes
 * back to page 1. `csvHref` is the same list as CSV (`format=csv`, every matching row).
 */
export function useServerPagedTable<TRow, TResponse extends { total: number }, TFilters extends Record<string, string>>(
  o: ServerPagedTableOptions<TRow, TResponse, TFilters>,
) {
  const [page, setPage] = useState(1);
  const [filters, setAllFilters] = useState<TFilters>(o.initialFilters);
  const filterParams = (o.params ?? nonEmpty)(filters);
  const qs = new URLSearchParams({ ...filterParams, page: String(page), pageSize: String(o.pageSize) }).toString();
  const query = useQuery({
    queryKey: [...o.queryKey, qs],
    queryFn: ({ signal }) => apiGet<TResponse>(`${o.path}?${qs}`, signal),
    enabled: o.enabled,
    refetchInterval: o.refetchInterval ?? LIVE_MS * 2,
    placeholderData: keepPreviousData,
  });
  const { rows } = o;
  const data = useMemo(() => (query.data ? rows(query.data) : []), [query.data, rows]);
  const total = query.data?.total ?? 0;
  const pageCount = query.data ? Math.max(1, Math.ceil(total / o.pageSize)) : 1;
  const table = useReactTable({ data, columns: o.columns, getCoreRowModel: getCoreRowModel(), manualPagination: true, pageCount, getRowId: o.getRowId });
  const setFilters = (patch: Partial<TFilters>) => {
    setAllFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  return {
    query,
    table,
    page,
    setPage,
    pageCount,
    /** Rows matching the filters, across pages (0 before the first answer). */
    total,
    filters,
    setFilters,
    /** True when any filter is set. */
    filtered: Object.values(filters).some((v) => v !== ""),
    csvHref: `${o.path}?${new URLSearchParams({ ...filterParams, format: "csv" }).toString()}`,
  };
}
