"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { formatAmount } from "@/lib/client/format";
import { useAssets } from "@/lib/client/queries";
import { useRoleGate, type RoleNeed } from "@/lib/client/use-role-gate";
import { useServerPagedTable } from "@/lib/client/use-server-paged-table";
import type { AuditEntryDto, AuditListResponse } from "@/lib/shared/api-types";
import { devAccountLabel } from "@/lib/shared/dev-accounts";
import { PagedTable } from "../paged-table";
import { RoleGateNotice } from "../role-gate-notice";
import { TxCell } from "../tx-cell";

const col = createColumnHelper<AuditEntryDto>();
const PAGE_SIZE = 20;

/** Action names the server records, with their words. */
export const AUDIT_ACTIONS: Record<string, string> = {
  mint: "Issued",
  "bulk-mint": "Issued in bulk (batchMint)",
  burn: "Burned",
  pause: "Paused",
  unpause: "Unpaused",
  freeze: "Froze wallet",
  unfreeze: "Unfroze wallet",
  "freeze-partial": "Froze part of balance",
  "unfreeze-partial": "Unfroze part of balance",
  "forced-transfer": "Forced transfer",
  "recover-wallet": "Recovered wallet",
  "register-investor": "Registered investor",
  "set-kyc-expiry": "Set KYC expiry",
  "renew-kyc": "Renewed KYC",
  "update-country": "Updated country",
  "delete-identity": "Removed investor",
  "update-identity": "Updated identity",
  "bulk-register": "Imported investors",
  "transfer-requested": "Requested transfer approval",
  "transfer-approved": "Approved transfer",
  "transfer-rejected": "Rejected transfer",
  "application-approved": "Approved application",
  "application-rejected": "Rejected application",
  "set-nav": "Set NAV",
  "id-document-downloaded": "Downloaded ID document",
};

/** Actor roles the server records, in words. */
const ROLE_WORDS: Record<string, string> = {
  "token-agent": "token agent",
  "token-owner": "token owner",
  "compliance-officer": "compliance officer",
  "transfer-approver": "transfer approver",
  // audit rows written before the glossary named the approver role
  "transfer-manager": "transfer approver",
  investor: "investor",
  "supply-role": "supply role",
  "freezer-role": "freezer role",
  "transfer-manager-role": "transfer manager role",
  "recovery-agent-role": "recovery agent role",
  "compliance-agent-role": "compliance agent role",
  "allowlist-manager-role": "allowlist manager role",
  "issuer-role": "issuer role",
  "access-manager": "AccessManager role",
};

type Filters = {
  action: string;
  wallet: string;
  /** Who acted (wallet). */
  actor: string;
  /** Asset (token address), in the console's whole log. */
  asset: string;
  since: string;
  until: string;
};
const NO_FILTERS: Filters = { action: "", wallet: "", actor: "", asset: "", since: "", until: "" };

/** The audit API's query parameters of the filters (wallets only once whole addresses); `token` pins the asset. */
function auditParams(token: string | undefined, f: Filters): Record<string, string> {
  const p: Record<string, string> = {};
  if (token) p.token = token;
  else if (f.asset) p.token = f.asset;
  if (f.action) p.action = f.action;
  if (/^0x[0-9a-fA-F]{40}$/.test(f.wallet.trim())) p.subject = f.wallet.trim();
  if (/^0x[0-9a-fA-F]{40}$/.test(f.actor.trim())) p.actor = f.actor.trim();
  if (f.since) p.since = f.since;
  if (f.until) p.until = f.until;
  return p;
}
const entriesOf = (r: AuditListResponse) => r.entries;

/**
 * The audit log (who, what, when, transaction, why): filter by action, wallet and dates, page on the server, export
 * CSV. With `token`: that token's entries (for its agents); without: everything (compliance officers).
 */
