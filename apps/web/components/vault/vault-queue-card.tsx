"use client";

import { useState } from "react";
import type { Address } from "viem";
import { formatAmount, shortAddress } from "@/lib/client/format";
import { useRoleGate } from "@/lib/client/use-role-gate";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import { useVaultQueue } from "@/lib/vault/queries";
import type { QueueRowDto, VaultDto } from "@/lib/vault/types";
import { fulfil } from "@/lib/vault/writes";
import { Pager } from "../data-table";
import { QueryNotice } from "../query-notice";
import { RoleGateNotice } from "../role-gate-notice";
import { RowsTable } from "../rows-table";
import { TxProgress } from "../tx-progress";
import { cash, formatDateTime, hasNavFor } from "./format";

const PAGE_SIZE = 50;
const keyOf = (r: QueueRowDto) => `${r.kind}:${r.controller}`;

/**
 * The queue: Pending subscription and redemption requests per controller with their dealing dates (the index says who,
 * the chain how much), selectable; a FUND_ADMIN fulfils the selected ones at the NAV of the latest dealing date reached,
 * one batch transaction per kind (redemptions: the payout is approved to the vault first).
 */
export function VaultQueueCard({ vault: v, onChanged }: { vault: VaultDto; onChanged: () => void }) {
  const gate = useRoleGate({ tokenReader: v.token }, "see the subscription and redemption queue");
  const [page, setPage] = useState(1);
  const q = useVaultQueue(v.token, page, PAGE_SIZE, !gate.blocked && !gate.checking);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const tx = useTxFlow();
  const dealing = v.lastDealingDate;
  const navReady = dealing !== null && hasNavFor(v, dealing);
  const rows = q.data?.rows ?? [];
  const due = (r: QueueRowDto) => dealing !== null && r.dealingDate <= dealing;
  const chosen = rows.filter((r) => selected.has(keyOf(r)) && due(r));
  const busy = isTxBusy(tx.state);
  const toggle = (k: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(k)) n.delete(k);
      else n.add(k);
      return n;
    });
  const amountText = (r: QueueRowDto) => (r.kind === "deposit" ? cash(v, r.pending) : `${formatAmount(r.pending, v.share.decimals)} ${v.share.symbol}`);

  async function onFulfil() {
    if (dealing === null) return;
    // No refusal from this page's vault data when it shows no NAV at the dealing date: it may predate a NAV update just
    // confirmed in the card beside it. The SDK's pre-check reads the chain's `navAt` before any signature and refuses
    // in words (NoNavForDealingDate) when there is truly none.
    const deposits = chosen.filter((r) => r.kind === "deposit");
    const redeems = chosen.filter((r) => r.kind === "redeem");
    await tx.run({
      send: async (wc, pc) => {
        let last: Awaited<ReturnType<typeof fulfil>> | undefined;
        for (const [kind, batch] of [["deposit", deposits], ["redeem", redeems]] as const) {
          if (!batch.length) continue;
          last = await fulfil(wc, pc, {
            vault: v.vault as Address,
            kind,
            dealingDate: BigInt(dealing),
            requests: batch.map((r) => ({ controller: r.controller as Address, amount: BigInt(r.pending) })),
          });
        }
        return last!;
      },
      success: () => {
        setSelected(new Set());
        onChanged();
        const parts = [deposits.length ? `${deposits.length} subscription${deposits.length > 1 ? "s" : ""}` : "", redeems.length ? `${redeems.length} redemption${redeems.length > 1 ? "s" : ""}` : ""].filter(Boolean);
        return `Fulfilled ${parts.join(" and ")} at the NAV of ${formatDateTime(dealing)}.`;
      },
    });
  }

  return (
    <section className="card" aria-labelledby="subscriptions-heading">
      <h2 id="subscriptions-heading">Subscriptions and redemptions</h2>
      {gate.blocked || gate.checking ? (
        <RoleGateNotice gate={gate} label="Queue access" />
      ) : (
        <>
          <QueryNotice isPending={q.isPending} error={q.error} what="the queue" />
          {q.data && rows.length === 0 ? (
            <p className="hint" role="status" aria-label="Queue status">
              No subscription or redemption requests. New ones appear here with their dealing dates, to fulfil at the NAV of the dealing date.
            </p>
          ) : null}
          {rows.length ? (
            <RowsTable
              label="Vault queue"
              rows={rows}
              rowKey={keyOf}
              columns={[
                {
                  header: "Select",
                  cell: (r) => (
                    <input
                      type="checkbox"
                      aria-label={`Select ${r.kind === "deposit" ? "subscription" : "redemption"} of ${r.controller}`}
                      checked={selected.has(keyOf(r))}
                      disabled={!due(r)}
                      onChange={() => toggle(keyOf(r))}
                    />
                  ),
                },
                { header: "Request", cell: (r) => (r.kind === "deposit" ? "Subscription" : "Redemption") },
                { header: "Investor wallet", cell: (r) => <code title={r.controller}>{shortAddress(r.controller)}</code> },
                { header: "Pending", cell: amountText },
                { header: "Dealing date", cell: (r) => formatDateTime(r.dealingDate) },
                { header: "State", cell: (r) => (due(r) ? "Due" : `Waits for ${formatDateTime(r.dealingDate)}`) },
              ]}
            />
          ) : null}
          {q.data && q.data.total > PAGE_SIZE ? <Pager page={page} pageCount={Math.ceil(q.data.total / PAGE_SIZE)} onPage={setPage} /> : null}
          {v.you.fundAdmin ? (
            <div className="actions">
              <button type="button" onClick={onFulfil} disabled={busy || dealing === null || chosen.length === 0}>
                {dealing === null ? "No dealing date reached yet" : `Fulfil selected at NAV of ${formatDateTime(dealing)}`}
              </button>
              {dealing !== null && !navReady ? (
                <span className="hint">No NAV valued at {formatDateTime(dealing)} yet: update the NAV first.</span>
              ) : null}
            </div>
          ) : (
            <p className="notice" aria-label="Fulfil access">
              Sign in as the fund administrator of this asset (role FUND_ADMIN) to fulfil requests.
            </p>
          )}
          <TxProgress state={tx.state} label="Fulfilment progress" />
        </>
      )}
    </section>
  );
}
