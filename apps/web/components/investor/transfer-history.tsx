"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { formatAmount, shortAddress } from "@/lib/client/format";
import { useAssets } from "@/lib/client/queries";
import { useServerPagedTable } from "@/lib/client/use-server-paged-table";
import type { MyTransferDto, MyTransfersResponse } from "@/lib/investor/types";
import { movementsText } from "../cash/cash-history";
import { PagedTable } from "../paged-table";
import { TxCell } from "../tx-cell";

const PAGE_SIZE = 10;
const col = createColumnHelper<MyTransferDto>();

/** The row's type in words (as in the CSV export). */
function typeText(t: MyTransferDto): string {
  if (t.kind === "mint") return "Issuance";
  if (t.kind === "burn") return "Redemption";
  return t.direction === "in" ? "Received" : "Sent";
}

const NO_FILTERS = { token: "", kind: "" };
const transfersOf = (r: MyTransfersResponse) => r.transfers;
const columns = [
  col.accessor("blockTime", { header: "Date", cell: (c) => c.getValue().slice(0, 10) }),
  col.display({ id: "type", header: "Type", cell: (c) => typeText(c.row.original) }),
  col.accessor("symbol", { header: "Asset" }),
  col.accessor("amount", {
    header: "Amount",
    meta: { numeric: true },
    cell: (c) => `${c.row.original.direction === "in" ? "+" : "−"}${formatAmount(c.getValue(), c.row.original.decimals)} ${c.row.original.symbol}`,
  }),
  col.accessor("counterparty", {
    header: "Counterparty",
    cell: (c) => (c.row.original.kind === "transfer" ? <code title={c.getValue()}>{shortAddress(c.getValue())}</code> : <span className="hint">issuer</span>),
  }),
  col.accessor("txHash", { header: "Transaction", cell: (c) => <TxCell hash={c.getValue()} block={c.row.original.blockNumber} /> }),
];

/**
 * "History": the signed-in wallet's own issuances, transfers and redemptions (indexed Transfer events), newest first,
 * filtered and paged on the server (TanStack table in manual mode), with a CSV export of every matching row.
 */
export function TransferHistory({ wallet, signedIn }: { wallet: string | undefined; signedIn: boolean }) {
  const assets = useAssets();
  const paged = useServerPagedTable({
    path: "/api/me/transfers",
    queryKey: ["me", "transfers", wallet?.toLowerCase() ?? null],
    enabled: signedIn && Boolean(wallet),
    pageSize: PAGE_SIZE,
    initialFilters: NO_FILTERS,
    rows: transfersOf,
    columns,
    getRowId: (r) => `${r.blockNumber}-${r.logIndex}`,
  });
  const { filters, setFilters: set } = paged;

  return (
    <section className="card" aria-labelledby="history-heading">
      <div className="card-head">
        <h2 id="history-heading">History</h2>
        {signedIn && wallet ? (
          <a className="btn-secondary" href={paged.csvHref} download>
            Export history CSV
          </a>
        ) : null}
      </div>
      {!signedIn || !wallet ? (
        <p className="notice" aria-label="History access">
          Sign in with your wallet to see your issuances, transfers and redemptions.
        </p>
      ) : (
        <>
          <div className="filters" role="group" aria-label="History filters">
            <div className="field">
              <label htmlFor="history-asset">Token filter</label>
              <select id="history-asset" value={filters.token} onChange={(e) => set({ token: e.target.value })}>
                <option value="">All assets</option>
                {(assets.data?.assets ?? []).map((a) => (
                  <option key={a.token} value={a.token}>
                    {a.name} ({a.symbol})
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="history-kind">Movement type</label>
              <select id="history-kind" value={filters.kind} onChange={(e) => set({ kind: e.target.value })}>
                <option value="">All types</option>
                <option value="mint">Issuances</option>
                <option value="transfer">Transfers</option>
                <option value="burn">Redemptions</option>
              </select>
            </div>
          </div>
          <PagedTable
            paged={paged}
            what="your history"
            label="Transfer history"
            empty={paged.filtered ? "Nothing matches." : "No transfers yet."}
            pagerLabel="History pages"
            statusLabel="History page"
            totalText={movementsText}
          />
        </>
      )}
    </section>
  );
}
