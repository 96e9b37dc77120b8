"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { deployAsset } from "@/lib/client/sdk";
import { apiGet } from "@/lib/client/api";
import { parseTokenAmount } from "@/lib/client/format";
import { useTxFlow } from "@/lib/client/use-tx-flow";
import type { AssetListResponse } from "@/lib/shared/api-types";
import { ASSET_CLASSES } from "@/lib/shared/countries";
import { parseCountryList } from "@/lib/shared/parse";
import { useConnection } from "wagmi";
import { useRuntimeConfig } from "../runtime-config";
import { TxProgress } from "../tx-progress";

interface Errors {
  name?: string;
  symbol?: string;
  decimals?: string;
  countries?: string;
  maxHolders?: string;
  maxBalance?: string;
}

/** "Create asset" form: deploys a token + compliance with the SDK through the connected wallet and tracks it to the index. */
export function CreateAssetForm() {
  const { deployments } = useRuntimeConfig();
  const { isConnected } = useConnection();
  const tx = useTxFlow();
  const [errors, setErrors] = useState<Errors>({});
  const [created, setCreated] = useState<{ address: string; symbol: string } | null>(null);
  const busy = tx.state.phase === "wallet" || tx.state.phase === "submitted" || (tx.state.phase === "confirmed" && !tx.state.indexTimedOut);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!deployments) return;
    const f = new FormData(e.currentTarget);
    const name = String(f.get("name") ?? "").trim();
    const symbol = String(f.get("symbol") ?? "").trim();
    const decimalsText = String(f.get("decimals") ?? "").trim();
    const assetClass = Number(f.get("assetClass") ?? 0);
    const countriesText = String(f.get("countries") ?? "");
    const maxHoldersText = String(f.get("maxHolders") ?? "").trim() || "0";
    const maxBalanceText = String(f.get("maxBalance") ?? "").trim() || "0";

    const next: Errors = {};
    if (!name) next.name = "Enter a name.";
    if (!symbol) next.symbol = "Enter a symbol.";
    else if (!/^[A-Za-z0-9.\-]{1,11}$/.test(symbol)) next.symbol = "Use 1-11 letters or digits.";
    const decimals = Number(decimalsText);
    if (!/^\d{1,2}$/.test(decimalsText) || decimals > 18) next.decimals = "Enter 0 to 18.";
    const countries = parseCountryList(countriesText);
    if (!countries.ok) next.countries = countries.error;
    if (!/^\d+$/.test(maxHoldersText)) next.maxHolders = "Enter a whole number (0 = no limit).";
    let maxBalance = 0n;
    if (!next.decimals) {
      if (/^0+$/.test(maxBalanceText.replace(/[,_\s]/g, ""))) maxBalance = 0n;
      else {
        const parsed = parseTokenAmount(maxBalanceText, decimals);
        if (!parsed.ok) next.maxBalance = `${parsed.error} (0 = no limit)`;
        else maxBalance = parsed.value;
      }
    }
    setErrors(next);
    if (Object.keys(next).length > 0 || !countries.ok) return;

    setCreated(null);
    await tx.run({
      send: (walletClient, publicClient) =>
        deployAsset(walletClient, publicClient, deployments, {
          name,
          symbol,
          decimals,
          assetClass,
          allowedCountries: countries.value,
          maxHolders: BigInt(maxHoldersText),
          maxBalance,
        }),
      isIndexed: async ({ hash }) => {
        const list = await apiGet<AssetListResponse>("/api/assets");
        const asset = list.assets.find((a) => a.deployedTxHash.toLowerCase() === hash.toLowerCase());
        if (asset) setCreated({ address: asset.address, symbol: asset.symbol });
        return Boolean(asset);
      },
      success: () => `Asset ${symbol} created.`,
    });
  }

  const describe = (id: keyof Errors, hint?: string) =>
    [errors[id] ? `${id}-error` : null, hint].filter(Boolean).join(" ") || undefined;
  const fieldError = (id: keyof Errors) =>
    errors[id] ? (
      <p id={`${id}-error`} className="hint" style={{ color: "var(--danger)" }}>
        {errors[id]}
      </p>
    ) : null;

  return (
    <section className="card" aria-labelledby="create-asset-heading">
      <h2 id="create-asset-heading">Create asset</h2>
      {!deployments ? (
        <p role="alert" className="notice warn">
          The platform is not deployed on this chain, so assets cannot be created.
        </p>
      ) : null}
      <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="create-asset-heading">
        <div className="row">
          <div className="field">
            <label htmlFor="asset-name">Name</label>
            <input id="asset-name" name="name" placeholder="Harbor Real Estate Fund" aria-invalid={Boolean(errors.name)} aria-describedby={describe("name")} />
            {fieldError("name")}
          </div>
          <div className="field">
            <label htmlFor="asset-symbol">Symbol</label>
            <input id="asset-symbol" name="symbol" placeholder="HREF" aria-invalid={Boolean(errors.symbol)} aria-describedby={describe("symbol")} />
            {fieldError("symbol")}
          </div>
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="asset-decimals">Decimals</label>
            <input id="asset-decimals" name="decimals" inputMode="numeric" defaultValue="18" aria-invalid={Boolean(errors.decimals)} aria-describedby={describe("decimals")} />
            {fieldError("decimals")}
          </div>
          <div className="field">
            <label htmlFor="asset-class">Asset class</label>
            <select id="asset-class" name="assetClass" defaultValue="0">
              {ASSET_CLASSES.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor="asset-countries">Allowed investor countries</label>
          <input
            id="asset-countries"
            name="countries"
            placeholder="840, 826"
            aria-invalid={Boolean(errors.countries)}
            aria-describedby={describe("countries", "asset-countries-hint")}
          />
          <p id="asset-countries-hint" className="hint">
            ISO-3166 numeric codes, comma-separated (e.g. 840, 826). Empty = any country.
          </p>
          {fieldError("countries")}
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="asset-max-holders">Max holders</label>
            <input
              id="asset-max-holders"
              name="maxHolders"
              inputMode="numeric"
              defaultValue="0"
              aria-invalid={Boolean(errors.maxHolders)}
              aria-describedby={describe("maxHolders", "asset-max-holders-hint")}
            />
            <p id="asset-max-holders-hint" className="hint">
              0 = no limit.
            </p>
            {fieldError("maxHolders")}
          </div>
          <div className="field">
            <label htmlFor="asset-max-balance">Max balance per investor</label>
            <input
              id="asset-max-balance"
              name="maxBalance"
              inputMode="decimal"
              defaultValue="0"
              aria-invalid={Boolean(errors.maxBalance)}
              aria-describedby={describe("maxBalance", "asset-max-balance-hint")}
            />
            <p id="asset-max-balance-hint" className="hint">
              Whole tokens. 0 = no limit.
            </p>
            {fieldError("maxBalance")}
          </div>
        </div>
        <div className="actions">
          <button type="submit" disabled={!deployments || !isConnected || busy}>
            Create asset
          </button>
          {!isConnected ? <span className="hint">Connect the issuer's wallet first.</span> : null}
        </div>
        <TxProgress state={tx.state} label="Create asset progress" />
        {created && tx.state.phase === "indexed" ? (
          <p>
            <Link href={`/issuer/assets/${created.address}`}>Open {created.symbol}</Link> <code>{created.address}</code>
          </p>
        ) : null}
      </form>
    </section>
  );
}
