"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { Address } from "viem";
import { useConnection } from "wagmi";
import { useActiveSession } from "@/lib/client/session";
import { useTradeHoldings } from "@/lib/dvp/queries";
import { QueryNotice } from "../query-notice";
import { cashOf, tokens } from "./format";
import { OfferForm } from "./offer-form";
import { OpenOffers, TradeHistory } from "./offers-tables";

/**
 * Investor app › Trades: delivery-versus-payment offers between investors. "Offer tokens" (the wallet's holdings with
 * their locked and available amounts, the DvP's check in words, then the offer with its progress), "Offers" (its own
 * with Cancel, those naming it and those to any verified buyer with Take) and "Trade history" (taken, cancelled and
 * released offers with their transactions). Signed in only: every list is the signed-in wallet's.
 */
export function InvestorTradesPanel() {
  const { address, isConnected } = useConnection();
  const { session } = useActiveSession();
  const wallet = isConnected && session ? (address as Address) : undefined;
  const sessionAddress = wallet ? session!.address : null;
  const trade = useTradeHoldings(sessionAddress);
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["dvp"] });
    void client.invalidateQueries({ queryKey: ["holdings"] });
  };

  if (!wallet || !sessionAddress) {
    return (
      <section className="card" aria-labelledby="trades-heading">
        <h2 id="trades-heading">Trades</h2>
        <p className="notice" aria-label="Trades access">
          Sign in with your wallet to offer your tokens for the payment token, to a named wallet or to any verified buyer, and to take the offers made to
          you: a taken offer settles both sides in one transaction (delivery versus payment), or not at all.
        </p>
      </section>
    );
  }

  const t = trade.data;
  return (
    <div className="grid">
      <section className="card" aria-labelledby="trades-heading">
        <h2 id="trades-heading">Offer tokens</h2>
        <QueryNotice isPending={trade.isPending} error={trade.error} what="your holdings" />
        {t?.paymentToken ? (
          <p className="hint" role="status" aria-label="Payment token balance">
            Your {t.paymentToken.symbol} balance: {cashOf(t.paymentToken, t.paymentToken.balance)}
          </p>
        ) : null}
        {t?.holdings.length ? (
          <div className="table-wrap">
            <table aria-label="Tradable holdings">
              <thead>
                <tr>
                  <th scope="col">Asset</th>
                  <th scope="col">Balance</th>
                  <th scope="col">Locked</th>
                  <th scope="col">Available</th>
                </tr>
              </thead>
              <tbody>
                {t.holdings.map((h) => (
                  <tr key={h.token}>
                    <td>
                      {h.name} ({h.symbol})
                    </td>
                    <td>{tokens(h, h.balance)}</td>
                    <td>{tokens(h, h.lockedAmount)}</td>
                    <td>{tokens(h, h.available)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {t ? <OfferForm wallet={wallet} trade={t} onChanged={refresh} /> : null}
      </section>
      <OpenOffers wallet={wallet} sessionAddress={sessionAddress} onChanged={refresh} />
      <TradeHistory sessionAddress={sessionAddress} />
    </div>
  );
}
