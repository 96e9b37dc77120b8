"use client";

import { useState } from "react";
import { formatAmount, shortAddress } from "@/lib/client/format";
import { useDistributionDetail } from "@/lib/distribution/queries";
import type { TokenInfoDto } from "@/lib/distribution/types";
import { countryLabel } from "@/lib/shared/countries";
import { QueryNotice } from "../query-notice";
import { money } from "./format";

const PAGE_SIZE = 50;

/**
 * A paged table of a distribution's entitlements (per investor identity: country, units, gross, withholding, net and,
 * once posted, whether it was paid and in which transaction), read from the server page by page.
 */
export function EntitlementsTable({
  token,
  distribution,
  id,
  holders,
  paymentToken,
  tokenDecimals,
  label,
}: {
  token: string;
  /** Which distribution: its root and record block. */
  distribution: { root: string; recordBlock: string };
  id: string | null;
  holders: number;
  paymentToken: TokenInfoDto;
  tokenDecimals: number;
  label: string;
}) {
  const [page, setPage] = useState(1);
  const q = useDistributionDetail(token, distribution, id, page, PAGE_SIZE);
  const rows = q.data?.entitlements ?? [];
  const pages = Math.max(1, Math.ceil(holders / PAGE_SIZE));
  return (
    <div>
      <QueryNotice isPending={q.isPending} error={q.error} what="the entitlements" />
      {rows.length ? (
        <div className="table-wrap">
          <table aria-label={label}>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Investor identity</th>
                <th scope="col">Country</th>
                <th scope="col">Units</th>
                <th scope="col">Gross</th>
                <th scope="col">Withholding</th>
                <th scope="col">Net</th>
                {id ? <th scope="col">Paid</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.index}>
                  <td>{e.index}</td>
                  <td>
                    <code title={e.identity}>{shortAddress(e.identity)}</code>
                  </td>
                  <td>{countryLabel(e.country)}</td>
                  <td>{formatAmount(e.units, tokenDecimals)}</td>
                  <td>{money(paymentToken, e.gross)}</td>
                  <td>{money(paymentToken, e.withholding)}</td>
                  <td>{money(paymentToken, e.net)}</td>
                  {id ? (
                    <td>
                      {e.claimed ? (
                        <>
                          Claimed{" "}
                          <code title={e.txHash ?? ""}>{e.txHash ? `${e.txHash.slice(0, 10)}…` : ""}</code>
                        </>
                      ) : (
                        "Not yet"
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {holders > PAGE_SIZE ? (
        <div className="pager">
          <button type="button" className="btn-secondary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            Previous
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button type="button" className="btn-secondary" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
            Next
          </button>
        </div>
      ) : null}
    </div>
  );
}
