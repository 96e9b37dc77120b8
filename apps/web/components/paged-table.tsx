"use client";

import type { Table } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { DataTable, Pager } from "./data-table";
import { QueryNotice } from "./query-notice";

/** What `PagedTable` reads of a `useServerPagedTable` result. */
export interface PagedTableState<T> {
  query: { isPending: boolean; error: Error | null; data: unknown };
  table: Table<T>;
  page: number;
  setPage: (page: number) => void;
  pageCount: number;
  total: number;
}

/**
 * A table paged on the server (`useServerPagedTable`): the loading or error notice for `what`, then, once a page is in,
 * the table named `label` (`empty` when no row matches) and its pager (`pagerLabel` names the navigation,
 * `statusLabel` the page text, `totalText` the count after it, e.g. " · 12 movements").
 */
export function PagedTable<T>({
  paged,
  what,
  label,
  empty,
  pagerLabel,
  statusLabel,
  totalText,
}: {
  paged: PagedTableState<T>;
  what: string;
  label: string;
  empty: ReactNode;
  pagerLabel: string;
  statusLabel?: string;
  totalText: (total: number) => string;
}) {
  const q = paged.query;
  return (
    <>
      <QueryNotice isPending={q.isPending} error={q.error} what={what} />
      {q.data ? (
        <div className="table-wrap">
          <DataTable table={paged.table} label={label} empty={empty} />
          <Pager label={pagerLabel} page={paged.page} pageCount={paged.pageCount} onPage={paged.setPage} statusLabel={statusLabel}>
            {totalText(paged.total)}
          </Pager>
        </div>
      ) : null}
    </>
  );
}
