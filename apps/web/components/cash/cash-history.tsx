"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { formatAmount, shortAddress } from "@/lib/client/format";
import { useServerPagedTable } from "@/lib/client/use-server-paged-table";
import type { CashHistoryResponse, CashMovementDto } from "@/lib/cash/types";
import { PagedTable } from "../paged-table";
import { TxCell } from "../tx-cell";

const PAGE_SIZE = 10;
const col = createColumnHelper<CashMovementDto>();
const NO_FILTERS = {};
/** " · 3 movements" after the page number. */
export const movementsText = (total: number) => ` · ${total} movement${total === 1 ? "" : "s"}`;

/** A signed payment-token amount in whole units: "+1,050.00 TUSD" / "−500 TUSD". */
export function signedCash(m: Pick<CashMovementDto, "amount" | "paymentToken">): string {
  const neg = m.amount.startsWith("-");
  const abs = neg ? m.amount.slice(1) : m.amount;
  return `${neg ? "−" : "+"}${formatAmount(abs, m.paymentToken.decimals)} ${m.paymentToken.symbol}`;
}

const movementsOf = (r: CashHistoryResponse) => r.movements;
const columns = [
  col.accessor("blockTime", { header: "Date", cell: (c) => c.getValue().slice(0, 10) }),
  col.accessor("symbol", { header: "Asset", cell: (c) => c.getValue() || <code title={c.row.original.token}>{shortAddress(c.row.original.token)}</code> }),
  col.accessor("label", { header: "Kind" }),
  col.accessor("amount", {
    header: "Amount",
    meta: { numeric: true },
    cell: (c) => signedCash(c.row.original),
  }),
  col.accessor("txHash", { header: "Transaction", cell: (c) => <TxCell hash={c.getValue()} block={c.row.original.blockNumber} /> }),
];

/**
 * Investor app › Portfolio › "Cash": every movement of the payment token for the signed-in investor's wallets
 * (subscriptions paid into escrow and refunded, redemption proceeds, distributions, DvP payments, bond redemptions at
 * face value), newest first, paged on the server (GET /api/me/cash), with a CSV download of the whole history.
 */
export function CashHistory({ wallet, signedIn }: { wallet: `0x${string}` | undefined; signedIn: boolean }) {
  const paged = useServerPagedTable({
    path: "/api/me/cash",
    queryKey: ["me", "cash", wallet?.toLowerCase() ?? null],
    enabled: signedIn && Boolean(wallet),
    pageSize: PAGE_SIZE,
    initialFilters: NO_FILTERS,
    rows: movementsOf,
    columns,
    getRowId: (r) => `${r.blockNumber}-${r.logIndex}-${r.leg}`,
  });

  return (
    <section className="card" aria-labelledby="cash-heading">
      <div className="card-head">
        <h2 id="cash-heading">Cash</h2>
        {signedIn && wallet ? (
          <a className="btn-secondary" href={paged.csvHref} download>
            Download cash CSV
          </a>
        ) : null}
      </div>
      {!signedIn || !wallet ? (
        <p className="notice" aria-label="Cash access">
          Sign in with your wallet to see your payments and receipts in the payment token.
        </p>
      ) : (
        <PagedTable
          paged={paged}
          what="your cash movements"
          label="Cash movements"
          empty="No cash movements yet: subscriptions, redemptions, distributions and trades appear here."
          pagerLabel="Cash pages"
          statusLabel="Cash page"
          totalText={movementsText}
        />
      )}
    </section>
  );
}
