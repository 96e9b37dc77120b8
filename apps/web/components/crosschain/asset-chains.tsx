"use client";

import { useQuery } from "@tanstack/react-query";
import { createColumnHelper, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from "recharts";
import { type Abi, type Address, formatUnits } from "viem";
import { tokenAbi } from "@tessera/contracts";
import { readInTransit } from "@/lib/client/asset-routes";
import { CROSSCHAIN_HOLDERS_PAGE_SIZE, fetchAssetCrosschain } from "@/lib/client/crosschain-api";
import { formatAmount, shortAddress } from "@/lib/client/format";
import { LIVE_MS } from "@/lib/client/queries";
import { useRoleGate } from "@/lib/client/use-role-gate";
import type { AssetDto, CrosschainHolderDto } from "@/lib/shared/api-types";
import { chainLabel, chainNameOf } from "@/lib/shared/chains";
import { devAccountLabel } from "@/lib/shared/dev-accounts";
import { useServedChains } from "../chain-switcher";
import { DataTable } from "../data-table";
import { EnableChains } from "./enable-chain";
import { QueryNotice } from "../query-notice";
import { useAssetRoutes, useChainClients } from "./use-crosschain";

/** The asset on one chain as the section shows it: supply in token base units; holders null when read from the chains. */
interface ChainRow {
  chainId: number;
  token: string;
  totalSupply: string;
  holderCount: number | null;
}

const COLORS = ["#2f5bea", "#12a06a", "#e0a100", "#d9480f", "#7048e8", "#0c8599"];

/**
 * An asset across the served chains: supply per chain and tokens in transit from the cross-chain index (GET
 * /api/assets/[token]/crosschain), or, without the index, read from the chains (each token's totalSupply, the sum of
 * the bridges' netOutflow); holders by identity from the index only. `source` says which.
 */
export function useAssetAcrossChains(asset: AssetDto, enabled: boolean) {
  const { chains } = useServedChains();
  const clients = useChainClients();
  const api = useQuery({
    queryKey: ["asset-crosschain", asset.token],
    queryFn: ({ signal }) => fetchAssetCrosschain(asset.token, signal),
    enabled: enabled && chains.length > 1,
    refetchInterval: LIVE_MS * 2,
  });
  const routes = useAssetRoutes([asset.token]);
  const r = routes.data?.get(asset.token.toLowerCase());
  const onChain = useQuery({
    queryKey: ["asset-crosschain-chain", asset.token, r?.map((x) => `${x.chainId}:${x.token}`).join(",")],
    queryFn: async () => {
      const list = r ?? [];
      const supplies: ChainRow[] = await Promise.all(
        list.map(async (x) => ({
          chainId: x.chainId,
          token: x.token.toLowerCase(),
          totalSupply: String(await clients.get(x.chainId)!.readContract({ address: x.token as Address, abi: tokenAbi as Abi, functionName: "totalSupply", args: [] })),
          holderCount: null,
        })),
      );
      return { chains: supplies, inTransit: (await readInTransit(clients, list)).toString() };
    },
    // Only without the index (its route answers Next's 404 until the cross-chain index is deployed).
    enabled: enabled && api.data === null && r !== undefined,
    refetchInterval: LIVE_MS * 2,
  });
  const fromIndex = api.data ?? null;
  const data: { chains: ChainRow[]; inTransit: string } | null = fromIndex
    ? { chains: fromIndex.chains.map((c) => ({ chainId: c.chainId, token: c.token, totalSupply: c.totalSupply, holderCount: c.holderCount })), inTransit: fromIndex.inTransit.amount }
    : (onChain.data ?? null);
  return {
    chains: data?.chains ?? [],
    inTransit: data?.inTransit ?? null,
    holders: fromIndex?.holders ?? null,
    holderCount: fromIndex?.holderCount ?? null,
    transfersInTransit: fromIndex?.inTransit.count ?? null,
    source: fromIndex ? ("index" as const) : onChain.data ? ("chains" as const) : null,
    notEnabled: routes.data !== undefined && (r?.length ?? 0) < 2 && (fromIndex?.chains.length ?? 0) < 2,
    isPending: api.isPending || (api.data === null && (routes.isPending || onChain.isPending)),
    error: (api.error ?? routes.error ?? onChain.error) as Error | null,
    served: chains,
  };
}

/** Supply per chain as a bar chart (recharts, as the dashboard's charts) with the same figures in a list. */
function SupplyChart({ asset, rows, served }: { asset: AssetDto; rows: ChainRow[]; served: ReturnType<typeof useServedChains>["chains"] }) {
  const data = rows.map((c) => ({
    name: chainNameOf(served, c.chainId),
    supply: Number(formatUnits(BigInt(c.totalSupply), asset.decimals)),
    raw: c.totalSupply,
    chainId: c.chainId,
  }));
  return (
    <figure className="chart" aria-labelledby="supply-per-chain-caption">
      <figcaption id="supply-per-chain-caption">Supply per chain</figcaption>
      <BarChart width={360} height={200} data={data} margin={{ left: 0, right: 8, top: 8, bottom: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
        <YAxis tick={{ fontSize: 11 }} width={64} />
        <Tooltip formatter={(v) => `${Number(v).toLocaleString("en-US")} ${asset.symbol}`} />
        <Bar dataKey="supply" isAnimationActive={false}>
          {data.map((d, i) => (
            <Cell key={d.chainId} fill={COLORS[i % COLORS.length]} />
          ))}
        </Bar>
      </BarChart>
      <ul aria-label="Supply per chain" className="legend">
        {data.map((d, i) => (
          <li key={d.chainId}>
            <span className="swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" />
            {chainLabel({ chainId: d.chainId, name: d.name })}: {formatAmount(d.raw, asset.decimals)} {asset.symbol}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/**
 * Dashboard card (asset Overview, when the app serves several chains): the asset's supply on each chain as a chart,
 * and the tokens in transit between chains. Agents and role holders of the token only, as the dashboard.
 */
export function SupplyPerChainCard({ asset }: { asset: AssetDto }) {
  const gate = useRoleGate({ tokenReader: asset.token }, "see the supply per chain");
  const x = useAssetAcrossChains(asset, !gate.blocked && !gate.checking);
  if (x.served.length < 2) return null;
  return (
    <section className="card" aria-labelledby="supply-chains-heading">
      <h2 id="supply-chains-heading">Supply across chains</h2>
      {gate.blocked || gate.checking ? (
        <p className="notice" aria-label="Supply across chains access">
          {gate.checking ? "Checking your roles…" : gate.blocked}
        </p>
      ) : (
        <>
          <QueryNotice isPending={x.isPending} error={x.error} what="the supply per chain" />
          {x.notEnabled ? <p className="hint">{asset.symbol} is on its home chain only: it is not enabled on another chain.</p> : null}
          {!x.notEnabled && x.chains.length > 0 ? (
            <>
              <SupplyChart asset={asset} rows={x.chains} served={x.served} />
              {x.inTransit !== null ? (
                <p className="hint">
                  In transit between chains: {formatAmount(x.inTransit, asset.decimals)} {asset.symbol}
                </p>
              ) : null}
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

const col = createColumnHelper<CrosschainHolderDto>();

/**
 * The issuer's "Chains" section of an asset: supply on each chain (token address, supply, holders), tokens in transit,
 * and the holders aggregated by investor identity across chains (a TanStack table, like the cap table's: one row per
 * identity, its balance on each chain and in total, its wallets).
 */
export function AssetChains({ asset }: { asset: AssetDto }) {
  const gate = useRoleGate({ tokenReader: asset.token }, "see the asset across chains");
  const x = useAssetAcrossChains(asset, !gate.blocked && !gate.checking);
  const chainKey = x.chains.map((c) => c.chainId).join(",");
  const columns = useMemo(
    () => [
      col.accessor("identity", {
        header: "Investor (identity)",
        cell: (c) => {
          const label = c.row.original.chains.flatMap((x) => x.wallets).map((w) => devAccountLabel(w)).find(Boolean);
          return (
            <>
              <code title={c.getValue()}>{shortAddress(c.getValue())}</code>
              {label ? <div className="hint">{label}</div> : null}
            </>
          );
        },
      }),
      ...(chainKey ? chainKey.split(",").map(Number) : []).map((id) =>
        col.display({
          id: `chain-${id}`,
          header: `On ${chainNameOf(x.served, id)}`,
          meta: { numeric: true },
          cell: (c) => {
            const v = c.row.original.chains.find((x) => x.chainId === id)?.balance ?? "0";
            return v === "0" ? "—" : `${formatAmount(v, asset.decimals)} ${asset.symbol}`;
          },
        }),
      ),
      col.accessor("total", { header: "Total", meta: { numeric: true }, cell: (c) => `${formatAmount(c.getValue(), asset.decimals)} ${asset.symbol}` }),
      col.accessor("sharePercent", { header: "% of supply", meta: { numeric: true }, cell: (c) => `${Number(c.getValue()).toFixed(2)}%` }),
      col.display({
        id: "wallets",
        header: "Wallets",
        cell: (c) => (
          <ul className="plain">
            {c.row.original.chains.flatMap((onChain) =>
              onChain.wallets.map((w) => (
                <li key={`${onChain.chainId}-${w}`}>
                  <code title={w}>{shortAddress(w)}</code> <span className="hint">on {chainNameOf(x.served, onChain.chainId)}</span>
                </li>
              )),
            )}
          </ul>
        ),
      }),
    ],
    [chainKey, asset.decimals, asset.symbol, x.served],
  );
  const data = useMemo(() => x.holders ?? [], [x.holders]);
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.identity,
  });

  if (gate.blocked || gate.checking) {
    return (
      <section className="card" aria-labelledby="chains-heading">
        <h2 id="chains-heading">Chains</h2>
        <p className="notice" aria-label="Chains access">
          {gate.checking ? "Checking your roles…" : gate.blocked}
        </p>
      </section>
    );
  }
  return (
    <div className="grid">
      <section className="card" aria-labelledby="chains-heading">
        <h2 id="chains-heading">Chains</h2>
        <QueryNotice isPending={x.isPending} error={x.error} what="the asset across chains" />
        {x.notEnabled ? (
          <p className="hint">{asset.symbol} is on its home chain only: it is not enabled on another chain.</p>
        ) : null}
        {x.chains.length > 0 && !x.notEnabled ? (
          <div className="grid halves">
            <div>
              <dl className="stats" aria-label="Across chains figures">
                <div>
                  <dt>Supply, all chains</dt>
                  <dd>
                    {formatAmount(
                      x.chains.reduce((s, c) => s + BigInt(c.totalSupply), 0n),
                      asset.decimals,
                    )}{" "}
                    {asset.symbol}
                  </dd>
                </div>
                <div>
                  <dt>In transit</dt>
                  <dd data-testid="in-transit">{x.inTransit === null ? "—" : `${formatAmount(x.inTransit, asset.decimals)} ${asset.symbol}`}</dd>
                </div>
              </dl>
              <div className="table-wrap">
                <table aria-label="Supply per chain">
                  <thead>
                    <tr>
                      <th scope="col">Chain</th>
                      <th scope="col">Token</th>
                      <th scope="col" className="num">
                        Supply
                      </th>
                      <th scope="col" className="num">
                        Holders
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {x.chains.map((c) => (
                      <tr key={c.chainId}>
                        <th scope="row">{chainLabel({ chainId: c.chainId, name: chainNameOf(x.served, c.chainId) })}</th>
                        <td>
                          <code title={c.token}>{shortAddress(c.token)}</code>
                        </td>
                        <td className="num">
                          {formatAmount(c.totalSupply, asset.decimals)} {asset.symbol}
                        </td>
                        <td className="num">{c.holderCount === null ? "—" : c.holderCount}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="hint">
                {x.source === "index"
                  ? "From the cross-chain index."
                  : "Read from the chains: the cross-chain index is not available, so holders per chain are not shown."}
              </p>
            </div>
            <SupplyChart asset={asset} rows={x.chains} served={x.served} />
          </div>
        ) : null}
      </section>
      {x.served.length > 1 ? <EnableChains asset={asset} /> : null}
      {!x.notEnabled ? (
        <section className="card" aria-labelledby="xholders-heading">
          <h2 id="xholders-heading">Holders across chains</h2>
          <p className="hint">One row per investor identity: their balance on each chain and in total, and the wallets that hold it.</p>
          {x.holders === null ? (
            <p className="hint">Holders by identity come from the cross-chain index, which is not available.</p>
          ) : (
            <>
              {x.holderCount !== null && x.holderCount > x.holders.length ? (
                <p className="hint">
                  The largest {x.holders.length} of {x.holderCount} holders (at most {CROSSCHAIN_HOLDERS_PAGE_SIZE} shown).
                </p>
              ) : null}
              <div className="table-wrap">
                <DataTable table={table} label="Holders across chains" empty="Nobody holds the asset yet." />
              </div>
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}
