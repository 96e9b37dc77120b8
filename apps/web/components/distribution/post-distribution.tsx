"use client";

import type { Address, Hex } from "viem";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import type { DistributionDto } from "@/lib/distribution/types";
import { postDistribution } from "@/lib/distribution/writes";
import type { AssetDto } from "@/lib/shared/api-types";
import { TxProgress } from "../tx-progress";
import { money } from "./format";

/**
 * "Fund and post" of a drafted distribution: approves the payment token for the net total when the allowance is
 * short, then `createDistribution` with the root, record block and deadline (the SDK refuses in words first: the role
 * missing, a record date not past, a deadline passed, a balance below the total).
 */
export function PostDistributionButton({
  asset,
  distributor,
  distribution: d,
  onChanged,
}: {
  asset: AssetDto;
  distributor: string;
  distribution: DistributionDto;
  onChanged: () => void;
}) {
  const tx = useTxFlow();
  const busy = isTxBusy(tx.state);
  const done = tx.state.phase === "indexed";
  async function onPost() {
    await tx.run({
      send: (wc, pc) =>
        postDistribution(wc, pc, {
          distributor: distributor as Address,
          token: asset.token,
          paymentToken: d.paymentToken.address as Address,
          root: d.root as Hex,
          total: BigInt(d.totals.net),
          recordBlock: BigInt(d.recordBlock),
          claimDeadline: BigInt(d.claimDeadline),
        }),
      success: (r) => {
        onChanged();
        return `Posted distribution ${r.id}: ${money(d.paymentToken, d.totals.net)} funded for ${d.totals.holders} investor${d.totals.holders === 1 ? "" : "s"}.`;
      },
    });
  }
  return (
    <div>
      <div className="actions">
        <button type="button" onClick={onPost} disabled={busy || done}>
          Fund and post ({money(d.paymentToken, d.totals.net)})
        </button>
      </div>
      <TxProgress state={tx.state} label="Posting progress" />
    </div>
  );
}
