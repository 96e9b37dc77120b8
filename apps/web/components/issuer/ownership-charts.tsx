"use client";

import { Bar, BarChart, CartesianGrid, Cell, Pie, PieChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatAmount, shortAddress } from "@/lib/client/format";
import { useOwnership } from "@/lib/client/queries";
import { countryLabel } from "@/lib/shared/countries";
import { devAccountLabel } from "@/lib/shared/dev-accounts";
import { QueryNotice } from "../query-notice";

const COLORS = ["#2f5bea", "#12a06a", "#e0a100", "#d9480f", "#7048e8", "#0c8599", "#c2255c", "#5c940d", "#495057", "#1864ab", "#adb5bd"];

/**
 * Ownership of an asset by holder (pie: the 10 largest and the rest) and by country (bars), for the same record
 * date as the cap table. Each chart has a text list beside it with the same figures (for reading and for
 * assistive technology).
 */
export function OwnershipCharts({
  token,
  decimals,
  symbol,
  asOf,
}: {
  token: string;
  decimals: number;
  symbol: string;
  asOf: Record<string, string>;
}) {
  const q = useOwnership(token, asOf);
  const d = q.data;
  const holders = (d?.byHolder ?? []).map((h) => ({
    name: h.wallet === "others" ? `Others (${h.holders})` : (devAccountLabel(h.wallet) ?? shortAddress(h.wallet)),
    share: Number(h.sharePercent),
    balance: h.balance,
  }));
  const countries = (d?.byCountry ?? []).map((c) => ({
    name: c.country === null ? "Not registered" : countryLabel(c.country),
    share: Number(c.sharePercent),
    balance: c.balance,
    holders: c.holders,
  }));

  return (
    <section className="card" aria-labelledby="ownership-heading">
      <div className="card-head">
        <h2 id="ownership-heading">Ownership</h2>
        <span className="hint">{d?.asOf ? `as of block ${d.asOf.block ?? "—"}` : "live"}</span>
      </div>
      <QueryNotice isPending={q.isPending} error={q.error} what="ownership" />
      {d && holders.length === 0 ? <p className="hint">Nobody holds {symbol} {d.asOf ? "at that date" : "yet"}.</p> : null}
      {d && holders.length > 0 ? (
        <div className="grid halves">
          <figure className="chart" aria-labelledby="by-holder-caption">
            <figcaption id="by-holder-caption">By holder</figcaption>
            <PieChart width={300} height={220}>
              <Pie data={holders} dataKey="share" nameKey="name" innerRadius={50} outerRadius={90} isAnimationActive={false}>
                {holders.map((h, i) => (
                  <Cell key={h.name} fill={COLORS[i % COLORS.length]} />
                ))}
              </Pie>
              <Tooltip formatter={(v) => `${Number(v).toFixed(2)}%`} />
            </PieChart>
            <ul aria-label="Ownership by holder" className="legend">
              {holders.map((h, i) => (
                <li key={h.name}>
                  <span className="swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" />
                  {h.name}: {formatAmount(h.balance, decimals)} {symbol} ({h.share.toFixed(2)}%)
                </li>
              ))}
            </ul>
          </figure>
          <figure className="chart" aria-labelledby="by-country-caption">
            <figcaption id="by-country-caption">By country</figcaption>
            <BarChart width={320} height={220} data={countries} margin={{ left: 0, right: 8, top: 8, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
              <YAxis unit="%" domain={[0, 100]} tick={{ fontSize: 11 }} width={44} />
              <Tooltip formatter={(v) => `${Number(v).toFixed(2)}%`} />
              <Bar dataKey="share" fill="#2f5bea" isAnimationActive={false} />
            </BarChart>
            <ul aria-label="Ownership by country" className="legend">
              {countries.map((c) => (
                <li key={c.name}>
                  {c.name}: {formatAmount(c.balance, decimals)} {symbol} ({c.share.toFixed(2)}%, {c.holders} holder{c.holders === 1 ? "" : "s"})
                </li>
              ))}
            </ul>
          </figure>
        </div>
      ) : null}
    </section>
  );
}
