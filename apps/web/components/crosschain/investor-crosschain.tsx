"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { Address, Hex } from "viem";
import { useConnection } from "wagmi";
import { readBalances, type AssetOnChain } from "@/lib/client/asset-routes";
import { checkCrosschainTransfer, crosschainRefusalMessage, crosschainTransfer, crosschainTransferStatus } from "@/lib/client/bridge-sdk";
import { fetchMyCrosschainTransfers, transferRowOf } from "@/lib/client/crosschain-api";
import { explainUnknown } from "@/lib/client/errors";
import { formatAmount, parseAddressInput, parseTokenAmount, shortAddress } from "@/lib/client/format";
import { type LocalSend, useLocalSends } from "@/lib/client/local-sends";
import { useAssets } from "@/lib/client/queries";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import type { AssetDto } from "@/lib/shared/api-types";
import { chainLabel, chainNameOf } from "@/lib/shared/chains";
import { mergeTransfers, transferPending, transferStatusText, type TransferRow } from "@/lib/shared/crosschain";
import { SwitchChainButton, useServedChains } from "../chain-switcher";
import { QueryNotice } from "../query-notice";
import { RowsTable } from "../rows-table";
import { TxProgress } from "../tx-progress";
import { bridgeChainOf, useAssetRoutes, useChainClients } from "./use-crosschain";

/** An asset the wallet can move: the home-chain asset, where it is enabled, and the wallet's balance on each chain. */
interface Movable {
  asset: AssetDto;
  routes: AssetOnChain[];
  balances: Map<number, bigint>;
}

/** The home-chain assets enabled on another chain, with the wallet's balance on each chain (read from the chains). */
function useMovableAssets(wallet: Address | undefined) {
  const assets = useAssets();
  const list = assets.data?.assets ?? [];
  const routes = useAssetRoutes(list.map((a) => a.token));
  const clients = useChainClients();
  const enabled = list.filter((a) => (routes.data?.get(a.token.toLowerCase())?.length ?? 0) > 1);
  const balances = useQuery({
    queryKey: ["crosschain-balances", wallet, enabled.map((a) => a.token).join(",")],
    queryFn: async () => {
      const out: Movable[] = [];
      for (const a of enabled) {
        const r = routes.data!.get(a.token.toLowerCase())!;
        out.push({ asset: a, routes: r, balances: await readBalances(clients, r, wallet!) });
      }
      return out;
    },
    enabled: Boolean(wallet) && enabled.length > 0,
    refetchInterval: 3000,
  });
  const error = assets.error ?? routes.error ?? balances.error;
  const isPending = assets.isPending || (list.length > 0 && routes.isPending) || (Boolean(wallet) && enabled.length > 0 && balances.isPending);
  return { movable: balances.data ?? [], noneEnabled: !isPending && !error && enabled.length === 0, error, isPending };
}

type Check = { state: "idle" } | { state: "checking" } | { state: "ok"; key: string } | { state: "refused"; key: string; reason: string };

/**
 * "Move between chains": an investor moves whole tokens of an asset they hold between the chains it is enabled on,
 * to a wallet of their own identity (default: the same wallet). "Check the move" runs the SDK's pre-check (nothing
 * is signed; a refusal in words, e.g. "the receiver is not verified on L2"); "Move tokens" sends it from the source
 * chain (the wallet is asked to switch there first) with its progress; the transfer then appears in the list below.
 */
