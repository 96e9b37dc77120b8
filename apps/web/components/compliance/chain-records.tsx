"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { Address } from "viem";
import { syncInvestor } from "@tessera/sdk";
import { apiGet } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import type { ChainRecordStatusDto, InvestorChainsResponse, InvestorsChainsResponse } from "@/lib/shared/api-types";
import { TxProgress } from "../tx-progress";

/** The words for one chain's copy of the home record (the row's cell and the panel's list). */
export function chainRecordText(c: ChainRecordStatusDto): string {
  switch (c.status) {
    case "current":
      return c.record?.identity === null ? `${c.name}: not registered, as on the home chain` : `${c.name}: has the home record`;
    case "pending":
      return `pending on ${c.name}`;
    case "out-of-date":
      return `${c.name}: out of date, sync needed`;
    case "not-linked":
      return `${c.name}: not linked`;
    default:
      return `${c.name}: unavailable${c.problem ? ` (${c.problem})` : ""}`;
  }
}

/** The other chains' status of one wallet's record; polled every 1.5 s while a record is pending. */
export function useInvestorChains(wallet: Address) {
  return useQuery({
    queryKey: ["investor-chains", wallet],
    queryFn: ({ signal }) => apiGet<InvestorChainsResponse>(`/api/investors/${wallet}/chains`, signal),
    refetchInterval: (q) => (q.state.data?.chains.some((c) => c.status === "pending") ? 1500 : false),
  });
}

/**
 * The other chains' status of a page of wallets (the investors table's rows) in one request, GET /api/investors/chains;
 * polled every 1.5 s while a record is pending. Nothing is fetched for an empty page.
 */
export function useInvestorsChains(wallets: readonly string[]) {
  return useQuery({
    queryKey: ["investor-chains", { page: wallets }],
    queryFn: ({ signal }) => apiGet<InvestorsChainsResponse>(`/api/investors/chains?${new URLSearchParams({ wallets: wallets.join(",") })}`, signal),
    enabled: wallets.length > 0,
    refetchInterval: (q) => (q.state.data?.investors.some((i) => i.chains.some((c) => c.status === "pending")) ? 1500 : false),
  });
}

/**
 * Per chain, whether it holds the home record (a list with one item per chain), for an investor's row: `page` is the
 * page's {@link useInvestorsChains} query, from which the row takes its wallet's entry.
 */
export function ChainRecordBadges({ wallet, page }: { wallet: string; page: ReturnType<typeof useInvestorsChains> }) {
  if (page.error) return <span className="hint">{explainUnknown(page.error)}</span>;
  const entry = page.data?.investors.find((i) => i.wallet.toLowerCase() === wallet.toLowerCase());
  if (!entry) return <span className="hint">Reading…</span>;
  if (!entry.chains.length) return <span className="hint">Home chain only</span>;
  return (
    <ul aria-label={`Record on other chains of ${wallet}`} style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {entry.chains.map((c) => (
        <li key={c.chainId}>
          <span className={`badge ${c.status === "current" ? "ok" : c.status === "pending" ? "warn" : "danger"}`}>{chainRecordText(c)}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The second step of every registry change on the home chain: "Sync to <chain>" (`syncInvestor` on the home chain's
 * IdentitySync, one transaction carrying the wallet's record to every linked chain), run automatically each time
 * `syncAfter` grows (the parent bumps it after its own transaction succeeded), with its TxProgress; a "Sync to …"
 * button when it failed or a chain is out of date; and per chain whether it holds the home record ("pending on L2"
 * until the relayer delivers it). `also`: further wallets changed in the same journey (a bulk KYC renewal), synced
 * in the same step one transaction each. Renders nothing on a single chain.
 */
export function ChainRecords({ wallet, also = [], syncAfter }: { wallet: Address; also?: readonly Address[]; syncAfter: number }) {
  const qc = useQueryClient();
  const tx = useTxFlow();
  const q = useInvestorChains(wallet);
  const done = useRef(0);
  const chains = q.data?.chains ?? [];
  const linked = chains.filter((c) => c.status !== "not-linked");
  const names = linked.map((c) => c.name).join(", ");
  const label = `Sync to ${names || "other chains"}`;

  async function sync() {
    const identitySync = q.data?.identitySync as Address | null | undefined;
    if (!identitySync) return;
    const wallets = [wallet, ...also];
    const r = await tx.run({
      send: async (wc, pc) => {
        let last: Awaited<ReturnType<typeof syncInvestor>> | undefined;
        for (const w of wallets) last = await syncInvestor(wc, pc, { identitySync, wallet: w });
        return last!;
      },
      success: () =>
        wallets.length === 1
          ? `Record of ${wallet} sent to ${names}; the relayer delivers it.`
          : `Records of ${wallets.length} wallets sent to ${names}; the relayer delivers them.`,
    });
    // Every "investor-chains" query: this wallet's and the investors table's pages (keyed by their wallets).
    if (r) await qc.invalidateQueries({ queryKey: ["investor-chains"] });
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per bump of syncAfter, when the status is known
  useEffect(() => {
    if (syncAfter > done.current && q.data && q.data.identitySync && linked.length) {
      done.current = syncAfter;
      void sync();
    }
  }, [syncAfter, q.data]);

  if (!q.data || !chains.length) return null;
  const offer = tx.state.phase === "error" || (tx.state.phase === "idle" && linked.some((c) => c.status === "out-of-date"));
  return (
    <section aria-label="Record on other chains">
      <h4>Other chains</h4>
      <ul>
        {chains.map((c) => (
          <li key={c.chainId}>{chainRecordText(c)}</li>
        ))}
      </ul>
      <TxProgress state={tx.state} label={`${label} progress`} />
      {offer && q.data.identitySync && linked.length ? (
        <button type="button" onClick={() => void sync()} disabled={isTxBusy(tx.state)}>
          {label}
        </button>
      ) : null}
    </section>
  );
}