export function AuditLog({ token, symbol, decimals }: { token?: `0x${string}`; symbol?: string; decimals?: number }) {
  const need: RoleNeed = token ? { tokenReader: token } : { complianceOfficer: true };
  const gate = useRoleGate(need, "read the audit log");
  // In the whole log (no `token`), entries of every asset: their symbols and decimals format the amounts.
  const assets = useAssets();
  const assetOf = useMemo(() => new Map((assets.data?.assets ?? []).map((a) => [a.token.toLowerCase(), a])), [assets.data]);
  const allowed = !gate.blocked && !gate.checking;

  const columns = useMemo(
    () => [
      col.accessor("createdAt", { header: "When", cell: (c) => new Date(c.getValue()).toISOString().replace("T", " ").slice(0, 19) + " UTC" }),
      col.accessor("actor", {
        header: "Who",
        cell: (c) => (
          <>
            <code>{c.getValue()}</code>
            <div className="hint">
              {ROLE_WORDS[c.row.original.actorRole] ?? c.row.original.actorRole}
              {devAccountLabel(c.getValue()) ? ` · ${devAccountLabel(c.getValue())}` : ""}
            </div>
          </>
        ),
      }),
      col.accessor("action", {
        header: "Action",
        cell: (c) => {
          const t = c.row.original.token;
          const a = !token && t ? assetOf.get(t) : undefined;
          return (
            <>
              {AUDIT_ACTIONS[c.getValue()] ?? c.getValue()}
              {!token && t ? <div className="hint">{a ? a.symbol : `${t.slice(0, 10)}…`}</div> : null}
            </>
          );
        },
      }),
      col.accessor("subject", {
        header: "Wallet",
        cell: (c) => {
          const d = c.row.original.details as { to?: string; newWallet?: string } | null;
          const to = d?.to ?? d?.newWallet;
          return c.getValue() ? (
            <>
              <code>{c.getValue()}</code>
              {to ? (
                <div className="hint">
                  → <code>{to}</code>
                </div>
              ) : null}
            </>
          ) : (
            "—"
          );
        },
      }),
      col.accessor("amount", {
        header: "Amount",
        cell: (c) => {
          const v = c.getValue();
          if (!v) return "—";
          if (decimals !== undefined) return `${formatAmount(v, decimals)} ${symbol ?? ""}`;
          const a = c.row.original.token ? assetOf.get(c.row.original.token) : undefined;
          return a ? `${formatAmount(v, a.decimals)} ${a.symbol}` : v;
        },
        meta: { numeric: true },
      }),
      col.accessor("txHash", {
        header: "Transaction",
        cell: (c) => <TxCell hash={c.getValue()} block={c.row.original.blockNumber ?? ""} abbreviation="ends" blockBelow empty="—" />,
      }),
      col.accessor("reason", { header: "Reason" }),
    ],
    [decimals, symbol, assetOf, token],
  );
  const paged = useServerPagedTable({
    path: "/api/audit",
    queryKey: ["audit"],
    enabled: allowed,
    pageSize: PAGE_SIZE,
    initialFilters: NO_FILTERS,
    params: (f) => auditParams(token, f),
    rows: entriesOf,
    columns,
    getRowId: (r) => r.id,
  });
  const { filters, setFilters: set } = paged;

  return (
    <section className="card" aria-labelledby={`audit-heading-${token ?? "all"}`}>
      <div className="card-head">
        <h2 id={`audit-heading-${token ?? "all"}`}>Audit log</h2>
        {allowed ? (
          <a className="btn-secondary" href={paged.csvHref} download>
            Export audit CSV
          </a>
        ) : null}
      </div>
      {!allowed ? (
        <RoleGateNotice gate={gate} label="Audit log access" />
      ) : (
        <>
          <div className="filters" role="group" aria-label="Audit log filters">
            <div className="field">
              <label htmlFor={`audit-action-${token ?? "all"}`}>Action</label>
              <select id={`audit-action-${token ?? "all"}`} value={filters.action} onChange={(e) => set({ action: e.target.value })}>
                <option value="">All actions</option>
                {Object.entries(AUDIT_ACTIONS).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
            </div>
            {!token ? (
              <div className="field">
                <label htmlFor="audit-asset-all">Asset</label>
                <select id="audit-asset-all" value={filters.asset} onChange={(e) => set({ asset: e.target.value })}>
                  <option value="">All assets</option>
                  {(assets.data?.assets ?? []).map((a) => (
                    <option key={a.token} value={a.token}>
                      {a.symbol} ({a.name})
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <div className="field">
              <label htmlFor={`audit-actor-${token ?? "all"}`}>Who (actor wallet)</label>
              <input id={`audit-actor-${token ?? "all"}`} placeholder="0x…" value={filters.actor} onChange={(e) => set({ actor: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`audit-wallet-${token ?? "all"}`}>Affected wallet</label>
              <input id={`audit-wallet-${token ?? "all"}`} placeholder="0x…" value={filters.wallet} onChange={(e) => set({ wallet: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`audit-since-${token ?? "all"}`}>From date</label>
              <input id={`audit-since-${token ?? "all"}`} type="date" value={filters.since} onChange={(e) => set({ since: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`audit-until-${token ?? "all"}`}>To date</label>
              <input id={`audit-until-${token ?? "all"}`} type="date" value={filters.until} onChange={(e) => set({ until: e.target.value })} />
            </div>
          </div>
          <PagedTable
            paged={paged}
            what="the audit log"
            label="Audit log"
            empty={"No entries match."}
            pagerLabel="Audit log pages"
            totalText={(total) => ` · ${total} entr${total === 1 ? "y" : "ies"}`}
          />
        </>
      )}
    </section>
  );
}
