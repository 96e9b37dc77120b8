"use client";

import { useState } from "react";
import type { Address, PublicClient } from "viem";
import { usePublicClient } from "wagmi";
import { explainUnknown } from "@/lib/client/errors";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import { useDvpOffers } from "@/lib/dvp/queries";
import type { OfferDto, OffersResponse } from "@/lib/dvp/types";
import { cancelOffer, checkTake, takeOffer } from "@/lib/dvp/writes";
import { Pager } from "../data-table";
import { QueryNotice } from "../query-notice";
import { RowsTable, type RowsColumn } from "../rows-table";
import { TxCell } from "../tx-cell";
import { TxProgress } from "../tx-progress";
import { formatDateTime } from "../vault/format";
import { cashOf, party, perToken, tokens } from "./format";

type OfferColumn = RowsColumn<OfferDto>;

/** The columns both offers tables show, for the wallet `me` (its own side reads "you"). */
function offerColumns(me: string) {
  return {
    offer: { header: "Offer", cell: (o) => `#${o.id}` },
    asset: { header: "Asset", cell: (o) => `${o.name} (${o.symbol})` },
    amount: { header: "Amount", cell: (o) => tokens(o, o.amount) },
    price: { header: "Price", cell: (o) => cashOf(o.paymentToken, o.price) },
    perToken: { header: "Price per token", cell: (o) => perToken(o) },
    seller: { header: "Seller", cell: (o) => party(o.seller, me), title: (o) => o.seller },
    buyer: { header: "Buyer", cell: (o) => party(o.buyer, me), title: (o) => o.buyer ?? undefined },
    status: { header: "Status", cell: (o) => o.status },
  } satisfies Record<string, OfferColumn>;
}

/** The first columns of both offers tables: offer, asset, amount, price. */
function leadColumns(c: ReturnType<typeof offerColumns>): OfferColumn[] {
  return [c.offer, c.asset, c.amount, c.price];
}

/** The pager under an offers table, shown when there is more than one page; its page text is the status `label`. */
function OffersPager({ r, page, setPage, label }: { r: OffersResponse | undefined; page: number; setPage: (p: number) => void; label: string }) {
  if (!r || r.total <= r.pageSize) return null;
  return (
    <Pager page={page} pageCount={Math.ceil(r.total / r.pageSize)} onPage={setPage} statusLabel={label}>
      {` · ${r.total} offers`}
    </Pager>
  );
}

/**
 * "Offers": the open offers the wallet may see: its own (Cancel), those naming it and those to any verified buyer
 * (Take). Take runs the DvP's `checkTake` first and shows a refusal in words ("you are not verified for this asset");
 * else the buyer signs a permit for the price (or approves it) and takes the offer: both legs in one transaction.
 */
export function OpenOffers({ wallet, sessionAddress, onChanged }: { wallet: Address; sessionAddress: string; onChanged: () => void }) {
  const [page, setPage] = useState(1);
  const q = useDvpOffers("open", page, sessionAddress);
  const publicClient = usePublicClient();
  const act = useTxFlow();
  const r = q.data;
  const dvp = r?.dvp as Address | null | undefined;
  const busy = isTxBusy(act.state);
  const c = offerColumns(sessionAddress);
  const columns: OfferColumn[] = [
    ...leadColumns(c),
    c.perToken,
    c.seller,
    c.buyer,
    { header: "Expires", cell: (o) => formatDateTime(o.expiry) },
    c.status,
    {
      header: "Action",
      cell: (o) =>
        o.role === "seller" ? (
          <button type="button" className="btn-secondary" disabled={busy} onClick={() => onCancel(o)}>
            Cancel offer #{o.id}
          </button>
        ) : o.status === "Open" ? (
          <button type="button" disabled={busy} onClick={() => onTake(o)}>
            Take offer #{o.id}
          </button>
        ) : (
          <span className="hint">Expired</span>
        ),
    },
  ];

  async function onTake(o: OfferDto) {
    if (!dvp || !publicClient) return;
    act.checking();
    try {
      const answer = await checkTake(publicClient as unknown as PublicClient, { dvp, id: BigInt(o.id), buyer: wallet });
      // 112: only the allowance is short, which the take itself fixes (a permit or an approval).
      if (!answer.ok && answer.code !== 112) {
        act.fail(answer.reason, { refused: true });
        return;
      }
    } catch (err) {
      act.fail(explainUnknown(err));
      return;
    }
    await act.run({
      send: (wc, pc) => takeOffer(wc, pc, { dvp, id: BigInt(o.id) }),
      success: () => {
        onChanged();
        return `Offer ${o.id} taken: ${tokens(o, o.amount)} delivered to you against ${cashOf(o.paymentToken, o.price)} paid to the seller, in one transaction.`;
      },
    });
  }

  async function onCancel(o: OfferDto) {
    if (!dvp) return;
    await act.run({
      send: (wc, pc) => cancelOffer(wc, pc, { dvp, id: BigInt(o.id) }),
      success: () => {
        onChanged();
        return `Offer ${o.id} cancelled: ${tokens(o, o.amount)} unlocked in your wallet.`;
      },
    });
  }

  return (
    <section className="card" aria-labelledby="offers-heading">
      <h2 id="offers-heading">Offers</h2>
      <QueryNotice isPending={q.isPending} error={q.error} what="the offers" />
      {r && r.total === 0 ? (
        <p className="hint" role="status" aria-label="Offers status">
          No open offers. Your own offers, offers made to you and offers to any verified buyer appear here until they are taken, cancelled or expire.
        </p>
      ) : null}
      {r?.offers.length ? <RowsTable label="Offers" rows={r.offers} columns={columns} rowKey={(o) => o.id} /> : null}
      <OffersPager r={r} page={page} setPage={setPage} label="Offers page" />
      <TxProgress state={act.state} label="Trade progress" />
    </section>
  );
}

const CLOSED_LABEL = { OfferTaken: "taken by", OfferCancelled: "cancelled by", OfferReleased: "released by" } as const;

/** "Trade history": the wallet's taken, cancelled and released offers, newest first, each with its closing transaction. */
export function TradeHistory({ sessionAddress }: { sessionAddress: string }) {
  const [page, setPage] = useState(1);
  const q = useDvpOffers("history", page, sessionAddress);
  const r = q.data;
  const c = offerColumns(sessionAddress);
  const columns: OfferColumn[] = [
    ...leadColumns(c),
    c.seller,
    // The buyer of a taken offer is who took it (an offer to any verified buyer names none).
    { ...c.buyer, cell: (o) => party(o.closed?.event === "OfferTaken" ? o.closed.by : o.buyer, sessionAddress) },
    c.status,
    {
      header: "Closed",
      cell: (o) =>
        o.closed ? `${o.closed.blockTime.slice(0, 16).replace("T", " ")} UTC, ${CLOSED_LABEL[o.closed.event]} ${party(o.closed.by, sessionAddress)}` : "—",
    },
    { header: "Transaction", cell: (o) => <TxCell hash={o.closed?.txHash} abbreviation="full" /> },
  ];
  return (
    <section className="card" aria-labelledby="trade-history-heading">
      <h2 id="trade-history-heading">Trade history</h2>
      <QueryNotice isPending={q.isPending} error={q.error} what="your trade history" />
      {r && r.total === 0 ? <p className="hint">Nothing yet.</p> : null}
      {r?.offers.length ? <RowsTable label="Trade history" rows={r.offers} columns={columns} rowKey={(o) => o.id} /> : null}
      <OffersPager r={r} page={page} setPage={setPage} label="Trade history page" />
    </section>
  );
}
