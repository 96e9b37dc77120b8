"use client";

import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type SortingState } from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { formatAmount, formatDate } from "@/lib/client/format";
import { useCapTable } from "@/lib/client/queries";
import { useRoleGate } from "@/lib/client/use-role-gate";
import type { CapTableRow, CapTableSort } from "@/lib/shared/api-types";
import { COMMON_COUNTRIES, countryLabel } from "@/lib/shared/countries";
import { devAccountLabel } from "@/lib/shared/dev-accounts";
import { CapTablePendingTotals } from "../cash/pending-totals";
import { QueryNotice } from "../query-notice";
import { OwnershipCharts } from "./ownership-charts";
import { DataTable, Pager } from "../data-table";

const col = createColumnHelper<CapTableRow>();
const PAGE_SIZE = 25;

interface Controls {
  q: string;
  country: string;
  frozen: string;
  asOfBlock: string;
  asOfDate: string;
}
const EMPTY: Controls = { q: "", country: "", frozen: "", asOfBlock: "", asOfDate: "" };

/** Query parameters for the API from the controls (invalid inputs are left out; the hint says so). */
function toParams(c: Controls, sorting: SortingState): Record<string, string> {
  const p: Record<string, string> = {};
  const q = c.q.trim().toLowerCase();
  if (/^(0x)?[0-9a-f]{1,40}$/.test(q)) p.q = q;
  if (c.country) p.country = c.country;
  if (c.frozen && !c.asOfBlock && !c.asOfDate) p.frozen = c.frozen;
  if (/^\d+$/.test(c.asOfBlock.trim())) p.asOfBlock = c.asOfBlock.trim();
  else if (c.asOfDate) p.asOfDate = c.asOfDate;
  const s = sorting[0];
  if (s) {
    p.sort = s.id;
    p.dir = s.desc ? "desc" : "asc";
  }
  return p;
}

/**
 * Cap table of an asset, sorted, filtered and paged on the server (TanStack table in manual mode), live or as of a
 * record date (a block or a day), with CSV export of every matching holder and ownership charts for the same date.
 * Only for the token's agents, owner and role holders and compliance officers (the server answers others 401/403):
 * anyone else sees the note **Cap table access** saying whom to sign in as, and nothing is fetched.
 */
export function CapTable({ token, decimals, symbol }: { token: string; decimals: number; symbol: string }) {
  const gate = useRoleGate({ tokenReader: token }, "see the cap table");
  if (gate.blocked || gate.checking) {
    return (
      <section className="card" aria-labelledby="cap-table-heading">
        <div className="card-head">
          <h2 id="cap-table-heading">Cap table</h2>
        </div>
        <p className="notice" aria-label="Cap table access">
          {gate.checking ? "Checking your roles…" : gate.blocked}
        </p>
      </section>
    );
  }
  return <AllowedCapTable token={token} decimals={decimals} symbol={symbol} />;
}