function MoveBetweenChains({ wallet, onSent }: { wallet: Address | undefined; onSent: (s: LocalSend) => void }) {
  const { chains } = useServedChains();
  const clients = useChainClients();
  const connection = useConnection();
  const { movable, noneEnabled, error, isPending } = useMovableAssets(wallet);
  const [token, setToken] = useState("");
  const [fromChain, setFromChain] = useState<number | null>(null);
  const [toChain, setToChain] = useState<number | null>(null);
  const [amountText, setAmountText] = useState("");
  const [receiverText, setReceiverText] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<{ amount?: string; receiver?: string }>({});
  const [check, setCheck] = useState<Check>({ state: "idle" });

  const held = movable.filter((m) => [...m.balances.values()].some((b) => b > 0n));
  const selected = held.find((m) => m.asset.token === token) ?? held[0];
  const chainIds = selected?.routes.map((r) => r.chainId) ?? [];
  // Source: the chosen one, else the wallet's chain when it holds there, else the first chain where it holds.
  const walletChainHolds = connection.chainId !== undefined && (selected?.balances.get(connection.chainId) ?? 0n) > 0n;
  const source =
    fromChain !== null && chainIds.includes(fromChain)
      ? fromChain
      : walletChainHolds
        ? connection.chainId!
        : (chainIds.find((id) => (selected?.balances.get(id) ?? 0n) > 0n) ?? chainIds[0]);
  const destinations = chainIds.filter((id) => id !== source);
  const destination = toChain !== null && destinations.includes(toChain) ? toChain : destinations[0];
  const receiver = receiverText ?? wallet ?? "";
  const sourceChain = chains.find((c) => c.chainId === source);
  const destinationChain = chains.find((c) => c.chainId === destination);
  const tx = useTxFlow({ chainId: source });
  const busy = isTxBusy(tx.state);
  const inputKey = `${selected?.asset.token}|${source}|${destination}|${amountText.trim()}|${receiver.trim().toLowerCase()}`;
  const checkPassed = check.state === "ok" && check.key === inputKey;

  function edited<T>(setter: (v: T) => void) {
    return (v: T) => {
      setter(v);
      setCheck({ state: "idle" });
    };
  }

  function validate() {
    if (!selected || source === undefined || destination === undefined) return null;
    const next: { amount?: string; receiver?: string } = {};
    const amount = parseTokenAmount(amountText, selected.asset.decimals);
    if (!amount.ok) next.amount = amount.error;
    const to = parseAddressInput(receiver);
    if (!to.ok) next.receiver = to.error;
    setFieldError(next);
    if (!amount.ok || !to.ok) return null;
    const src = selected.routes.find((r) => r.chainId === source)!;
    const dst = selected.routes.find((r) => r.chainId === destination)!;
    const srcClient = clients.get(source);
    const dstClient = clients.get(destination);
    if (!srcClient || !dstClient) return null;
    return {
      amount: amount.value,
      to: to.value as Address,
      src,
      dst,
      sourceBridge: bridgeChainOf(src, sourceChain, srcClient),
      destinationBridge: bridgeChainOf(dst, destinationChain, dstClient),
    };
  }

  async function onCheck() {
    tx.reset();
    const v = validate();
    if (!v || !wallet) return;
    const key = inputKey;
    setCheck({ state: "checking" });
    try {
      await checkCrosschainTransfer(v.sourceBridge, v.destinationBridge, { from: wallet, to: v.to, amount: v.amount });
      setCheck({ state: "ok", key });
    } catch (err) {
      setCheck({ state: "refused", key, reason: explainUnknown(err) });
    }
  }

  async function onMove(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!checkPassed || !selected) return;
    const v = validate();
    if (!v) return;
    const symbol = selected.asset.symbol;
    const result = await tx.run({
      // The wallet client is on the source chain (useTxFlow switched it); the SDK re-checks before it signs.
      send: async (walletClient, publicClient) => {
        const r = await crosschainTransfer(walletClient, { ...v.sourceBridge, publicClient }, v.destinationBridge, { to: v.to, amount: v.amount });
        onSent({
          messageId: r.sendId,
          status: null,
          sourceChainId: v.src.chainId,
          destinationChainId: v.dst.chainId,
          sourceToken: v.src.token.toLowerCase(),
          amount: v.amount.toString(),
          code: null,
          sourceTxHash: r.hash,
          sourceBridge: v.src.bridge,
          destinationBridge: v.dst.bridge,
          sourceBlock: r.receipt.blockNumber.toString(),
        });
        return r;
      },
      // Shown once confirmed: the list below follows the transfer to its destination (no wait on the index here).
      isIndexed: async () => true,
      success: (r) =>
        `Moved ${amountText.trim()} ${symbol} from ${sourceChain?.name} towards ${destinationChain?.name}: burnt on ${sourceChain?.name}, message ${shortAddress(r.sendId)} on its way.`,
    });
    if (result !== undefined) {
      setCheck({ state: "idle" });
      setAmountText("");
    }
  }

  const holds = (id: number | undefined) => (id === undefined || !selected ? "0" : formatAmount(selected.balances.get(id) ?? 0n, selected.asset.decimals));

  return (
    <section className="card" aria-labelledby="move-heading">
      <h2 id="move-heading">Move between chains</h2>
      <p className="hint">
        Move your tokens of an asset between the chains its issuer enabled: they are burnt on the source chain and minted on the destination to a
        wallet of your own identity. If the destination&apos;s rules refuse them, they come back to you.
      </p>
      {!wallet ? (
        <p className="notice" aria-label="Move access">
          Connect a wallet (top right) to move your tokens between chains.
        </p>
      ) : (
        <>
          <QueryNotice isPending={isPending} error={error as Error | null} what="your holdings on each chain" />
          {noneEnabled || (!isPending && !error && held.length === 0) ? (
            <p className="hint">
              {noneEnabled ? "No asset is enabled on another chain yet." : "You hold no asset that is enabled on another chain."}
            </p>
          ) : null}
          {selected && source !== undefined && destination !== undefined ? (
            <form className="form" onSubmit={onMove} noValidate aria-labelledby="move-heading">
              <div className="field">
                <label htmlFor="move-asset">Asset to move</label>
                <select id="move-asset" value={selected.asset.token} onChange={(e) => edited(setToken)(e.target.value)}>
                  {held.map((m) => (
                    <option key={m.asset.token} value={m.asset.token}>
                      {m.asset.name} ({m.asset.symbol})
                    </option>
                  ))}
                </select>
              </div>
              <div className="grid halves">
                <div className="field">
                  <label htmlFor="move-from">From chain</label>
                  <select id="move-from" value={source} onChange={(e) => edited(setFromChain)(Number(e.target.value))}>
                    {chainIds.map((id) => (
                      <option key={id} value={id}>
                        {chainLabel({ chainId: id, name: chainNameOf(chains, id) })} (you hold {holds(id)} {selected.asset.symbol})
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="move-to">Destination chain</label>
                  <select id="move-to" value={destination} onChange={(e) => edited(setToChain)(Number(e.target.value))}>
                    {destinations.map((id) => (
                      <option key={id} value={id}>
                        {chainLabel({ chainId: id, name: chainNameOf(chains, id) })}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <div className="field">
                <label htmlFor="move-amount">Amount to move</label>
                <input
                  id="move-amount"
                  inputMode="decimal"
                  placeholder="100"
                  value={amountText}
                  onChange={(e) => edited(setAmountText)(e.target.value)}
                  aria-invalid={Boolean(fieldError.amount)}
                  aria-describedby="move-amount-hint"
                />
                <p id="move-amount-hint" className="hint" style={fieldError.amount ? { color: "var(--danger)" } : undefined}>
                  {fieldError.amount ?? `Whole tokens of ${selected.asset.symbol}. You hold ${holds(source)} on ${sourceChain?.name}.`}
                </p>
              </div>
              <div className="field">
                <label htmlFor="move-receiver">Receiver on {destinationChain?.name}</label>
                <input
                  id="move-receiver"
                  autoComplete="off"
                  spellCheck={false}
                  value={receiver}
                  onChange={(e) => edited(setReceiverText)(e.target.value)}
                  aria-invalid={Boolean(fieldError.receiver)}
                  aria-describedby="move-receiver-hint"
                />
                <p id="move-receiver-hint" className="hint" style={fieldError.receiver ? { color: "var(--danger)" } : undefined}>
                  {fieldError.receiver ?? "Your own wallet by default; another wallet must belong to your identity."}
                </p>
              </div>
              {connection.chainId !== source && sourceChain ? (
                <p className="notice warn" aria-label="Source chain">
                  Your wallet is on {chainNameOf(chains, connection.chainId ?? 0)}; this move is signed on {sourceChain.name}. Moving asks the wallet to
                  switch, or: <SwitchChainButton chain={sourceChain} />
                </p>
              ) : null}
              <div className="actions">
                <button type="button" className="btn-secondary" onClick={() => void onCheck()} disabled={busy || check.state === "checking"}>
                  Check the move
                </button>
                <button type="submit" disabled={busy || !checkPassed}>
                  Move tokens
                </button>
              </div>
              {check.state === "checking" ? (
                <p role="status" aria-label="Move check" className="notice">
                  Checking the move on both chains…
                </p>
              ) : checkPassed ? (
                <p role="status" aria-label="Move check" className="notice ok">
                  <strong>Move allowed.</strong> {sourceChain?.name} lets the tokens leave and {destinationChain?.name} accepts them; you can move them.
                </p>
              ) : check.state === "refused" && check.key === inputKey ? (
                <p role="alert" aria-label="Move check" className="notice error">
                  <strong>Not allowed:</strong> {check.reason}
                </p>
              ) : null}
              <TxProgress state={tx.state} label="Move progress" />
            </form>
          ) : null}
        </>
      )}
    </section>
  );
}

/** A remembered send's chain-only status (SDK crosschainTransferStatus) while the index does not show it. */
function useChainStatuses(sends: readonly LocalSend[], enabled: boolean) {
  const clients = useChainClients();
  const { chains } = useServedChains();
  return useQuery({
    queryKey: ["crosschain-chain-status", sends.map((s) => s.messageId).join(",")],
    queryFn: async () => {
      const out = new Map<string, Pick<TransferRow, "status" | "code">>();
      for (const s of sends) {
        const src = clients.get(s.sourceChainId);
        const dst = clients.get(s.destinationChainId);
        if (!src || !dst) continue;
        const r = await crosschainTransferStatus(
          { publicClient: src, chainId: s.sourceChainId, bridge: s.sourceBridge as Address, name: chainNameOf(chains, s.sourceChainId), fromBlock: BigInt(s.sourceBlock) },
          { publicClient: dst, chainId: s.destinationChainId, bridge: s.destinationBridge as Address, name: chainNameOf(chains, s.destinationChainId) },
          s.messageId as Hex,
        );
        out.set(s.messageId.toLowerCase(), { status: r.status, code: r.refused?.code ?? null });
      }
      return out;
    },
    enabled: enabled && sends.length > 0,
    refetchInterval: 2000,
  });
}

/**
 * The investor's cross-chain transfers, newest first, each with its status in words (sent, in transit, delivered,
 * refused with the reason, returned), refreshing while any is under way: from the index (GET
 * /api/me/crosschain-transfers, signed in), and for this browser's sends the index does not show yet (or without
 * the index), from the chains (the SDK's crosschainTransferStatus).
 */
function MyCrosschainTransfers({ wallet, signedIn, sends, assets }: { wallet: Address | undefined; signedIn: boolean; sends: LocalSend[]; assets: AssetDto[] }) {
  const { chains } = useServedChains();
  const indexed = useQuery({
    queryKey: ["me", "crosschain-transfers", wallet],
    queryFn: ({ signal }) => fetchMyCrosschainTransfers(signal),
    enabled: signedIn,
    refetchInterval: (q) => (q.state.data?.some((t) => transferPending(t.status)) || sends.length > 0 ? 2000 : 10_000),
  });
  const rows = mergeTransfers(indexed.data ? indexed.data.map(transferRowOf) : null, sends);
  const unindexed = sends.filter((s) => rows.includes(s));
  const onChain = useChainStatuses(unindexed, true);
  const routes = useAssetRoutes(assets.map((a) => a.token));
  const assetOf = (token: string | null) => {
    if (!token) return undefined;
    for (const a of assets) {
      const r = routes.data?.get(a.token.toLowerCase());
      if (a.token.toLowerCase() === token.toLowerCase() || r?.some((x) => x.token.toLowerCase() === token.toLowerCase())) return a;
    }
    return undefined;
  };

  return (
    <section className="card" aria-labelledby="xfers-heading">
      <h2 id="xfers-heading">Cross-chain transfers</h2>
      {!wallet ? (
        <p className="hint">Connect a wallet to see your cross-chain transfers.</p>
      ) : (
        <>
          {!signedIn ? <p className="hint">Sign in (top right) to see every transfer of your identity from the index; this browser&apos;s own moves show below.</p> : null}
          {signedIn ? <QueryNotice isPending={indexed.isPending} error={indexed.error} what="your cross-chain transfers" /> : null}
          {indexed.data === null ? <p className="hint">The cross-chain index is not available: statuses are read from the chains.</p> : null}
          {onChain.error ? (
            <p role="alert" className="notice error">
              Could not read a transfer&apos;s status from the chains: {explainUnknown(onChain.error)}
            </p>
          ) : null}
          <RowsTable
            label="Cross-chain transfers"
            rows={rows.map((t) => {
              const live = t.status === null ? onChain.data?.get(t.messageId.toLowerCase()) : undefined;
              return { t, status: transferStatusText(live ? { ...t, ...live } : t, chains, crosschainRefusalMessage), asset: assetOf(t.sourceToken) };
            })}
            rowKey={(r) => r.t.messageId}
            empty="No cross-chain transfers yet."
            columns={[
              { header: "Asset", cell: ({ t, asset }) => (asset ? asset.symbol : t.sourceToken ? shortAddress(t.sourceToken) : "—") },
              { header: "Route", cell: ({ t }) => `${chainNameOf(chains, t.sourceChainId)} → ${chainNameOf(chains, t.destinationChainId)}` },
              { header: "Amount", cell: ({ t, asset }) => (asset ? formatAmount(t.amount, asset.decimals) : t.amount) },
              {
                header: "Status",
                cell: ({ status: s }) => (
                  <>
                    <span className={`badge ${s.label === "Delivered" ? "ok" : s.label === "Refused" || s.label === "Returned" ? "warn" : ""}`}>{s.label}</span>{" "}
                    <span className="hint">{s.text}</span>
                  </>
                ),
              },
              { header: "Message", cell: ({ t }) => <code title={t.messageId}>{shortAddress(t.messageId)}</code> },
            ]}
          />
        </>
      )}
    </section>
  );
}

/** Investor app, "Cross-chain": the move card and the wallet's cross-chain transfers. */
export function InvestorCrosschain({ wallet, signedIn }: { wallet: Address | undefined; signedIn: boolean }) {
  const [sends, addSend] = useLocalSends(wallet);
  const assets = useAssets();
  return (
    <div className="grid">
      <div className="narrow">
        <MoveBetweenChains wallet={wallet} onSent={addSend} />
      </div>
      <MyCrosschainTransfers wallet={wallet} signedIn={signedIn} sends={sends} assets={assets.data?.assets ?? []} />
    </div>
  );
}
