"use client";

import Link from "next/link";
import { formatAmount } from "@/lib/client/format";
import { useAsset } from "@/lib/client/queries";
import { countryLabel } from "@/lib/shared/countries";
import { HOLDERS_HINT } from "@/lib/shared/glossary";
import { AuditLog } from "../audit/audit-log";
import { SetNavForm } from "../investor/set-nav-form";
import { QueryNotice } from "../query-notice";
import { AgentOperations } from "./agent-operations";
import { CapTable } from "./cap-table";
import { AssetDashboard } from "./asset-dashboard";
import { AssetDocuments } from "./asset-documents";
import { BulkIssuance } from "./bulk-issuance";
import { MintForm } from "./mint-form";

/** Issuer view of one asset: figures, rules, the mint form, the live cap table, agent operations and the audit log. */
export function AssetDetail({ token }: { token: string }) {
  const q = useAsset(token);
  const a = q.data?.asset;
  const notFound = q.error && "status" in q.error && (q.error as { status: number }).status === 404;

  return (
    <main className="page">
      <p className="hint">
        <Link href="/issuer">← Issuer portal</Link>
      </p>
      <h1>{a ? `${a.name} (${a.symbol})` : "Asset"}</h1>
      <p className="lead">
        <code>{token}</code>
      </p>
      {notFound ? (
        <p role="alert" className="notice warn">
          This asset is not indexed (yet). If you just created it, it appears within seconds.
        </p>
      ) : (
        <QueryNotice isPending={q.isPending} error={q.error} what="the asset" />
      )}
      {a ? (
        <div className="grid">
          <dl className="stats" aria-label="Asset figures">
            <div>
              <dt>Total supply</dt>
              <dd data-testid="total-supply">
                {formatAmount(a.totalSupply, a.decimals)} {a.symbol}
              </dd>
            </div>
            <div>
              <dt title={HOLDERS_HINT}>Holders</dt>
              <dd data-testid="holder-count">{a.holderCount}</dd>
            </div>
            <div>
              <dt>Asset class</dt>
              <dd>{a.assetClassName}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>{a.paused ? "Paused" : "Active"}</dd>
            </div>
          </dl>
          <AssetDashboard asset={a} />
          <div className="grid halves">
            <section className="card" aria-labelledby="rules-heading">
              <h2 id="rules-heading">Rules</h2>
              <ul className="rules">
                <li>
                  Allowed countries:{" "}
                  {a.rules.allowedCountries.length ? a.rules.allowedCountries.map(countryLabel).join(", ") : "any country"}
                </li>
                <li>Max holders: {a.rules.maxHolders === "0" ? "no limit" : a.rules.maxHolders}</li>
                <li>
                  Max balance per investor:{" "}
                  {a.rules.maxBalance === "0" ? "no limit" : `${formatAmount(a.rules.maxBalance, a.decimals)} ${a.symbol}`}
                </li>
                <li>Recipients must be verified investors (identity registered, KYC valid).</li>
              </ul>
              <p className="hint">
                Decimals {a.decimals} · deployed in block {a.deployedBlock} by <code>{a.issuer}</code>
              </p>
            </section>
            <MintForm asset={a} />
          </div>
          <BulkIssuance asset={a} />
          <CapTable token={a.token} decimals={a.decimals} symbol={a.symbol} />
          <SetNavForm asset={a} />
          <AgentOperations asset={a} />
          <AssetDocuments asset={a} />
          <AuditLog token={a.token} symbol={a.symbol} decimals={a.decimals} />
        </div>
      ) : null}
    </main>
  );
}
