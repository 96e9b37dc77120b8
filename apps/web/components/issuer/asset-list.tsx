"use client";

import Link from "next/link";
import { formatAmount } from "@/lib/client/format";
import { useAssets } from "@/lib/client/queries";
import { HOLDERS_HINT } from "@/lib/shared/glossary";
import { QueryNotice } from "../query-notice";

/** Table of all assets on the chain, each linking to its issuer page. */
export function AssetList() {
  const q = useAssets();
  return (
    <section className="card" aria-labelledby="assets-heading">
      <div className="card-head">
        <h2 id="assets-heading">Assets</h2>
        {q.data ? <span className="hint">{q.data.assets.length} in total</span> : null}
      </div>
      <QueryNotice isPending={q.isPending} error={q.error} what="assets" />
      {q.data ? (
        <div className="table-wrap">
          <table aria-label="Assets">
            <thead>
              <tr>
                <th scope="col">Asset</th>
                <th scope="col">Class</th>
                <th scope="col" className="num">
                  Supply
                </th>
                <th scope="col" className="num" title={HOLDERS_HINT}>
                  Holders
                </th>
                <th scope="col">Token</th>
              </tr>
            </thead>
            <tbody>
              {q.data.assets.length === 0 ? (
                <tr>
                  <td colSpan={5} className="empty">
                    No assets yet. Create one with the form.
                  </td>
                </tr>
              ) : (
                q.data.assets.map((a) => (
                  <tr key={a.token}>
                    <td>
                      <Link href={`/issuer/assets/${a.token}`}>
                        {a.name} ({a.symbol})
                      </Link>
                      {a.paused ? <span className="badge warn"> Paused</span> : null}
                      {a.matured ? <span className="badge"> Matured</span> : null}
                    </td>
                    <td>{a.assetClassName}</td>
                    <td className="num">
                      {formatAmount(a.totalSupply, a.decimals)} {a.symbol}
                    </td>
                    <td className="num">{a.holderCount}</td>
                    <td>
                      <code title={a.token}>{a.token}</code>
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
