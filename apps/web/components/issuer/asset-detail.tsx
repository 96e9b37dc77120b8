"use client";

import Link from "next/link";
import { createContext, use, useMemo, type ReactNode } from "react";
import { formatAmount } from "@/lib/client/format";
import { useAsset } from "@/lib/client/queries";
import { IssuerBond } from "@/components/bond/issuer-bond";
import { IssuerDistributions } from "@/components/distribution/issuer-distributions";
import type { AssetDto } from "@/lib/shared/api-types";
import { countryLabel } from "@/lib/shared/countries";
import { HOLDERS_HINT } from "@/lib/shared/glossary";
import { AuditLog } from "../audit/audit-log";
import { AssetChains, SupplyPerChainCard } from "../crosschain/asset-chains";
import { TransactionsCsv } from "../cash/transactions-csv";
import { SetNavForm } from "../investor/set-nav-form";
import { QueryNotice } from "../query-notice";
import { IssuerSubscriptions } from "../vault/issuer-subscriptions";
import { AgentOperations } from "./agent-operations";
import { AssetDashboard } from "./asset-dashboard";
import { AssetDocuments } from "./asset-documents";
import { assetSectionPath, AssetTabs } from "./asset-tabs";
import { BulkIssuance } from "./bulk-issuance";
import { CapTable } from "./cap-table";
import { MintForm } from "./mint-form";
import styles from "./asset-detail.module.css";

/** The asset the page shows: its token (from the URL, lower-case) and its indexed record once loaded. */
interface AssetPage {
  token: string;
  asset: AssetDto | undefined;
}

const AssetPageContext = createContext<AssetPage | null>(null);

/** The asset of the enclosing {@link AssetShell}. */
function useAssetPage(): AssetPage {
  const page = use(AssetPageContext);
  if (!page) throw new Error("an asset section must be rendered inside AssetShell (app/issuer/assets/[token]/layout.tsx)");
  return page;
}

/**
 * The frame of every section of one asset's page (the layout of /issuer/assets/[token]): the way back to the portal,
 * the asset's name, symbol and token address, its class and whether transfers are paused (polled, so a pause shows on
 * every section), the not-indexed or loading notice, and the section links ({@link AssetTabs}). The sections read the
 * asset from here, so one polled query serves them all and it survives moving between sections.
 */
export function AssetShell({ token, children }: { token: string; children: ReactNode }) {
  const q = useAsset(token);
  const a = q.data?.asset;
  const notFound = q.error && "status" in q.error && (q.error as { status: number }).status === 404;
  const page = useMemo(() => ({ token, asset: a }), [token, a]);

  return (
    <main className="page">
      <p className="hint">
        <Link href="/issuer">← Issuer portal</Link>
      </p>
      <div className={styles.head}>
        <div>
          <h1>{a ? `${a.name} (${a.symbol})` : "Asset"}</h1>
          <p className={styles.address}>
            <code>{token}</code>
          </p>
        </div>
        {a ? (
          <dl className={styles.summary} aria-label="Asset summary">
            <div>
              <dt>Asset class</dt>
              <dd>{a.assetClassName}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>
                <span className={a.paused ? "badge warn" : "badge ok"}>{a.paused ? "Paused" : a.matured ? "Matured" : "Active"}</span>
              </dd>
            </div>
          </dl>
        ) : null}
      </div>
      {notFound ? (
        <p role="alert" className="notice warn">
          This asset is not indexed (yet). If you just created it, it appears within seconds.
        </p>
      ) : (
        <QueryNotice isPending={q.isPending} error={q.error} what="the asset" />
      )}
      <AssetTabs token={token} />
      <AssetPageContext value={page}>{children}</AssetPageContext>
    </main>
  );
}

/** Overview: supply, holders and deployment, then the dashboard (figures, supply chart, countries, recent activity, what needs attention). */
export function AssetOverview() {
  const { asset: a } = useAssetPage();
  if (!a) return null;
  return (
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
          <dt>Deployed</dt>
          <dd title={`block ${a.deployedBlock}`}>{a.deployedAt.slice(0, 10)}</dd>
        </div>
      </dl>
      <AssetDashboard asset={a} />
      <SupplyPerChainCard asset={a} />
    </div>
  );
}

