"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Address, PublicClient } from "viem";
import { usePublicClient } from "wagmi";
import { explainUnknown } from "@/lib/client/errors";
import { useActiveSession } from "@/lib/client/session";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import { apiGet } from "@/lib/client/api";
import { useMyDistributions } from "@/lib/distribution/queries";
import type { MyDistributionsResponse, MyEntitlementDto } from "@/lib/distribution/types";
import { claimEntitlement, claimRefusal } from "@/lib/distribution/writes";
import { Pager } from "../data-table";
import { EmptyState } from "../empty-state";
import { QueryNotice } from "../query-notice";
import { RowsTable } from "../rows-table";
import { TxCell } from "../tx-cell";
import { TxProgress } from "../tx-progress";
import { formatDeadline, kindText, money } from "./format";

const STATUS: Record<MyEntitlementDto["status"], string> = {
  claimable: "Claimable",
  paused: "Paused: the issuer has suspended claims for now",
  claimed: "Claimed",
  expired: "Expired: the claim period is over",
  reclaimed: "Closed: the issuer took back what was left",
};

const keyOf = (e: MyEntitlementDto) => `${e.token}:${e.id}:${e.index}`;
const kindOf = (e: MyEntitlementDto) => kindText(e).toLowerCase();

/**
 * Investor app › Distributions: the signed-in investor's entitlements across assets (asset, kind, record date, gross,
 * withholding, net, deadline, status), and "Claim" with the proof the server computes, with its progress; the SDK
 * refuses in words before any transaction (already paid, the claim period over, "this proof is for another investor"
 * when the wallet is not registered to the entitlement's identity…).
 */
export function InvestorDistributionsPanel() {
  const { session } = useActiveSession();
  const [page, setPage] = useState(1);
  const q = useMyDistributions(session?.address, page);
  const tx = useTxFlow();
  const publicClient = usePublicClient();
  const client = useQueryClient();
  const [claiming, setClaiming] = useState<string | null>(null);
  const busy = isTxBusy(tx.state);

  if (!session) {
    return (
      <EmptyState id="distributions-heading" title="Distributions">
        Sign in (top right) to see your dividends and coupons: your entitlement in each distribution on the assets you held at its record date.
      </EmptyState>
    );
  }
  const rows = q.data?.entitlements ?? [];

  async function onClaim(e: MyEntitlementDto) {
    setClaiming(keyOf(e));
    if (publicClient && session) {
      tx.checking();
      try {
        const refusal = await claimRefusal(publicClient as unknown as PublicClient, session.address as Address, e);
        if (refusal) {
          tx.fail(refusal, { refused: true });
          return;
        }
      } catch (err) {
        tx.fail(explainUnknown(err));
        return;
      }
    }
    await tx.run({
      send: (wc, pc) => claimEntitlement(wc, pc, { token: e.token, root: e.root, recordBlock: e.recordBlock, index: e.index, id: e.id }),
      isIndexed: async () => {
        const r = await apiGet<MyDistributionsResponse>(`/api/me/distributions?page=${page}&pageSize=50`);
        return r.entitlements.some((x) => keyOf(x) === keyOf(e) && x.status === "claimed");
      },
      success: () => {
        void client.invalidateQueries({ queryKey: ["my-distributions"] });
        return `Claimed ${money(e.paymentToken, e.net)} (${kindOf(e)} on ${e.assetSymbol}).`;
      },
    });
  }

  return (
    <section className="card" aria-labelledby="distributions-heading">
      <h2 id="distributions-heading">Distributions</h2>
      <QueryNotice isPending={q.isPending} error={q.error} what="your distributions" />
      {q.data && rows.length === 0 ? (
        <p className="hint" role="status" aria-label="Distributions status">
          No distributions yet. When an issuer pays a dividend or coupon on an asset you hold, it appears here with its record date and your
          entitlement.
        </p>
      ) : null}
      {rows.length ? (
        <RowsTable
          label="My distributions"
          rows={rows}
          rowKey={keyOf}
          columns={[
            { header: "Asset", cell: (e) => `${e.assetName} (${e.assetSymbol})` },
            { header: "Kind", cell: kindText },
            { header: "Record date", cell: (e) => (e.recordTime ? `${e.recordTime} (block ${e.recordBlock})` : `block ${e.recordBlock}`) },
            { header: "Gross", cell: (e) => money(e.paymentToken, e.gross) },
            { header: "Withholding", cell: (e) => money(e.paymentToken, e.withholding) },
            { header: "Net", cell: (e) => money(e.paymentToken, e.net) },
            { header: "Claim by", cell: (e) => formatDeadline(e.claimDeadline) },
            {
              header: "Status",
              cell: (e) => (
                <>
                  {STATUS[e.status]}
                  {e.txHash ? (
                    <>
                      {" "}
                      <TxCell hash={e.txHash} abbreviation="head" />
                    </>
                  ) : null}
                </>
              ),
            },
            {
              header: "Action",
              cell: (e) =>
                e.status === "claimable" ? (
                  <button type="button" onClick={() => onClaim(e)} disabled={busy} aria-label={`Claim ${kindOf(e)} on ${e.assetSymbol}`}>
                    {busy && claiming === keyOf(e) ? "Claiming…" : "Claim"}
                  </button>
                ) : null,
            },
          ]}
        />
      ) : null}
      {q.data && q.data.total > q.data.pageSize ? <Pager page={page} pageCount={Math.ceil(q.data.total / q.data.pageSize)} onPage={setPage} /> : null}
      <TxProgress state={tx.state} label="Claim progress" />
    </section>
  );
}
