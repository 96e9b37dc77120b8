"use client";

import { useState } from "react";
import type { Address, PublicClient } from "viem";
import { usePublicClient } from "wagmi";
import { explainUnknown } from "@/lib/client/errors";
import { useTxFlow, type TxState } from "@/lib/client/use-tx-flow";
import { useDvpOffers } from "@/lib/dvp/queries";
import type { OfferDto, OffersResponse } from "@/lib/dvp/types";
import { cancelOffer, checkTake, takeOffer } from "@/lib/dvp/writes";
import { QueryNotice } from "../query-notice";
import { TxProgress } from "../tx-progress";
import { formatDateTime } from "../vault/format";
import { cashOf, party, perToken, tokens } from "./format";

const isBusy = (s: TxState) => ["checking", "wallet", "submitted"].includes(s.phase) || (s.phase === "confirmed" && !s.indexTimedOut);

/** Pages of a table of offers. */
function Pager({ r, page, setPage, label }: { r: OffersResponse | undefined; page: number; setPage: (f: (p: number) => number) => void; label: string }) {
  if (!r || r.total <= r.pageSize) return null;
  return (
    <div className="pager">
      <button type="button" className="btn-secondary" disabled={page <= 1} onClick={() => setPage((x) => x - 1)}>
        Previous
      </button>
      <span role="status" aria-label={label}>
        Page {page} of {Math.ceil(r.total / r.pageSize)} · {r.total} offers
      </span>
      <button type="button" className="btn-secondary" disabled={page * r.pageSize >= r.total} onClick={() => setPage((x) => x + 1)}>
        Next
      </button>
    </div>
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
      {r?.offers.length ? (
        <div className="table-wrap">
          <table aria-label="Offers">
            <thead>
              <tr>
                <th scope="col">Offer</th>
                <th scope="col">Asset</th>
                <th scope="col">Amount</th>
                <th scope="col">Price</th>
                <th scope="col">Price per token</th>
                <th scope="col">Seller</th>
                <th scope="col">Buyer</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {r.offers.map((o) => (
                <tr key={o.id}>
                  <td>#{o.id}</td>
                  <td>
                    {o.name} ({o.symbol})
                  </td>
                  <td>{tokens(o, o.amount)}</td>
                  <td>{cashOf(o.paymentToken, o.price)}</td>
                  <td>{perToken(o)}</td>
                  <td title={o.seller}>{party(o.seller, sessionAddress)}</td>
                  <td title={o.buyer ?? undefined}>{party(o.buyer, sessionAddress)}</td>
                  <td>{formatDateTime(o.expiry)}</td>
                  <td>{o.status}</td>
                  <td>
                    {o.role === "seller" ? (
                      <button type="button" className="btn-secondary" disabled={isBusy(act.state)} onClick={() => onCancel(o)}>
                        Cancel offer #{o.id}
                      </button>
                    ) : o.status === "Open" ? (
                      <button type="button" disabled={isBusy(act.state)} onClick={() => onTake(o)}>
                        Take offer #{o.id}
                      </button>
                    ) : (
                      <span className="hint">Expired</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager r={r} page={page} setPage={setPage} label="Offers page" />
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
  return (
    <section className="card" aria-labelledby="trade-history-heading">
      <h2 id="trade-history-heading">Trade history</h2>
      <QueryNotice isPending={q.isPending} error={q.error} what="your trade history" />
      {r && r.total === 0 ? <p className="hint">Nothing yet.</p> : null}
      {r?.offers.length ? (
        <div className="table-wrap">
          <table aria-label="Trade history">
            <thead>
              <tr>
                <th scope="col">Offer</th>
                <th scope="col">Asset</th>
                <th scope="col">Amount</th>
                <th scope="col">Price</th>
                <th scope="col">Seller</th>
                <th scope="col">Buyer</th>
                <th scope="col">Status</th>
                <th scope="col">Closed</th>
                <th scope="col">Transaction</th>
              </tr>
            </thead>
            <tbody>
              {r.offers.map((o) => (
                <tr key={o.id}>
                  <td>#{o.id}</td>
                  <td>
                    {o.name} ({o.symbol})
                  </td>
                  <td>{tokens(o, o.amount)}</td>
                  <td>{cashOf(o.paymentToken, o.price)}</td>
                  <td title={o.seller}>{party(o.seller, sessionAddress)}</td>
                  <td title={o.buyer ?? undefined}>{party(o.closed?.event === "OfferTaken" ? o.closed.by : o.buyer, sessionAddress)}</td>
                  <td>{o.status}</td>
                  <td>
                    {o.closed ? `${o.closed.blockTime.slice(0, 16).replace("T", " ")} UTC, ${CLOSED_LABEL[o.closed.event]} ${party(o.closed.by, sessionAddress)}` : "—"}
                  </td>
                  <td>{o.closed ? <code title={o.closed.txHash}>{o.closed.txHash}</code> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager r={r} page={page} setPage={setPage} label="Trade history page" />
    </section>
  );
}
