"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { Suspense, useEffect, useState } from "react";
import { useRoleGate } from "@/lib/client/use-role-gate";
import { useDistributions } from "@/lib/distribution/queries";
import type { DistributionDto } from "@/lib/distribution/types";
import type { AssetDto } from "@/lib/shared/api-types";
import { QueryNotice } from "../query-notice";
import { RoleGateNotice } from "../role-gate-notice";
import { RowsTable } from "../rows-table";
import { DistributionDetail } from "./distribution-detail";
import { DistributionWizard, prefillFromSearch, type WizardPrefill } from "./distribution-wizard";
import { formatDeadline, kindText, money, recordDateText, STATUS_TEXT } from "./format";

/** A row of the list: a distribution (root and record block) and its posting (a pair posted twice has two rows). */
const keyOf = (d: DistributionDto) => `${d.root}:${d.recordBlock}:${d.id ?? "draft"}`;

/**
 * Corporate actions › Distributions: the asset's dividends and coupons (record date, total, claimed, remaining,
 * deadline, status) with each one's detail, and the distribution wizard for the corporate-actions desk. The wizard
 * opens prefilled from `?distribution=new&kind=coupon&coupon=<n>&recordDate=<YYYY-MM-DD>&ratePerUnit=<base units>`
 * (or `recordBlock=<n>`), the link the bond's coupon calendar gives.
 */
export function IssuerDistributions({ asset }: { asset: AssetDto }) {
  return (
    <Suspense fallback={null}>
      <DistributionsPanel asset={asset} />
    </Suspense>
  );
}

function DistributionsPanel({ asset }: { asset: AssetDto }) {
  const searchKey = useSearchParams().toString();
  const [prefill, setPrefill] = useState<WizardPrefill | null>(() => prefillFromSearch(new URLSearchParams(searchKey)));
  const [wizardOpen, setWizardOpen] = useState(prefill !== null);
  // The coupon calendar's "Pay coupon" links to this same page: a new prefill reopens the wizard with fresh fields.
  const [wizardKey, setWizardKey] = useState(0);
  useEffect(() => {
    const next = prefillFromSearch(new URLSearchParams(searchKey));
    if (!next) return;
    setPrefill(next);
    setWizardOpen(true);
    setWizardKey((k) => k + 1);
  }, [searchKey]);
  const [selected, setSelected] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const gate = useRoleGate({ tokenReader: asset.token }, "see its distributions");
  const q = useDistributions(asset.token, page, !gate.blocked && !gate.checking);
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: ["distributions", asset.token.toLowerCase()] });
  const list = q.data;
  const rows = list?.distributions ?? [];
  const chosen = rows.find((d) => keyOf(d) === selected) ?? null;

  return (
    <div className="grid">
      <section className="card" aria-labelledby="distributions-heading">
        <h2 id="distributions-heading">Distributions and coupons</h2>
        {gate.blocked || gate.checking ? (
          <RoleGateNotice gate={gate} label="Distributions access" />
        ) : (
          <>
            <QueryNotice isPending={q.isPending} error={q.error} what="the distributions" />
            {list && rows.length === 0 ? (
              <p className="hint" role="status" aria-label="Distributions status">
                No distributions yet. When a dividend or a coupon is paid on {asset.symbol}, it appears here with its record date, what has been claimed
                and what is left.
              </p>
            ) : null}
            {rows.length ? (
              <RowsTable
                label="Distributions"
                rows={rows}
                rowKey={keyOf}
                columns={[
                  { header: "Distribution", cell: (d) => (d.id ? `#${d.id}` : "Draft") },
                  { header: "Kind", cell: kindText },
                  { header: "Record date", cell: recordDateText },
                  { header: "Total", cell: (d) => money(d.paymentToken, d.total) },
                  { header: "Claimed", cell: (d) => money(d.paymentToken, d.claimed) },
                  { header: "Remaining", cell: (d) => money(d.paymentToken, d.remaining) },
                  { header: "Deadline", cell: (d) => formatDeadline(d.claimDeadline) },
                  { header: "Status", cell: (d) => STATUS_TEXT[d.status] },
                  {
                    header: "Detail",
                    cell: (d) => (
                      <button
                        type="button"
                        className="btn-secondary"
                        aria-pressed={selected === keyOf(d)}
                        onClick={() => setSelected((s) => (s === keyOf(d) ? null : keyOf(d)))}
                      >
                        {d.id ? `Details of distribution ${d.id}` : `Details of draft ${d.root.slice(0, 10)} at block ${d.recordBlock}`}
                      </button>
                    ),
                  },
                ]}
              />
            ) : null}
            {list && (page > 1 || rows.length === 20) ? (
              <div className="pager">
                <button type="button" className="btn-secondary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                  Previous
                </button>
                <span>Page {page}</span>
                <button type="button" className="btn-secondary" disabled={rows.length < 20} onClick={() => setPage((p) => p + 1)}>
                  Next
                </button>
              </div>
            ) : null}
            {list?.corporateActions ? (
              list.paymentToken ? (
                wizardOpen ? null : (
                  <div className="actions">
                    <button type="button" onClick={() => setWizardOpen(true)}>
                      New distribution
                    </button>
                  </div>
                )
              ) : (
                <p className="notice">This platform has no payment token in its deployments file: distributions cannot be prepared.</p>
              )
            ) : list ? (
              <p className="notice" aria-label="Distribution access">
                Sign in as a member of this asset&apos;s corporate actions desk (role CORPORATE_ACTIONS) to prepare, post and pay distributions.
              </p>
            ) : null}
          </>
        )}
      </section>
      {chosen && list ? <DistributionDetail asset={asset} list={list} distribution={chosen} onChanged={refresh} /> : null}
      {wizardOpen && list?.corporateActions && list.paymentToken ? (
        <DistributionWizard key={wizardKey} asset={asset} list={list} prefill={prefill} onClose={() => setWizardOpen(false)} onChanged={refresh} />
      ) : null}
    </div>
  );
}