/** Holders: the cap table (live or at a record date, with ownership charts), and issuing tokens one by one or from a CSV. */
export function AssetHolders() {
  const { asset: a } = useAssetPage();
  if (!a) return null;
  return (
    <div className="grid">
      <CapTable token={a.token} decimals={a.decimals} symbol={a.symbol} />
      <div className="grid halves">
        <MintForm asset={a} />
        <BulkIssuance asset={a} />
      </div>
    </div>
  );
}

/** Transactions: the audit log of the asset's agent operations (who, what, transaction, reason). */
export function AssetTransactions() {
  const { asset: a } = useAssetPage();
  if (!a) return null;
  return (
    <div className="grid">
      <p className="hint">
        Every agent operation on {a.symbol} with its transaction and reason. The latest transfers between holders are on the{" "}
        <Link href={assetSectionPath(a.token, "")}>Overview</Link> (Recent activity).
      </p>
      <AuditLog token={a.token} symbol={a.symbol} decimals={a.decimals} />
      <TransactionsCsv token={a.token} symbol={a.symbol} />
    </div>
  );
}

/** Corporate actions: distributions (dividends, coupons) by record date. None can be made yet: an empty state. */
export function AssetCorporateActions() {
  const { asset: a } = useAssetPage();
  if (!a) return null;
  return (
    <div className="grid">
      <IssuerBond asset={a} />
      <IssuerDistributions asset={a} />
    </div>
  );
}

/**
 * Subscriptions: the asset's ERC-7540 vault (NAV per share and its updates, dealing terms, the queue of requests with
 * fulfilment at the dealing date's NAV), then the NAV statement the portfolio values positions with.
 */
export function AssetSubscriptions() {
  const { asset: a } = useAssetPage();
  if (!a) return null;
  return (
    <div className="grid">
      <IssuerSubscriptions asset={a} />
      <SetNavForm asset={a} />
    </div>
  );
}

/** Compliance: the transfer rules (compliance modules) and the agent operations (pause, freezes, burn, forced transfer, recovery). */
export function AssetCompliance() {
  const { asset: a } = useAssetPage();
  if (!a) return null;
  return (
    <div className="grid halves">
      <section className="card" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Rules</h2>
        <ul className="rules">
          <li>
            Allowed countries: {a.rules.allowedCountries.length ? a.rules.allowedCountries.map(countryLabel).join(", ") : "any country"}
          </li>
          <li>Max holders: {a.rules.maxHolders === "0" ? "no limit" : a.rules.maxHolders}</li>
          <li>
            Max balance per investor: {a.rules.maxBalance === "0" ? "no limit" : `${formatAmount(a.rules.maxBalance, a.decimals)} ${a.symbol}`}
          </li>
          <li>Recipients must be verified investors (identity registered, KYC valid).</li>
        </ul>
        <p className="hint">
          Decimals {a.decimals} · deployed in block {a.deployedBlock} by <code>{a.issuer}</code>
        </p>
        <p className="hint">
          Frozen wallets and amounts: the Frozen column of the <Link href={assetSectionPath(a.token, "holders")}>cap table</Link>, and
          Freezes in the <Link href="/compliance">compliance console</Link>.
        </p>
      </section>
      <AgentOperations asset={a} />
    </div>
  );
}

/** Documents: the asset's ERC-1643 documents, verifiable by anyone, uploaded and registered by its issuer. */
export function AssetDocumentsSection() {
  const { asset: a } = useAssetPage();
  if (!a) return null;
  return <AssetDocuments asset={a} />;
}

/** Chains (when the app serves several): the asset's supply per chain, tokens in transit, holders by identity across chains. */
export function AssetChainsSection() {
  const { asset: a } = useAssetPage();
  if (!a) return null;
  return <AssetChains asset={a} />;
}
