"use client";

import { formatAmount } from "@/lib/client/format";
import { useHoldings } from "@/lib/client/queries";
import { QueryNotice } from "../query-notice";

/** The connected wallet's holdings (polled). */
export function HoldingsTable({ wallet }: { wallet: string | undefined }) {
  const q = useHoldings(wallet);
  return (
    <section className="card" aria-labelledby="holdings-heading">
      <h2 id="holdings-heading">My holdings</h2>
      {!wallet ? (
        <p role="status" className="notice">
          Connect a wallet to see its holdings.
        </p>
      ) : (
        <>
          <QueryNotice isPending={q.isPending} error={q.error} what="holdings" />
          {q.data ? (
            <div className="table-wrap">
              <table aria-label="Holdings">
                <thead>
                  <tr>
                    <th scope="col">Asset</th>
                    <th scope="col" className="num">
                      Balance
                    </th>
                    <th scope="col">Frozen</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.holdings.length === 0 ? (
                    <tr>
                      <td colSpan={3} className="empty">
                        No holdings.
                      </td>
                    </tr>
                  ) : (
                    q.data.holdings.map((h) => (
                      <tr key={h.token}>
                        <td>
                          {h.name} ({h.symbol})<div className="hint">{h.assetClassName}</div>
                        </td>
                        <td className="num">
                          {formatAmount(h.balance, h.decimals)} {h.symbol}
                        </td>
                        <td>
                          {h.frozen ? (
                            <span className="badge danger">Frozen</span>
                          ) : h.frozenAmount !== "0" ? (
                            <span className="badge warn">
                              {formatAmount(h.frozenAmount, h.decimals)} {h.symbol} frozen
                            </span>
                          ) : (
                            <span className="badge">No</span>
                          )}
                        </td>
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

