"use client";

import { useState, type FormEvent } from "react";
import { formatUnits } from "viem";
import { apiPost } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import { parseAddressInput, parseTokenAmount, shortAddress } from "@/lib/client/format";
import type { DistributionListResponse, DraftResponse, DistributionKind } from "@/lib/distribution/types";
import type { AssetDto } from "@/lib/shared/api-types";
import { chainNameOf } from "@/lib/shared/chains";
import { COMMON_COUNTRIES } from "@/lib/shared/countries";
import { useServedChains } from "../chain-switcher";
import { EntitlementsTable } from "./entitlements-table";
import { bpsText, formatDeadline, money, recordDateText } from "./format";
import { PostDistributionButton } from "./post-distribution";

/** What the wizard opens with: empty, or prefilled from the URL (the bond panel's coupon link). */
export interface WizardPrefill {
  kind?: DistributionKind;
  couponNumber?: number;
  recordDate?: string;
  recordBlock?: string;
  /** Payment-token base units per whole token. */
  ratePerUnit?: string;
}

/**
 * Reads a prefill from the page's search params: `?distribution=new&kind=coupon&coupon=<n>&recordDate=<YYYY-MM-DD>
 * &ratePerUnit=<payment-token base units per whole token>` (or `recordBlock=<n>`). Null without `distribution=new`;
 * values that do not parse are left out (the form shows its own errors).
 */
export function prefillFromSearch(params: URLSearchParams): WizardPrefill | null {
  if (params.get("distribution") !== "new") return null;
  const out: WizardPrefill = {};
  const kind = params.get("kind");
  if (kind === "coupon" || kind === "dividend") out.kind = kind;
  const coupon = params.get("coupon");
  if (coupon && /^\d{1,6}$/.test(coupon) && Number(coupon) > 0) out.couponNumber = Number(coupon);
  const date = params.get("recordDate");
  if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) out.recordDate = date;
  const block = params.get("recordBlock");
  if (block && /^\d{1,19}$/.test(block)) out.recordBlock = block;
  const rate = params.get("ratePerUnit");
  if (rate && /^\d{1,78}$/.test(rate)) out.ratePerUnit = rate;
  return out;
}

interface WithholdingRow {
  key: number;
  country: string;
  rate: string;
}

const DAY = 86_400;
const isoDay = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 10);

/**
 * The distribution wizard of the corporate-actions desk: record date (a UTC day or a block) → amount (a total shared
 * pro rata, or a rate per whole token, in the payment token) → withholding per country → exclusions (the issuer's
 * treasury; whether frozen tokens earn it) → claim deadline → "Preview entitlements" (the server computes them from
 * the index at the record date and stores the draft: totals and a paged table) → "Fund and post" (approve the payment
 * token, createDistribution with the root) with its progress.
 */
