"use client";

import { useState } from "react";
import { ChainRecordBadges, useInvestorsChains } from "./chain-records";
import { formatDate } from "@/lib/client/format";
import { useInvestors } from "@/lib/client/queries";
import { useRoleGate } from "@/lib/client/use-role-gate";
import { COMMON_COUNTRIES, countryLabel } from "@/lib/shared/countries";
import { devAccountLabel } from "@/lib/shared/dev-accounts";
import { QueryNotice } from "../query-notice";
import { InvestorManager } from "./investor-manager";
import { Pager } from "../data-table";

const PAGE_SIZE = 25;
type Sort = "registeredBlock" | "wallet" | "country" | "kycExpiresAt";

/**
 * Registered investors from the index (polled): searched, filtered by country and KYC status (with a warning 30 days
 * before expiry), sorted and paged on the server, exported as CSV. Compliance officers only (the server answers
 * others 401/403): anyone else sees the note **Investors access** saying whom to sign in as, and nothing is fetched.
 */
export function InvestorsTable() {
  const gate = useRoleGate({ complianceOfficer: true }, "see the investor list");
  if (gate.blocked || gate.checking) {
    return (
      <section className="card" aria-labelledby="investors-heading">
        <div className="card-head">
          <h2 id="investors-heading">Investors</h2>
        </div>
        <p className="notice" aria-label="Investors access">
          {gate.checking ? "Checking your roles…" : gate.blocked}
        </p>
      </section>
    );
  }
  return <AllowedInvestorsTable />;
}

/** The investor list itself, rendered once the session is a compliance officer's. */
function AllowedInvestorsTable() {
  const [search, setSearch] = useState("");
  const [country, setCountry] = useState("");
  const [status, setStatus] = useState("");
  const [sort, setSort] = useState<{ by: Sort; dir: "asc" | "desc" } | null>(null);
  const [page, setPage] = useState(1);
  const [managed, setManaged] = useState<`0x${string}` | null>(null);
  const params: Record<string, string> = { page: String(page), pageSize: String(PAGE_SIZE) };
  const s = search.trim().toLowerCase();
  if (/^(0x)?[0-9a-f]{1,40}$/.test(s)) params.q = s;
  if (country) params.country = country;
  if (status) params.status = status;
  if (sort) {
    params.sort = sort.by;
    params.dir = sort.dir;
  }
  const q = useInvestors(params);
  // One request for the whole page's "Other chains" column.
  const chains = useInvestorsChains(q.data?.investors.map((i) => i.wallet) ?? []);
  const pageCount = q.data ? Math.max(1, Math.ceil(q.data.total / PAGE_SIZE)) : 1;
  const { page: _p, pageSize: _s, ...filters } = params;
  const csvHref = `/api/investors?${new URLSearchParams({ ...filters, format: "csv" }).toString()}`;
  const reset = (f: () => void) => {
    f();
    setPage(1);
  };
  const header = (by: Sort, label: string) => {
    const active = sort?.by === by;
    return (
      <th scope="col" aria-sort={active ? (sort!.dir === "asc" ? "ascending" : "descending") : undefined}>
        <button
          type="button"
          className="link-button"
          onClick={() => reset(() => setSort(active && sort!.dir === "asc" ? { by, dir: "desc" } : active ? null : { by, dir: "asc" }))}
        >
          {label}
          {active ? (sort!.dir === "asc" ? " ▲" : " ▼") : ""}
        </button>
      </th>
    );
  };

  return (
    <section className="card" aria-labelledby="investors-heading">
      <div className="card-head">
        <h2 id="investors-heading">Investors</h2>
        {q.data ? <span className="hint">{q.data.total} registered{status || country || params.q ? " (filtered)" : ""}</span> : null}
        <a className="btn-secondary" href={csvHref} download>
          Export investors CSV
        </a>
      </div>
      <div className="filters" role="group" aria-label="Investor filters">
        <div className="field">
          <label htmlFor="inv-q">Search investors</label>
          <input id="inv-q" placeholder="0x… (part of an address)" value={search} onChange={(e) => reset(() => setSearch(e.target.value))} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="inv-country">Investor country</label>
          <select id="inv-country" value={country} onChange={(e) => reset(() => setCountry(e.target.value))}>
            <option value="">All countries</option>
            {COMMON_COUNTRIES.map((c) => (
              <option key={c.code} value={String(c.code)}>
                {c.code} {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="inv-status">Investor KYC status</label>
          <select id="inv-status" value={status} onChange={(e) => reset(() => setStatus(e.target.value))}>
            <option value="">Any</option>
            <option value="verified">Verified</option>
            <option value="expiring">Expiring within 30 days</option>
            <option value="unverified">Not verified</option>
          </select>
        </div>
      </div>
      <QueryNotice isPending={q.isPending} error={q.error} what="investors" />
      {q.data ? (
        <div className="table-wrap">
          <table aria-label="Investors">
            <thead>
              <tr>
                {header("wallet", "Wallet")}
                <th scope="col">Identity</th>
                {header("country", "Country")}
                {header("kycExpiresAt", "KYC expiry")}
                <th scope="col">Verified</th>
                <th scope="col">Other chains</th>
                <th scope="col">Manage</th>
              </tr>
            </thead>
            <tbody>
              {q.data.investors.length === 0 ? (
                <tr>
                  <td colSpan={7} className="empty">
                    {status || country || params.q ? "No investors match." : "No investors registered yet."}
                  </td>
                </tr>
              ) : (
                q.data.investors.map((i) => {
                  const label = devAccountLabel(i.wallet);
                  return (
                    <tr key={`${i.identityRegistry}:${i.wallet}`}>
                      <td>
                        <code>{i.wallet}</code>
                        {label ? <div className="hint">{label}</div> : null}
                      </td>
                      <td>
                        <code>{i.identity}</code>
                        {i.identityWallets > 1 ? <div className="hint">{i.identityWallets} wallets</div> : null}
                      </td>
                      <td>{countryLabel(i.country)}</td>
                      <td>
                        {i.kycExpiresAt && i.kycExpiresAt !== "0" ? formatDate(i.kycExpiresAt) : "None"}
                        {i.expiresSoon ? <div className="badge warn">Expires soon</div> : null}
                      </td>
                      <td>{i.verified ? <span className="badge ok">Verified</span> : <span className="badge danger">Not verified</span>}</td>
                      <td>
                        <ChainRecordBadges wallet={i.wallet} page={chains} />
                      </td>
                      <td>
                        <button type="button" className="btn-secondary" onClick={() => setManaged(i.wallet)} aria-label={`Manage ${i.wallet}`}>
                          Manage
                        </button>
                      </td>
                    </tr>
                  );
                })
              )}
            </tbody>
          </table>
          {pageCount > 1 ? (
            <Pager label="Investor pages" page={page} pageCount={pageCount} onPage={setPage} />
          ) : null}
        </div>
      ) : null}
      {managed ? <InvestorManager key={managed} wallet={managed} onClose={() => setManaged(null)} /> : null}
    </section>
  );
}
