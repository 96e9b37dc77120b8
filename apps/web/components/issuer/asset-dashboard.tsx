"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { formatUnits } from "viem";
import { apiGet } from "@/lib/client/api";
import { formatAmount, shortAddress } from "@/lib/client/format";
import { LIVE_MS } from "@/lib/client/queries";
import { useRoleGate } from "@/lib/client/use-role-gate";
import type { DashboardResponse } from "@/lib/issuer/get-dashboard";
import type { AssetDto } from "@/lib/shared/api-types";
import { countryLabel } from "@/lib/shared/countries";
import { HOLDERS_HINT } from "@/lib/shared/glossary";
import { devAccountLabel } from "@/lib/shared/dev-accounts";
import { QueryNotice } from "../query-notice";

const who = (w: string) => devAccountLabel(w) ?? shortAddress(w);

/**
 * Issuer dashboard of one asset (agents of the token): supply, holders, countries, a supply-over-time chart
 * (recharts; per day, or per block for a young asset) with the same figures in a list, recent activity and pending
 * actions. Data from GET /api/assets/[token]/dashboard, polled.
 */
export function AssetDashboard({ asset }: { asset: AssetDto }) {
  const gate = useRoleGate({ tokenReader: asset.token }, "see the dashboard");
  const q = useQuery({
    queryKey: ["dashboard", asset.token],
    queryFn: ({ signal }) => apiGet<DashboardResponse>(`/api/assets/${asset.token}/dashboard`, signal),
    refetchInterval: LIVE_MS * 2,
    enabled: !gate.blocked && !gate.checking,
  });
  const d = q.data;
  const fmt = (v: string) => `${formatAmount(v, asset.decimals)} ${asset.symbol}`;
  const points = (d?.history ?? []).map((p) => ({
    label: d?.bucket === "day" ? p.time.slice(0, 10) : `#${p.block}`,
    supply: Number(formatUnits(BigInt(p.totalSupply), asset.decimals)),
    holders: p.holders,
    raw: p.totalSupply,
  }));

  return (
    <section className="card" aria-labelledby="dashboard-heading">
      <h2 id="dashboard-heading">Dashboard</h2>
      {gate.blocked || gate.checking ? (
        <p className="notice" aria-label="Dashboard access">
          {gate.checking ? "Checking your roles…" : gate.blocked}
        </p>
      ) : (
        <>
          <QueryNotice isPending={q.isPending} error={q.error} what="the dashboard" />
          {d ? (
            <div className="grid">
              <dl className="stats" aria-label="Dashboard figures">
                <div>
                  <dt>Supply</dt>
                  <dd>{fmt(d.totalSupply)}</dd>
                </div>
                <div>
                  <dt title={HOLDERS_HINT}>Holders</dt>
                  <dd>{d.holders}</dd>
                </div>
                <div>
                  <dt>Countries</dt>
                  <dd>{d.countries.length}</dd>
                </div>
              </dl>
              <div role="region" aria-labelledby="pending-heading">
                <h3 id="pending-heading">Needs attention</h3>
                {d.pendingActions.length === 0 ? <p className="hint">Nothing waiting.</p> : null}
                <ul className="rules" aria-label="Needs attention">
                  {d.pendingActions.map((a) => (
                    <li key={a.kind} className="notice warn">
                      {a.text} {a.href ? <Link href={a.href}>Open</Link> : null}
                    </li>
                  ))}
                </ul>
              </div>
              <div className="grid halves">
                <figure className="chart" aria-labelledby="supply-caption">
                  <figcaption id="supply-caption">Supply over time ({d.bucket === "day" ? "per day" : "per block"})</figcaption>
                  {points.length ? (
                    <AreaChart width={420} height={220} data={points} margin={{ left: 0, right: 8, top: 8, bottom: 8 }}>
                      <CartesianGrid strokeDasharray="3 3" vertical={false} />
                      <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
                      <YAxis tick={{ fontSize: 11 }} width={64} />
                      <Tooltip formatter={(v) => `${Number(v).toLocaleString("en-US")} ${asset.symbol}`} />
                      <Area type="stepAfter" dataKey="supply" stroke="#2f5bea" fill="#2f5bea33" isAnimationActive={false} />
                    </AreaChart>
                  ) : (
                    <p className="hint">No issuance yet.</p>
                  )}
                  <ul aria-label="Supply over time" className="legend">
                    {points.slice(-5).map((p) => (
                      <li key={p.label}>
                        {p.label}: {fmt(p.raw)}, {p.holders} holder{p.holders === 1 ? "" : "s"}
                      </li>
                    ))}
                  </ul>
                </figure>
                <div>
                  <h3>Countries</h3>
                  <ul aria-label="Holders by country" className="legend">
                    {d.countries.map((c) => (
                      <li key={c.country}>
                        {c.country === 0 ? "Not registered" : countryLabel(c.country)}: {c.holders} holder{c.holders === 1 ? "" : "s"}, {fmt(c.balance)}
                      </li>
                    ))}
                  </ul>
                </div>
              </div>
              <div className="table-wrap">
                <table aria-label="Recent activity">
                  <thead>
                    <tr>
                      <th scope="col">Block</th>
                      <th scope="col">Kind</th>
                      <th scope="col">From</th>
                      <th scope="col">To</th>
                      <th scope="col">Amount</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.recentActivity.map((t) => (
                      <tr key={`${t.txHash}-${t.from}-${t.to}-${t.amount}`}>
                        <td>{t.block}</td>
                        <td>{t.kind === "mint" ? "Issued" : t.kind === "burn" ? "Redeemed" : "Transfer"}</td>
                        <td>{t.kind === "mint" ? "—" : who(t.from)}</td>
                        <td>{t.kind === "burn" ? "—" : who(t.to)}</td>
                        <td>{fmt(t.amount)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
