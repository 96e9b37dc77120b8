"use client";

import type { Address } from "viem";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import { distributionPath } from "@/lib/distribution/paths";
import type { DistributionDto, DistributionListResponse } from "@/lib/distribution/types";
import { pauseDistribution, pushPayments, reclaimDistribution } from "@/lib/distribution/writes";
import type { AssetDto } from "@/lib/shared/api-types";
import { TxProgress } from "../tx-progress";
import { EntitlementsTable } from "./entitlements-table";
import { bpsText, formatDeadline, kindText, money, recordDateText, STATUS_TEXT } from "./format";
import { PostDistributionButton } from "./post-distribution";

/** Up to this many holders, pushing every payment from the portal is offered (a few transactions of 100). */
export const PUSH_HOLDER_LIMIT = 1_000;

/**
 * One distribution of the asset: its terms and state, the entitlements with claimed yes/no and the transaction, the
 * CSV reports (entitlements; payments once posted), and the desk's actions: "Fund and post" for a draft, "Push
 * payments" while open (small holder counts), "Pause claims" / "Resume claims" while posted and before the deadline
 * (e.g. while a wrong entitlement list is looked into; the deadline does not move), "Reclaim" after the deadline.
 */
export function DistributionDetail({
  asset,
  list,
  distribution: d,
  onChanged,
}: {
  asset: AssetDto;
  list: DistributionListResponse;
  distribution: DistributionDto;
  onChanged: () => void;
}) {
  const push = useTxFlow();
  const back = useTxFlow();
  const hold = useTxFlow();
  const title = d.id ? `Distribution ${d.id}` : `Draft ${d.root.slice(0, 10)}… at block ${d.recordBlock}`;
  const unpaid = d.totals.holders - d.claimedCount;

  async function onPush() {
    await push.run({
      send: (wc, pc) => pushPayments(wc, pc, { token: asset.token.toLowerCase(), root: d.root, recordBlock: d.recordBlock, id: d.id! }),
      success: (r) => {
        onChanged();
        return `Pushed ${money(d.paymentToken, r.paid)} to the investors${r.left > 0 ? `; ${r.left} entitlement${r.left === 1 ? "" : "s"} still unpaid` : ""}.`;
      },
    });
  }
  async function onReclaim() {
    await back.run({
      send: (wc, pc) => reclaimDistribution(wc, pc, { distributor: list.distributor as Address, id: d.id! }),
      success: (r) => {
        onChanged();
        return `Reclaimed ${money(d.paymentToken, r.amount)} after the deadline.`;
      },
    });
  }

  async function onPause(paused: boolean) {
    await hold.run({
      send: (wc, pc) => pauseDistribution(wc, pc, { distributor: list.distributor as Address, id: d.id!, paused }),
      success: () => {
        onChanged();
        return paused ? "Claims and pushes are paused until you resume them." : "Claims are open again.";
      },
    });
  }

  return (
    <section className="card" aria-labelledby="distribution-detail-heading">
      <h3 id="distribution-detail-heading">{title}</h3>
      <p role="status" aria-label="Distribution state" className="notice">
        {kindText(d)} · record date {recordDateText(d)} · {STATUS_TEXT[d.status]} · total {money(d.paymentToken, d.total)}, claimed{" "}
        {money(d.paymentToken, d.claimed)} ({d.claimedCount} of {d.totals.holders}), remaining {money(d.paymentToken, d.remaining)} · claims until{" "}
        {formatDeadline(d.claimDeadline)}
      </p>
      {d.totals.holders ? (
        <p className="hint">
          Gross {money(d.paymentToken, d.totals.gross)}, withholding {money(d.paymentToken, d.totals.withholding)}
          {Object.keys(d.withholdingBps).length ? ` (${Object.entries(d.withholdingBps).map(([c, bps]) => `${c} ${bpsText(bps)}`).join(", ")})` : ""}, net{" "}
          {money(d.paymentToken, d.totals.net)}. {d.includeFrozen ? "Frozen tokens earned it." : "Frozen tokens did not earn it."}
          {d.excluded.length ? ` Excluded: ${d.excluded.join(", ")}.` : ""}
        </p>
      ) : (
        <p className="hint">Posted outside this portal: its entitlements are not stored here.</p>
      )}
      {d.complete ? (
        <>
          <EntitlementsTable
            token={asset.token}
            distribution={d}
            id={d.id}
            holders={d.totals.holders}
            paymentToken={d.paymentToken}
            tokenDecimals={list.tokenDecimals}
            label={`Entitlements of ${title}`}
          />
          <div className="actions">
            <a className="btn-secondary" href={distributionPath(asset.token, d, "/report", { type: "entitlements" })} download>
              Download entitlement report (CSV)
            </a>
            {d.id ? (
              <a className="btn-secondary" href={distributionPath(asset.token, d, "/report", { type: "payments", id: d.id })} download>
                Download payment report (CSV)
              </a>
            ) : null}
          </div>
        </>
      ) : null}
      {list.corporateActions ? (
        <>
          {d.status === "draft" && list.distributor && d.complete ? (
            <PostDistributionButton asset={asset} distributor={list.distributor} distribution={d} onChanged={onChanged} />
          ) : null}
          {d.status === "open" && d.complete && unpaid > 0 ? (
            d.totals.holders <= PUSH_HOLDER_LIMIT ? (
              <div className="actions">
                <button type="button" onClick={onPush} disabled={isTxBusy(push.state)}>
                  Push payments ({unpaid} unpaid)
                </button>
                <span className="hint">Pays each unpaid entitlement to the investor&apos;s wallet, 100 per transaction, up to 200 per click.</span>
              </div>
            ) : (
              <p className="hint">More than {PUSH_HOLDER_LIMIT.toLocaleString("en-US")} investors: they claim in the investor app.</p>
            )
          ) : null}
          {d.status === "open" || d.status === "paused" ? (
            <div className="actions">
              <button type="button" className="btn-secondary" onClick={() => onPause(d.status === "open")} disabled={isTxBusy(hold.state)}>
                {d.status === "open" ? "Pause claims" : "Resume claims"}
              </button>
              <span className="hint">
                {d.status === "open"
                  ? "Suspends claims and pushes, e.g. while an entitlement is looked into; the claim deadline does not move."
                  : "Claims are suspended: investors see this distribution as paused."}
              </span>
            </div>
          ) : null}
          {d.status === "expired" ? (
            <div className="actions">
              <button type="button" onClick={onReclaim} disabled={isTxBusy(back.state)}>
                Reclaim {money(d.paymentToken, d.remaining)}
              </button>
            </div>
          ) : null}
          <TxProgress state={push.state} label="Push progress" />
          <TxProgress state={back.state} label="Reclaim progress" />
          <TxProgress state={hold.state} label="Pause progress" />
        </>
      ) : null}
    </section>
  );
}
