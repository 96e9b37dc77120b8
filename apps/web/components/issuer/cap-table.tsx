"use client";

import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { formatAmount } from "@/lib/client/format";
import { useCapTable } from "@/lib/client/queries";
import type { CapTableRow } from "@/lib/shared/api-types";
import { countryLabel } from "@/lib/shared/countries";
import { devAccountLabel } from "@/lib/shared/dev-accounts";
import { QueryNotice } from "../query-notice";

const col = createColumnHelper<CapTableRow>();
const PAGE_SIZE = 25;

/** Live cap table of an asset (TanStack table over the paginated API, polled every 1.5 s). */
export function CapTable({ address, decimals, symbol }: { address: string; decimals: number; symbol: string }) {
  const [page, setPage] = useState(1);
  const q = useCapTable(address, page, PAGE_SIZE);

  const columns = useMemo(
    () => [
      col.accessor("wallet", {
        header: "Holder",
        cell: (c) => {
          const label = devAccountLabel(c.getValue());
          return (
            <>
              <code>{c.getValue()}</code>
              {label ? <div className="hint">{label}</div> : null}
            </>
          );
        },
      }),
      col.accessor("country", { header: "Country", cell: (c) => countryLabel(c.getValue()) }),
      col.accessor("balance", {
        header: "Balance",
        cell: (c) => `${formatAmount(c.getValue(), decimals)} ${symbol}`,
        meta: { numeric: true },
      }),
      col.accessor("sharePercent", {
        header: "% of supply",
        cell: (c) => `${Number(c.getValue()).toFixed(2)}%`,
        meta: { numeric: true },
      }),
      col.accessor("frozen", {
        header: "Frozen",
        cell: (c) =>
          c.getValue() ? (
            <span className="badge danger">Frozen</span>
          ) : c.row.original.frozenAmount !== "0" ? (
            <span className="badge warn">Partly ({formatAmount(c.row.original.frozenAmount, decimals)})</span>
          ) : (
            <span className="badge">No</span>
          ),
      }),
    ],
    [decimals, symbol],
  );

  const data = useMemo(() => q.data?.holders ?? [], [q.data]);
  const pageCount = q.data ? Math.max(1, Math.ceil(q.data.total / PAGE_SIZE)) : 1;
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    pageCount,
    getRowId: (r) => r.wallet,
  });

  return (
    <section className="card" aria-labelledby="cap-table-heading">
      <div className="card-head">
        <h2 id="cap-table-heading">Cap table</h2>
        <span className="hint" aria-live="off">
          {q.data ? `${q.data.total} holder${q.data.total === 1 ? "" : "s"} · live` : ""}
        </span>
      </div>
      <QueryNotice isPending={q.isPending} error={q.error} what="the cap table" />
      {q.data ? (
        <div className="table-wrap">
          <table aria-label="Cap table">
            <thead>
              {table.getHeaderGroups().map((hg) => (
                <tr key={hg.id}>
                  {hg.headers.map((h) => (
                    <th key={h.id} scope="col" className={(h.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric ? "num" : undefined}>
                      {flexRender(h.column.columnDef.header, h.getContext())}
                    </th>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody>
              {table.getRowModel().rows.length === 0 ? (
                <tr>
                  <td colSpan={columns.length} className="empty">
                    No holders yet.
                  </td>
                </tr>
              ) : (
                table.getRowModel().rows.map((row) => (
                  <tr key={row.id}>
                    {row.getVisibleCells().map((cell) => (
                      <td key={cell.id} className={(cell.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric ? "num" : undefined}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    ))}
                  </tr>
                ))
              )}
            </tbody>
          </table>
          {pageCount > 1 ? (
            <nav className="pager" aria-label="Cap table pages">
              <button type="button" className="btn-secondary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                Previous
              </button>
              <span>
                Page {page} of {pageCount}
              </span>
              <button type="button" className="btn-secondary" disabled={page >= pageCount} onClick={() => setPage((p) => p + 1)}>
                Next
              </button>
            </nav>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
