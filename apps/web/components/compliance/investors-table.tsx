"use client";

import { formatDate } from "@/lib/client/format";
import { useInvestors } from "@/lib/client/queries";
import { countryLabel } from "@/lib/shared/countries";
import { devAccountLabel } from "@/lib/shared/dev-accounts";
import { QueryNotice } from "../query-notice";

/** Registered investors from the index (polled). */
export function InvestorsTable() {
  const q = useInvestors();
  return (
    <section className="card" aria-labelledby="investors-heading">
      <div className="card-head">
        <h2 id="investors-heading">Investors</h2>
        {q.data ? <span className="hint">{q.data.investors.length} registered</span> : null}
      </div>
      <QueryNotice isPending={q.isPending} error={q.error} what="investors" />
      {q.data ? (
        <div className="table-wrap">
          <table aria-label="Investors">
            <thead>
              <tr>
                <th scope="col">Wallet</th>
                <th scope="col">Identity</th>
                <th scope="col">Country</th>
                <th scope="col">KYC expiry</th>
                <th scope="col">Verified</th>
              </tr>
            </thead>
            <tbody>
              {q.data.investors.length === 0 ? (
                <tr>
                  <td colSpan={5} className="empty">
                    No investors registered yet.
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
                      </td>
                      <td>{countryLabel(i.country)}</td>
                      <td>{i.kycExpiresAt && i.kycExpiresAt !== "0" ? formatDate(i.kycExpiresAt) : "None"}</td>
                      <td>{i.verified ? <span className="badge ok">Verified</span> : <span className="badge danger">Not verified</span>}</td>
                    </tr>
                  );
                })
              )}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