/** The cap table itself, rendered once the session may read it. */
function AllowedCapTable({ token, decimals, symbol }: { token: string; decimals: number; symbol: string }) {
  const [page, setPage] = useState(1);
  const [controls, setControls] = useState<Controls>(EMPTY);
  const [sorting, setSorting] = useState<SortingState>([]);
  const params = toParams(controls, sorting);
  const q = useCapTable(token, page, PAGE_SIZE, params);
  const past = Boolean(params.asOfBlock || params.asOfDate);
  // The live cap table's vault payment token (pending subscriptions are in it); null without a vault or at a record date.
  const paymentToken = q.data?.pending?.paymentToken ?? null;
  const asOfParams: Record<string, string> = params.asOfBlock ? { asOfBlock: params.asOfBlock } : params.asOfDate ? { asOfDate: params.asOfDate } : {};

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
              {c.row.original.balance === "0" ? <div className="hint">Not a holder yet: subscription pending</div> : null}
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
        enableSorting: false,
        cell: (c) => `${Number(c.getValue()).toFixed(2)}%`,
        meta: { numeric: true },
      }),
      col.accessor("kycExpiresAt", { header: "KYC expiry", cell: (c) => (c.getValue() ? formatDate(c.getValue()) : "—") }),
      col.accessor("firstAcquiredBlock", {
        header: "First acquired",
        cell: (c) => (c.getValue() ? `block ${c.getValue()}` : "—"),
        meta: { numeric: true },
      }),
      col.accessor("frozen", {
        header: "Frozen",
        enableSorting: false,
        cell: (c) =>
          c.getValue() === null ? (
            <span className="hint">n/a</span>
          ) : c.getValue() ? (
            <span className="badge danger">Frozen</span>
          ) : c.row.original.frozenAmount && c.row.original.frozenAmount !== "0" ? (
            <span className="badge warn">Partly ({formatAmount(c.row.original.frozenAmount, decimals)})</span>
          ) : (
            <span className="badge">No</span>
          ),
      }),
      col.accessor("lockedAmount", {
        header: "Locked",
        enableSorting: false,
        meta: { numeric: true },
        cell: (c) => (c.getValue() === null ? <span className="hint">n/a</span> : c.getValue() === "0" ? "—" : `${formatAmount(c.getValue()!, decimals)} ${symbol}`),
      }),
      col.accessor("pendingSubscription", {
        header: "Pending subscription",
        enableSorting: false,
        meta: { numeric: true },
        cell: (c) =>
          c.getValue() === null ? (
            <span className="hint">n/a</span>
          ) : c.getValue() === "0" || !paymentToken ? (
            "—"
          ) : (
            `${formatAmount(c.getValue()!, paymentToken.decimals)} ${paymentToken.symbol}`
          ),
      }),
      col.accessor("pendingRedemption", {
        header: "Pending redemption",
        enableSorting: false,
        meta: { numeric: true },
        cell: (c) => (c.getValue() === null ? <span className="hint">n/a</span> : c.getValue() === "0" ? "—" : `${formatAmount(c.getValue()!, decimals)} ${symbol}`),
      }),
    ],
    [decimals, symbol, paymentToken],
  );

  const data = useMemo(() => q.data?.holders ?? [], [q.data]);
  const pageCount = q.data ? Math.max(1, Math.ceil(q.data.total / PAGE_SIZE)) : 1;
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    enableSortingRemoval: true,
    sortDescFirst: false,
    state: { sorting },
    onSortingChange: (updater) => {
      setSorting(updater);
      setPage(1);
    },
    pageCount,
    getRowId: (r) => r.wallet,
  });
  const set = (patch: Partial<Controls>) => {
    setControls((c) => ({ ...c, ...patch }));
    setPage(1);
  };
  const currentSort = (q.data?.sort ?? "balance") as CapTableSort;
  const csvHref = `/api/assets/${token}/cap-table?${new URLSearchParams({ ...params, format: "csv" }).toString()}`;

  return (
    <>
      <section className="card" aria-labelledby="cap-table-heading">
        <div className="card-head">
          <h2 id="cap-table-heading">Cap table</h2>
          <span className="hint" aria-live="off">
            {q.data
              ? // Rows are wallets (a pending subscriber without tokens yet is one too); holders, counted by identity,
                // are the Overview's figure.
                `${q.data.total} wallet${q.data.total === 1 ? "" : "s"}${past ? "" : " · live"}`
              : ""}
          </span>
          <a className="btn-secondary" href={csvHref} download>
            Export cap table CSV
          </a>
        </div>
        <div className="filters" role="group" aria-label="Cap table controls">
          <div className="field">
            <label htmlFor="cap-q">Search holders</label>
            <input id="cap-q" placeholder="0x… (part of an address)" value={controls.q} onChange={(e) => set({ q: e.target.value })} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="cap-country">Country filter</label>
            <select id="cap-country" value={controls.country} onChange={(e) => set({ country: e.target.value })}>
              <option value="">All countries</option>
              {COMMON_COUNTRIES.map((c) => (
                <option key={c.code} value={String(c.code)}>
                  {c.code} {c.name}
                </option>
              ))}
              <option value="0">Not registered</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="cap-frozen">Freeze state</label>
            <select id="cap-frozen" value={controls.frozen} onChange={(e) => set({ frozen: e.target.value })} disabled={past}>
              <option value="">Any</option>
              <option value="frozen">Wallet frozen</option>
              <option value="partly">Partly frozen</option>
              <option value="none">Not frozen</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="cap-block">As of block</label>
            <input id="cap-block" inputMode="numeric" placeholder="now" value={controls.asOfBlock} onChange={(e) => set({ asOfBlock: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="cap-date">As of date (record date)</label>
            <input id="cap-date" type="date" value={controls.asOfDate} onChange={(e) => set({ asOfDate: e.target.value })} />
          </div>
          {past || controls.q || controls.country || controls.frozen ? (
            <button type="button" className="btn-secondary" onClick={() => set(EMPTY)}>
              Show live, unfiltered
            </button>
          ) : null}
        </div>
        {q.data?.asOf ? (
          <p role="status" aria-label="Record date" className="notice">
            {q.data.asOf.block === null
              ? `No transfers up to ${q.data.asOf.date}: nobody held ${symbol} then.`
              : `Balances as of block ${q.data.asOf.block}${q.data.asOf.date ? ` (end of ${q.data.asOf.date} UTC)` : ""}, summed from the indexed transfers; total supply then ${formatAmount(q.data.totalSupply, decimals)} ${symbol}. Countries and KYC are today's; freezes are not kept per block.`}
          </p>
        ) : null}
        <QueryNotice isPending={q.isPending} error={q.error} what="the cap table" />
        {q.data ? <CapTablePendingTotals data={q.data} decimals={decimals} symbol={symbol} /> : null}
        {q.data ? (
          <div className="table-wrap">
            <DataTable
              table={table}
              label="Cap table"
              empty={past || controls.q || controls.country || controls.frozen ? "No holders match." : "No holders yet."}
              header={(h) => {
                const sortable = h.column.getCanSort();
                const active = (sorting[0]?.id ?? "balance") === h.column.id && currentSort === h.column.id;
                const desc = sorting[0] ? sorting[0].desc : q.data?.dir === "desc";
                const label = flexRender(h.column.columnDef.header, h.getContext());
                return {
                  ariaSort: active ? (desc ? "descending" : "ascending") : undefined,
                  content: sortable ? (
                    <button type="button" className="link-button" onClick={h.column.getToggleSortingHandler()} title="Sort on the server">
                      {label}
                      {active ? (desc ? " ▼" : " ▲") : ""}
                    </button>
                  ) : (
                    label
                  ),
                };
              }}
            />
            {pageCount > 1 ? (
              <Pager label="Cap table pages" page={page} pageCount={pageCount} onPage={setPage} />
            ) : null}
          </div>
        ) : null}
      </section>
      <OwnershipCharts token={token} decimals={decimals} symbol={symbol} asOf={asOfParams} />
    </>
  );
}
