"use client";

import { flexRender, type Header, type Table } from "@tanstack/react-table";
import type { ReactNode } from "react";

/** Column meta our tables read: `numeric` right-aligns the column (amounts, shares, counts). */
type ColumnMeta = { numeric?: boolean } | undefined;
const numericClass = (meta: unknown) => ((meta as ColumnMeta)?.numeric ? "num" : undefined);

/**
 * A TanStack table rendered as an accessible HTML table: `label` is its accessible name, `empty` the text of its one
 * row when there are no rows. Sorting, filtering and paging stay on the server: the table only renders the page it
 * was given. `header` renders a header cell's content (default: the column's header), e.g. a sort button.
 */
export function DataTable<T>({
  table,
  label,
  empty,
  header,
}: {
  table: Table<T>;
  label: string;
  empty: ReactNode;
  header?: (h: Header<T, unknown>) => { content: ReactNode; ariaSort?: "ascending" | "descending" };
}) {
  const rows = table.getRowModel().rows;
  const columns = table.getVisibleLeafColumns().length;
  return (
    <table aria-label={label}>
      <thead>
        {table.getHeaderGroups().map((g) => (
          <tr key={g.id}>
            {g.headers.map((h) => {
              const custom = header?.(h);
              return (
                <th key={h.id} scope="col" className={numericClass(h.column.columnDef.meta)} aria-sort={custom?.ariaSort}>
                  {custom ? custom.content : flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={columns} className="empty">
              {empty}
            </td>
          </tr>
        ) : (
          rows.map((row) => (
            <tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={numericClass(cell.column.columnDef.meta)}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

/**
 * Previous/next paging of a server-paged table: "Page 2 of 7" plus `children` (e.g. a total). `label`, when given,
 * makes it a navigation landmark with that name (else a plain group of buttons); `statusLabel`, when given, makes the
 * page text a live status with that name.
 */
export function Pager({
  label,
  page,
  pageCount,
  onPage,
  statusLabel,
  children,
}: {
  label?: string;
  page: number;
  pageCount: number;
  onPage: (page: number) => void;
  statusLabel?: string;
  children?: ReactNode;
}) {
  const buttons = (
    <>
      <button type="button" className="btn-secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span {...(statusLabel ? { role: "status", "aria-label": statusLabel } : {})}>
        Page {page} of {pageCount}
        {children}
      </span>
      <button type="button" className="btn-secondary" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </>
  );
  return label ? (
    <nav className="pager" aria-label={label}>
      {buttons}
    </nav>
  ) : (
    <div className="pager">{buttons}</div>
  );
}
