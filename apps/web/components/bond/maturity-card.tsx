"use client";

import type { Address } from "viem";
import { apiGet } from "@/lib/client/api";
import { formatAmount } from "@/lib/client/format";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import type { BondHoldersResponse, BondResponse } from "@/lib/bond/types";
import { fund, reclaim, redeemHolders } from "@/lib/bond/writes";
import { TxProgress } from "../tx-progress";
import { formatDateTime } from "../vault/format";
import { money } from "./format";


/** Every holding wallet of the bond (GET /api/assets/[token]/bond/holders, 500 a page). */
async function allHolders(token: string): Promise<Address[]> {
  const out: Address[] = [];
  for (let page = 1; ; page++) {
    const r = await apiGet<BondHoldersResponse>(`/api/assets/${token}/bond/holders?page=${page}&pageSize=500`);
    out.push(...(r.holders as Address[]));
    if (out.length >= r.total || r.holders.length === 0) return out;
  }
}

const STATE_TEXT = {
  "before-maturity": "Before maturity",
  "awaiting-funding": "Matured: redemption not funded yet",
  redeeming: "Matured: redemptions open",
  redeemed: "Matured: supply redeemed",
} as const;

/**
 * "Maturity": before the maturity date, the date and what the redemption will need (face value × supply); from it,
 * funding the redemption (approval + fundRedemption, CORPORATE_ACTIONS), then redeeming the holders in batches
 * (redeemAtMaturityFor; holders may also redeem themselves in the investor app), and reclaiming the excess.
 */
export function MaturityCard({ bond: b, onChanged }: { bond: BondResponse; onChanged: () => void }) {
  const t = b.terms!;
  const m = b.maturity!;
  const funding = useTxFlow();
  const redeeming = useTxFlow();
  const reclaiming = useTxFlow();
  const pt = t.paymentToken;
  const may = b.you.corporateActions;
  const supply = `${formatAmount(b.totalSupply, b.decimals)} ${b.symbol}`;
  const bond = b.bond as Address;
  const token = b.token as Address;

  async function onFund() {
    await funding.run({
      send: (wc, pc) => fund(wc, pc, { bond, token }),
      success: (r) => {
        onChanged();
        return r.matured ? `Funded ${money(pt, r.amount)}: redemptions at face value are open.` : `Funded ${money(pt, r.amount)}.`;
      },
    });
  }

  async function onRedeemHolders() {
    redeeming.checking();
    let holders: Address[];
    try {
      holders = await allHolders(b.token);
    } catch (err) {
      redeeming.fail(`the holders could not be read: ${(err as Error).message}`);
      return;
    }
    if (holders.length === 0) {
      redeeming.fail("no wallet holds the bond any more", { refused: true });
      return;
    }
    await redeeming.run({
      send: (wc, pc) => redeemHolders(wc, pc, { bond, token, holders }),
      success: (r) => {
        onChanged();
        return `Redeemed ${r.redeemed.toString()} holder${r.redeemed === 1n ? "" : "s"}: ${money(pt, r.paid)} paid.`;
      },
    });
  }

  async function onReclaim() {
    await reclaiming.run({
      send: (wc, pc) => reclaim(wc, pc, { bond, token }),
      success: (r) => {
        onChanged();
        return `Reclaimed ${money(pt, r.amount)} to your wallet.`;
      },
    });
  }

  return (
    <section className="card" aria-labelledby="maturity-heading">
      <div className="card-head">
        <h2 id="maturity-heading">Maturity</h2>
        {m.matured ? <span className="badge ok">Matured</span> : null}
      </div>
      <p role="status" aria-label="Maturity status" className="notice">
        {STATE_TEXT[m.state]}. {m.state === "before-maturity" ? "Matures" : "Matured"} on {formatDateTime(m.maturityDate)}.{" "}
        {m.state === "before-maturity"
          ? `The redemption will need ${money(pt, m.required)}: ${money(pt, t.faceValue)} face value × ${supply}.`
          : m.state === "redeemed"
            ? `Paid ${money(pt, m.paid)} to holders.`
            : `The supply of ${supply} needs ${money(pt, m.required)}; funds held ${money(pt, m.available)}, paid ${money(pt, m.paid)}.`}
      </p>
      {m.state === "awaiting-funding" ? (
        may ? (
          <div className="actions">
            <button type="button" onClick={onFund} disabled={isTxBusy(funding.state)}>
              Fund redemption ({money(pt, m.shortfall)})
            </button>
          </div>
        ) : (
          <p className="hint">A holder of CORPORATE_ACTIONS on {b.symbol} funds the redemption here.</p>
        )
      ) : null}
      <TxProgress state={funding.state} label="Funding progress" />
      {m.state === "redeeming" && may ? (
        <div className="actions">
          <button type="button" onClick={onRedeemHolders} disabled={isTxBusy(redeeming.state)}>
            Redeem holders
          </button>
          <span className="hint">Redeems every holder at face value, 100 a transaction (frozen wallets are skipped).</span>
        </div>
      ) : null}
      <TxProgress state={redeeming.state} label="Holder redemption progress" />
      {m.matured && BigInt(m.excess) > 0n && may ? (
        <div className="actions">
          <button type="button" onClick={onReclaim} disabled={isTxBusy(reclaiming.state)}>
            Reclaim excess ({money(pt, m.excess)})
          </button>
        </div>
      ) : null}
      <TxProgress state={reclaiming.state} label="Reclaim progress" />
    </section>
  );
}
