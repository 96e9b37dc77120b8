"use client";

import { formatAmount, formatDate } from "@/lib/client/format";
import { useActiveSession } from "@/lib/client/session";
import { formatMoney, formatNav } from "@/lib/investor/money";
import { usePortfolio } from "@/lib/investor/queries";
import type { PortfolioPositionDto } from "@/lib/investor/types";
import type { HoldingDto } from "@/lib/shared/api-types";
import { chainNameOf } from "@/lib/shared/chains";
import { useServedChains } from "../chain-switcher";
import { QueryNotice } from "../query-notice";

function FrozenCell({ h }: { h: Pick<HoldingDto, "frozen" | "frozenAmount" | "decimals" | "symbol"> }) {
  if (h.frozen) return <span className="badge danger">Frozen</span>;
  if (h.frozenAmount !== "0") {
    return (
      <span className="badge warn">
        {formatAmount(h.frozenAmount, h.decimals)} {h.symbol} frozen
      </span>
    );
  }
  return <span className="badge">No</span>;
}

/** Lock-up end dates (LockUpModule lots still locked), or why there are none. */
function LockUpCell({ p }: { p: PortfolioPositionDto }) {
  if (!p.lockUp) return <span className="hint">No lock-up</span>;
  if (p.lockUp.lots.length === 0) return <span className="badge ok">Unlocked</span>;
  return (
    <ul className="rules">
      {p.lockUp.lots.map((l) => (
        <li key={l.unlocksAt}>
          {formatAmount(l.amount, p.decimals)} {p.symbol} locked until {formatDate(l.unlocksAt)}
        </li>
      ))}
    </ul>
  );
}

/**
 * Under a position's home-chain balance: the wallet's balance of the asset on each other chain and its tokens in
 * transit between chains (nothing when it holds the asset on the home chain alone).
 */
function ElsewhereLines({ p }: { p: PortfolioPositionDto }) {
  const { chains } = useServedChains();
  if (p.otherChains.length === 0 && p.inTransit === "0") return null;
  return (
    <ul className="hint" aria-label={`${p.symbol} on other chains`} style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {p.otherChains.map((c) => (
        <li key={c.chainId}>
          + {formatAmount(c.balance, p.decimals)} {p.symbol} on {chainNameOf(chains, c.chainId)}
        </li>
      ))}
      {p.inTransit !== "0" ? (
        <li>
          + {formatAmount(p.inTransit, p.decimals)} {p.symbol} in transit between chains
        </li>
      ) : null}
    </ul>
  );
}

/**
 * The connected wallet's holdings. Signed in (as this wallet), it is the portfolio: per asset the balance, frozen
 * amount, lock-up end dates, NAV per unit with its date and currency and the value, and the total value per currency.
 * Off the home chain: each position lists the wallet's balance on the other chains and its tokens in transit, and its
 * value counts them (GET /api/portfolio).
 * Only connected (not signed in as this wallet), it says to sign in: holdings are not public (GET /api/holdings and
 * GET /api/portfolio answer 401/403 to anyone but the wallet itself and compliance officers).
 */
export function HoldingsTable({ wallet }: { wallet: string | undefined }) {
  const { session } = useActiveSession();
  const signedIn = Boolean(session && wallet && session.address === wallet.toLowerCase());
  const portfolio = usePortfolio(wallet, signedIn);
  return (
    <section className="card" aria-labelledby="holdings-heading">
      <h2 id="holdings-heading">{signedIn ? "My portfolio" : "My holdings"}</h2>
      {!wallet ? (
        <p role="status" className="notice">
          Connect a wallet to see its holdings.
        </p>
      ) : (
        <>
          {signedIn ? <QueryNotice isPending={portfolio.isPending} error={portfolio.error} what="holdings" /> : null}
          {signedIn && portfolio.data ? (
            <>
              <p role="status" aria-label="Total portfolio value" className="notice ok">
                {portfolio.data.totals.length
                  ? `Total value: ${portfolio.data.totals.map((t) => formatMoney(t.value, t.currency)).join(" + ")}`
                  : "Total value: no NAV set for your assets yet."}
                {portfolio.data.unvalued > 0 && portfolio.data.totals.length
                  ? ` (${portfolio.data.unvalued} asset${portfolio.data.unvalued > 1 ? "s" : ""} without a NAV not included)`
                  : ""}
              </p>
              <div className="table-wrap">
                <table aria-label="Holdings">
                  <thead>
                    <tr>
                      <th scope="col">Asset</th>
                      <th scope="col" className="num">
                        Balance
                      </th>
                      <th scope="col">Frozen</th>
                      <th scope="col">Lock-up</th>
                      <th scope="col" className="num">
                        NAV per unit
                      </th>
                      <th scope="col" className="num">
                        Value
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {portfolio.data.positions.length === 0 ? (
                      <tr>
                        <td colSpan={6} className="empty">
                          No holdings.
                        </td>
                      </tr>
                    ) : (
                      portfolio.data.positions.map((p) => (
                        <tr key={p.token}>
                          <td>
                            {p.name} ({p.symbol})<div className="hint">{p.assetClassName}</div>
                          </td>
                          <td className="num">
                            {formatAmount(p.balance, p.decimals)} {p.symbol}
                            <ElsewhereLines p={p} />
                          </td>
                          <td>
                            <FrozenCell h={p} />
                          </td>
                          <td>
                            <LockUpCell p={p} />
                          </td>
                          <td className="num">
                            {p.nav ? (
                              <>
                                {formatNav(p.nav.navPerUnit)} {p.nav.currency}
                                <div className="hint">as of {p.nav.valuationDate}</div>
                              </>
                            ) : (
                              <span className="hint">No NAV set</span>
                            )}
                          </td>
                          <td className="num">{p.value !== null && p.nav ? formatMoney(p.value, p.nav.currency) : "—"}</td>
                        </tr>
                      ))
                    )}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
          {!signedIn ? (
            <p role="status" className="notice" aria-label="Holdings access">
              Sign in (top right) with this wallet to see its holdings, their values at the issuers&apos; NAV, lock-up end dates and your history.
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
