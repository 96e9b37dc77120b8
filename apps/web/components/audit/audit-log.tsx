"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createColumnHelper, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { apiGet } from "@/lib/client/api";
import { formatAmount } from "@/lib/client/format";
import { LIVE_MS, useAssets } from "@/lib/client/queries";
import { useRoleGate, type RoleNeed } from "@/lib/client/use-role-gate";
import type { AuditEntryDto, AuditListResponse } from "@/lib/shared/api-types";
import { devAccountLabel } from "@/lib/shared/dev-accounts";
import { QueryNotice } from "../query-notice";
import { DataTable, Pager } from "../data-table";

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

interface Filters {
  action: string;
  wallet: string;
  /** Who acted (wallet). */
  actor: string;
  /** Asset (token address), in the console's whole log. */
  asset: string;
  since: string;
  until: string;
}

function queryString(token: string | undefined, f: Filters, extra: Record<string, string>): string {
  const p = new URLSearchParams();
  if (token) p.set("token", token);
  else if (f.asset) p.set("token", f.asset);
  if (f.action) p.set("action", f.action);
  if (/^0x[0-9a-fA-F]{40}$/.test(f.wallet.trim())) p.set("subject", f.wallet.trim());
  if (/^0x[0-9a-fA-F]{40}$/.test(f.actor.trim())) p.set("actor", f.actor.trim());
  if (f.since) p.set("since", f.since);
  if (f.until) p.set("until", f.until);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

/**
 * The audit log (who, what, when, transaction, why): filter by action, wallet and dates, page on the server, export
 * CSV. With `token`: that token's entries (for its agents); without: everything (compliance officers).
 */
export function AuditLog({ token, symbol, decimals }: { token?: `0x${string}`; symbol?: string; decimals?: number }) {
  const need: RoleNeed = token ? { tokenReader: token } : { complianceOfficer: true };
  const gate = useRoleGate(need, "read the audit log");
  const [filters, setFilters] = useState<Filters>({ action: "", wallet: "", actor: "", asset: "", since: "", until: "" });
  // In the whole log (no `token`), entries of every asset: their symbols and decimals format the amounts.
  const assets = useAssets();
  const assetOf = useMemo(() => new Map((assets.data?.assets ?? []).map((a) => [a.token.toLowerCase(), a])), [assets.data]);
  const [page, setPage] = useState(1);
  const allowed = !gate.blocked && !gate.checking;
  const qs = queryString(token, filters, { page: String(page), pageSize: String(PAGE_SIZE) });
  const q = useQuery({
    queryKey: ["audit", qs],
    queryFn: ({ signal }) => apiGet<AuditListResponse>(`/api/audit?${qs}`, signal),
    enabled: allowed,
    refetchInterval: LIVE_MS * 2,
    placeholderData: keepPreviousData,
  });

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
        cell: (c) =>
          c.getValue() ? (
            <>
              <code title={c.getValue()!}>
                {c.getValue()!.slice(0, 10)}…{c.getValue()!.slice(-6)}
              </code>
              <div className="hint">block {c.row.original.blockNumber}</div>
            </>
          ) : (
            "—"
          ),
      }),
      col.accessor("reason", { header: "Reason" }),
    ],
    [decimals, symbol, assetOf, token],
  );
  const data = useMemo(() => q.data?.entries ?? [], [q.data]);
  const pageCount = q.data ? Math.max(1, Math.ceil(q.data.total / PAGE_SIZE)) : 1;
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), manualPagination: true, pageCount, getRowId: (r) => r.id });
  const set = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  return (
    <section className="card" aria-labelledby={`audit-heading-${token ?? "all"}`}>
      <div className="card-head">
        <h2 id={`audit-heading-${token ?? "all"}`}>Audit log</h2>
        {allowed ? (
          <a className="btn-secondary" href={`/api/audit?${queryString(token, filters, { format: "csv" })}`} download>
            Export audit CSV
          </a>
        ) : null}
      </div>
      {!allowed ? (
        <p className="notice" aria-label="Audit log access">
          {gate.checking ? "Checking your roles…" : gate.blocked}
        </p>
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
          <QueryNotice isPending={q.isPending} error={q.error} what="the audit log" />
          {q.data ? (
            <div className="table-wrap">
              <DataTable table={table} label="Audit log" empty={"No entries match."} />
              <Pager label="Audit log pages" page={page} pageCount={pageCount} onPage={setPage}>
                {` · ${q.data.total} entr${q.data.total === 1 ? "y" : "ies"}`}
              </Pager>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