export function DistributionWizard({
  asset,
  list,
  prefill,
  onClose,
  onChanged,
}: {
  asset: AssetDto;
  list: DistributionListResponse;
  prefill: WizardPrefill | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const pay = list.paymentToken!;
  const [kind, setKind] = useState<DistributionKind>(prefill?.kind ?? "dividend");
  const [coupon, setCoupon] = useState(prefill?.couponNumber ? String(prefill.couponNumber) : "");
  const [dateMode, setDateMode] = useState<"date" | "block">(prefill?.recordBlock ? "block" : "date");
  const [recordDate, setRecordDate] = useState(prefill?.recordDate ?? isoDay(list.now - DAY));
  const [recordBlock, setRecordBlock] = useState(prefill?.recordBlock ?? "");
  const [amountMode, setAmountMode] = useState<"total" | "rate">(prefill?.ratePerUnit ? "rate" : "total");
  const [amount, setAmount] = useState(prefill?.ratePerUnit ? formatUnits(BigInt(prefill.ratePerUnit), pay.decimals) : "");
  const [withholding, setWithholding] = useState<WithholdingRow[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const [excludeTreasury, setExcludeTreasury] = useState(true);
  const [alsoExcluded, setAlsoExcluded] = useState("");
  const [includeFrozen, setIncludeFrozen] = useState(true);
  const [deadline, setDeadline] = useState(isoDay(list.now + 90 * DAY));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const { chains, home } = useServedChains();
  const [draft, setDraft] = useState<DraftResponse | null>(null);

  const setRow = (key: number, patch: Partial<WithholdingRow>) => setWithholding((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  /** The request body, or the field errors. */
  function body(): { ok: true; value: Record<string, unknown> } | { ok: false; errors: Record<string, string> } {
    const e: Record<string, string> = {};
    const out: Record<string, unknown> = { kind, includeFrozen };
    if (kind === "coupon" && coupon) {
      if (!/^\d{1,6}$/.test(coupon) || Number(coupon) < 1) e.coupon = "A coupon number from 1.";
      else out.couponNumber = Number(coupon);
    }
    if (dateMode === "date") {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(recordDate)) e.recordDate = "Enter the record date (YYYY-MM-DD).";
      else out.recordDate = recordDate;
    } else if (!/^\d{1,19}$/.test(recordBlock.trim())) e.recordBlock = "Enter a block number.";
    else out.recordBlock = recordBlock.trim();
    const parsed = parseTokenAmount(amount, pay.decimals);
    if (!parsed.ok) e.amount = parsed.error;
    else out[amountMode === "total" ? "totalAmount" : "ratePerUnit"] = parsed.value.toString();
    const bps: Record<string, number> = {};
    for (const r of withholding) {
      const rate = Number(r.rate);
      if (!r.country) e[`wh-${r.key}`] = "Choose a country.";
      else if (!/^\d+(\.\d{1,2})?$/.test(r.rate.trim()) || rate > 100) e[`wh-${r.key}`] = "A rate from 0 to 100%, at most 2 decimals.";
      else if (r.country in bps) e[`wh-${r.key}`] = "This country is listed twice.";
      else bps[r.country] = Math.round(rate * 100);
    }
    out.withholdingBps = bps;
    const excluded: string[] = excludeTreasury ? [asset.issuer.toLowerCase()] : [];
    for (const part of alsoExcluded.split(/[\s,]+/).filter(Boolean)) {
      const a = parseAddressInput(part);
      if (!a.ok) e.excluded = `${part}: ${a.error}`;
      else if (!excluded.includes(a.value)) excluded.push(a.value);
    }
    out.excluded = excluded;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline)) e.deadline = "Enter the claim deadline (YYYY-MM-DD).";
    else {
      const end = Math.floor(Date.parse(`${deadline}T23:59:59Z`) / 1000);
      if (end <= list.now) e.deadline = `The claim deadline must be after the chain's time (${formatDeadline(list.now)}).`;
      else out.claimDeadline = end;
    }
    if (list.paymentToken) out.paymentToken = list.paymentToken.address;
    return Object.keys(e).length ? { ok: false, errors: e } : { ok: true, value: out };
  }

  async function onPreview(ev: FormEvent) {
    ev.preventDefault();
    setRefusal(null);
    const b = body();
    if (!b.ok) {
      setErrors(b.errors);
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const d = await apiPost<DraftResponse>(`/api/assets/${asset.token.toLowerCase()}/distributions`, b.value);
      setDraft(d);
      onChanged();
    } catch (err) {
      setDraft(null);
      setRefusal(explainUnknown(err));
    } finally {
      setPending(false);
    }
  }

  const hint = (id: string, key: string, text: string) => (
    <p id={id} className="hint" style={errors[key] ? { color: "var(--danger)" } : undefined}>
      {errors[key] ?? text}
    </p>
  );
  const d = draft?.distribution;

  return (
    <section className="card" aria-labelledby="distribution-wizard-heading">
      <h2 id="distribution-wizard-heading">New distribution</h2>
      <form className="form" onSubmit={onPreview} noValidate aria-label="Distribution terms">
        <div className="field">
          <label htmlFor="dist-kind">Kind</label>
          <select id="dist-kind" value={kind} onChange={(e) => setKind(e.target.value as DistributionKind)}>
            <option value="dividend">Dividend</option>
            <option value="coupon">Coupon</option>
          </select>
        </div>
        {kind === "coupon" ? (
          <div className="field">
            <label htmlFor="dist-coupon">Coupon number</label>
            <input id="dist-coupon" inputMode="numeric" value={coupon} onChange={(e) => setCoupon(e.target.value)} aria-describedby="dist-coupon-hint" />
            {hint("dist-coupon-hint", "coupon", "The coupon of the bond's calendar this pays (optional).")}
          </div>
        ) : null}
        <fieldset className="field">
          <legend>Record date</legend>
          <label>
            <input type="radio" name="dist-date-mode" checked={dateMode === "date"} onChange={() => setDateMode("date")} /> A date (holdings at the end of the UTC day)
          </label>
          <label>
            <input type="radio" name="dist-date-mode" checked={dateMode === "block"} onChange={() => setDateMode("block")} /> A block
          </label>
        </fieldset>
        {dateMode === "date" ? (
          <div className="field">
            <label htmlFor="dist-record-date">Record date (UTC)</label>
            <input id="dist-record-date" type="date" value={recordDate} onChange={(e) => setRecordDate(e.target.value)} aria-describedby="dist-record-date-hint" />
            {hint("dist-record-date-hint", "recordDate", "A day that has ended: the holders at its last block are entitled.")}
          </div>
        ) : (
          <div className="field">
            <label htmlFor="dist-record-block">Record block</label>
            <input id="dist-record-block" inputMode="numeric" value={recordBlock} onChange={(e) => setRecordBlock(e.target.value)} aria-describedby="dist-record-block-hint" />
            {hint("dist-record-block-hint", "recordBlock", "A block already mined and indexed: the holders right after it are entitled.")}
          </div>
        )}
        <fieldset className="field">
          <legend>Amount</legend>
          <label>
            <input type="radio" name="dist-amount-mode" checked={amountMode === "total"} onChange={() => setAmountMode("total")} /> A total, shared pro rata
          </label>
          <label>
            <input type="radio" name="dist-amount-mode" checked={amountMode === "rate"} onChange={() => setAmountMode("rate")} /> A rate per whole {asset.symbol}
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor="dist-amount">{amountMode === "total" ? `Total amount (${pay.symbol})` : `Rate per ${asset.symbol} (${pay.symbol})`}</label>
          <input id="dist-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={Boolean(errors.amount)} aria-describedby="dist-amount-hint" />
          {hint("dist-amount-hint", "amount", amountMode === "total" ? `Whole ${pay.symbol}, before withholding.` : `Whole ${pay.symbol} per whole ${asset.symbol} held at the record date, before withholding.`)}
        </div>
        <fieldset className="field">
          <legend>Withholding per country</legend>
          {withholding.length === 0 ? <p className="hint">No withholding: every investor is paid the gross amount.</p> : null}
          {withholding.map((r, i) => (
            <div key={r.key} className="actions">
              <label htmlFor={`dist-wh-country-${r.key}`}>Withholding country {i + 1}</label>
              <select id={`dist-wh-country-${r.key}`} value={r.country} onChange={(e) => setRow(r.key, { country: e.target.value })}>
                <option value="">Choose…</option>
                {COMMON_COUNTRIES.map((c) => (
                  <option key={c.code} value={String(c.code)}>
                    {c.code} {c.name}
                  </option>
                ))}
              </select>
              <label htmlFor={`dist-wh-rate-${r.key}`}>Withholding rate {i + 1} (%)</label>
              <input id={`dist-wh-rate-${r.key}`} inputMode="decimal" value={r.rate} onChange={(e) => setRow(r.key, { rate: e.target.value })} size={6} />
              <button type="button" className="btn-secondary" onClick={() => setWithholding((rows) => rows.filter((x) => x.key !== r.key))}>
                Remove withholding {i + 1}
              </button>
              {errors[`wh-${r.key}`] ? (
                <span className="hint" style={{ color: "var(--danger)" }}>
                  {errors[`wh-${r.key}`]}
                </span>
              ) : null}
            </div>
          ))}
          <div className="actions">
            <button
              type="button"
              className="btn-secondary"
              onClick={() => {
                setWithholding((rows) => [...rows, { key: nextKey, country: "", rate: "" }]);
                setNextKey((k) => k + 1);
              }}
            >
              Add withholding country
            </button>
          </div>
        </fieldset>
        <fieldset className="field">
          <legend>Exclusions</legend>
          <label>
            <input type="checkbox" checked={excludeTreasury} onChange={(e) => setExcludeTreasury(e.target.checked)} /> Exclude the issuer&apos;s treasury (
            <code title={asset.issuer}>{shortAddress(asset.issuer)}</code>)
          </label>
          <label>
            <input type="checkbox" checked={includeFrozen} onChange={(e) => setIncludeFrozen(e.target.checked)} /> Frozen tokens earn the distribution
          </label>
          <label htmlFor="dist-excluded">Also exclude (wallets or identities, comma-separated)</label>
          <input id="dist-excluded" value={alsoExcluded} onChange={(e) => setAlsoExcluded(e.target.value)} aria-describedby="dist-excluded-hint" />
          {hint("dist-excluded-hint", "excluded", "Optional.")}
        </fieldset>
        <div className="field">
          <label htmlFor="dist-deadline">Claim deadline (UTC)</label>
          <input id="dist-deadline" type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} aria-describedby="dist-deadline-hint" />
          {hint("dist-deadline-hint", "deadline", "Claims are accepted until the end of this day; what is left can be reclaimed after it.")}
        </div>
        <div className="actions">
          <button type="submit" disabled={pending}>
            {pending ? "Computing entitlements…" : "Preview entitlements"}
          </button>
          <button type="button" className="btn-secondary" onClick={onClose}>
            Close the wizard
          </button>
        </div>
        {refusal ? (
          <p role="alert" aria-label="Preview refusal" className="notice error">
            <strong>Not allowed:</strong> {refusal}
          </p>
        ) : null}
      </form>
      {d && draft ? (
        <div>
          <h3>Preview</h3>
          <p role="status" aria-label="Distribution preview" className="notice">
            {d.totals.holders} investor{d.totals.holders === 1 ? "" : "s"} at the record date {recordDateText(d)}: gross {money(pay, d.totals.gross)}, withholding{" "}
            {money(pay, d.totals.withholding)}, net {money(pay, d.totals.net)} to fund. Claims until {formatDeadline(d.claimDeadline)}.
          </p>
          {draft.offHomeChain ? (
            <p role="alert" aria-label="Tokens on other chains" className="notice warn">
              <strong>Not counted:</strong> {formatUnits(BigInt(draft.offHomeChain.amount), list.tokenDecimals)} {asset.symbol} are on other chains or in
              transit between chains now ({[
                ...draft.offHomeChain.chains.map((c) => `${formatUnits(BigInt(c.supply), list.tokenDecimals)} on ${chainNameOf(chains, c.chainId)}`),
                ...(draft.offHomeChain.inTransit !== "0" ? [`${formatUnits(BigInt(draft.offHomeChain.inTransit), list.tokenDecimals)} in transit`] : []),
              ].join(", ")}). Entitlements count holdings on {home.name} at the record date only: investors holding on another chain then are not in
              this distribution. Ask them to move their tokens back before the record date, or pay them separately.
            </p>
          ) : null}
          {Object.keys(d.withholdingBps).length ? (
            <p className="hint">
              Withholding: {Object.entries(d.withholdingBps).map(([c, bps]) => `${c} ${bpsText(bps)}`).join(", ")}. Other countries 0%.
            </p>
          ) : null}
          <EntitlementsTable token={asset.token} distribution={d} id={null} holders={d.totals.holders} paymentToken={pay} tokenDecimals={list.tokenDecimals} label="Entitlements preview" />
          {list.distributor ? (
            <PostDistributionButton asset={asset} distributor={list.distributor} distribution={d} onChanged={onChanged} />
          ) : (
            <p className="notice">This platform has no Distributor in its deployments file: the distribution cannot be posted.</p>
          )}
        </div>
      ) : null}
    </section>
  );
}
