"use client";

import Link from "next/link";
import { useState, type ChangeEvent, type ReactNode } from "react";
import { keccak256 } from "viem";
import { useConnection } from "wagmi";
import { apiGet } from "@/lib/client/api";
import { indexerReached, useTxFlow } from "@/lib/client/use-tx-flow";
import { deployPlannedAsset, type DeployedAsset } from "@/lib/issuer/actions";
import { GRANTABLE_ROLES } from "@/lib/issuer/asset-wizard/labels";
import { planDeployment, type DeploymentPlan } from "@/lib/issuer/asset-wizard/plan";
import { validateStep, type FieldErrors } from "@/lib/issuer/asset-wizard/schemas";
import { emptyWizardState, STEPS, type Step, type WizardState } from "@/lib/issuer/asset-wizard/state";
import type { UploadDocumentResponse } from "@/lib/issuer/documents";
import type { AssetPermissions } from "@/lib/permissions/actions";
import { ASSET_CLASSES, assetClassLabel } from "@/lib/shared/countries";
import { useRuntimeConfig } from "../runtime-config";
import { TxProgress } from "../tx-progress";

const STEP_TITLES: Record<Step, string> = {
  details: "Details",
  documents: "Documents",
  rules: "Compliance rules",
  roles: "Roles",
  review: "Review",
};

type Rules = WizardState["rules"];

/**
 * "Create asset" wizard: details → documents (ERC-1643) → compliance rules (every module the platform offers) →
 * AccessManager roles → review of exactly what will be deployed → one factory transaction
 * (`deployAssetWithModules`), then the role grants and documents, tracked to "indexed".
 */
export function CreateAssetWizard() {
  const { deployments } = useRuntimeConfig();
  const { isConnected } = useConnection();
  const tx = useTxFlow();
  const [state, setState] = useState<WizardState>(emptyWizardState);
  const [step, setStep] = useState<Step>("details");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [plan, setPlan] = useState<DeploymentPlan | null>(null);
  const [planError, setPlanError] = useState<string | null>(null);
  const [stepText, setStepText] = useState<string>("");
  const [created, setCreated] = useState<DeployedAsset | null>(null);
  const busy = tx.state.phase === "wallet" || tx.state.phase === "submitted" || (tx.state.phase === "confirmed" && !tx.state.indexTimedOut);
  const index = STEPS.indexOf(step);

  const setDetails = (k: keyof WizardState["details"]) => (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setState((s) => ({ ...s, details: { ...s.details, [k]: e.target.value } }));
  const setRule = (k: keyof Rules) => (e: ChangeEvent<HTMLInputElement>) =>
    setState((s) => ({ ...s, rules: { ...s.rules, [k]: e.target.type === "checkbox" ? e.target.checked : e.target.value } }));

  function next() {
    const e = validateStep(state, step);
    setErrors(e);
    if (Object.keys(e).length) return;
    const to = STEPS[index + 1];
    if (to === "review") {
      if (!deployments) return;
      try {
        setPlan(planDeployment(state, deployments.modules));
        setPlanError(null);
      } catch (err) {
        setPlan(null);
        setPlanError(err instanceof Error ? err.message : String(err));
      }
    }
    setStep(to);
  }

  function back() {
    setErrors({});
    if (index > 0) setStep(STEPS[index - 1]);
  }

  async function create() {
    if (!deployments || !plan) return;
    setCreated(null);
    await tx.run({
      send: (wc, pc) => deployPlannedAsset(wc, pc, deployments, plan, setStepText, uploadDocumentFile),
      isIndexed: async ({ result, block }) => {
        // Its permissions, not /api/assets/<token> (404 until indexed, which the browser logs as an error) nor the asset
        // list (only assets of TESSERA_ISSUERS: an issuer outside it would wait forever): `known` once indexed.
        const permissions = await apiGet<AssetPermissions>(`/api/assets/${result.token.toLowerCase()}/permissions`);
        if (!permissions.known) return false;
        if (!(await indexerReached(block))) return false; // role grants and documents too
        setCreated(result);
        return true;
      },
      success: () => `Asset ${plan.params.symbol} created.`,
    });
  }

  /** Stores a document on the server for the new token (POST /api/assets/<token>/documents; the signed-in issuer). */
  async function uploadDocumentFile(token: string, doc: { name: string; file: Blob; fileName?: string }) {
    // The server stores files only for assets it knows (deployed by the platform's factory and indexed): wait until
    // the indexer has the new asset (its permissions answer known: true; 200 all along, no 404 in the console), for at
    // most a minute.
    for (let i = 0; ; i++) {
      const p = await apiGet<AssetPermissions>(`/api/assets/${token.toLowerCase()}/permissions`);
      if (p.known) break;
      if (i >= 120) throw new Error(`The asset is deployed, but the indexer has not seen it yet; add "${doc.name}" from the asset page later.`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const form = new FormData();
    form.set("name", doc.name);
    form.set("file", doc.file, doc.fileName ?? "document");
    const res = await fetch(`/api/assets/${token.toLowerCase()}/documents`, { method: "POST", body: form });
    const body = (await res.json()) as UploadDocumentResponse | { error: { message: string } };
    if (!res.ok || "error" in body) {
      throw new Error(`The asset is deployed, but storing "${doc.name}" failed: ${"error" in body ? body.error.message : res.status}`);
    }
    return { uri: body.document.uri, hash: body.document.hash };
  }

  async function onFile(i: number, e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    const hash = keccak256(new Uint8Array(await file.arrayBuffer()));
    setState((s) => ({ ...s, documents: s.documents.map((d, j) => (j === i ? { ...d, hash, fileName: file.name, file } : d)) }));
  }

  const err = (key: string) =>
    errors[key] ? (
      <p id={`${key.replace(/\./g, "-")}-error`} className="hint" style={{ color: "var(--danger)" }}>
        {errors[key]}
      </p>
    ) : null;
  const aria = (key: string, hint?: string) => ({
    "aria-invalid": Boolean(errors[key]),
    "aria-describedby": [errors[key] ? `${key.replace(/\./g, "-")}-error` : null, hint].filter(Boolean).join(" ") || undefined,
  });
  const field = (id: string, label: string, key: string, input: ReactNode, hint?: string) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {input}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {err(key)}
    </div>
  );
  const ruleInput = (id: string, k: Exclude<keyof Rules, "manualApproval">, opts: { described?: boolean; placeholder?: string; numeric?: boolean } = {}) => (
    <input
      id={id}
      value={state.rules[k]}
      onChange={setRule(k)}
      placeholder={opts.placeholder}
      inputMode={opts.numeric ? "decimal" : undefined}
      {...aria(`rules.${k}`, opts.described ? `${id}-hint` : undefined)}
    />
  );
  const sym = state.details.symbol.trim() || "tokens";

  return (
    <section className="card" aria-labelledby="create-asset-heading">
      <h2 id="create-asset-heading">Create asset</h2>
      {!deployments ? (
        <p role="alert" className="notice warn">
          The platform is not deployed on this chain, so assets cannot be created.
        </p>
      ) : null}
      <ol className="steps" aria-label="Create asset steps">
        {STEPS.map((s, i) => (
          <li key={s} aria-current={s === step ? "step" : undefined} className={i < index ? "done" : s === step ? "current" : ""}>
            <span>{i < index ? "✓" : s === step ? "●" : "○"}</span>
            {i + 1}. {STEP_TITLES[s]}
          </li>
        ))}
      </ol>
      <form
        className="form"
        noValidate
        aria-label={`Create asset: ${STEP_TITLES[step]}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (step === "review") void create();
          else next();
        }}
      >
        <h3>
          Step {index + 1} of {STEPS.length}: {STEP_TITLES[step]}
        </h3>

        {step === "details" ? (
          <>
            <div className="row">
              {field("asset-name", "Name", "details.name", <input id="asset-name" value={state.details.name} onChange={setDetails("name")} placeholder="Harbor Real Estate Fund" {...aria("details.name")} />)}
              {field("asset-symbol", "Symbol", "details.symbol", <input id="asset-symbol" value={state.details.symbol} onChange={setDetails("symbol")} placeholder="HREF" {...aria("details.symbol")} />)}
            </div>
            <div className="row">
              {field("asset-decimals", "Decimals", "details.decimals", <input id="asset-decimals" inputMode="numeric" value={state.details.decimals} onChange={setDetails("decimals")} {...aria("details.decimals")} />)}
              {field(
                "asset-class",
                "Asset class",
                "details.assetClass",
                <select id="asset-class" value={state.details.assetClass} onChange={setDetails("assetClass")}>
                  {ASSET_CLASSES.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </select>,
              )}
            </div>
          </>
        ) : null}

        {step === "documents" ? (
          <>
            <p className="hint">
              ERC-1643 documents (prospectus, term sheet…): each is registered on the token with its URI and the keccak-256
              hash of the file, so investors can verify what they download. Optional.
            </p>
            {state.documents.map((d, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (ids and error paths use the index) and every input is controlled by state
              <fieldset key={i} className="row" aria-label={`Document ${i + 1}`}>
                {field(
                  `doc-name-${i}`,
                  "Document name",
                  `documents.${i}.name`,
                  <input id={`doc-name-${i}`} value={d.name} onChange={(e) => setState((s) => ({ ...s, documents: s.documents.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) }))} {...aria(`documents.${i}.name`)} />,
                )}
                {field(
                  `doc-uri-${i}`,
                  "Document URI",
                  `documents.${i}.uri`,
                  <input id={`doc-uri-${i}`} value={d.uri} placeholder="empty = store the file on Tessera" onChange={(e) => setState((s) => ({ ...s, documents: s.documents.map((x, j) => (j === i ? { ...x, uri: e.target.value } : x)) }))} {...aria(`documents.${i}.uri`)} />,
                )}
                {field(
                  `doc-file-${i}`,
                  "Document file (for its hash)",
                  `documents.${i}.hash`,
                  <input id={`doc-file-${i}`} type="file" onChange={(e) => void onFile(i, e)} {...aria(`documents.${i}.hash`)} />,
                  d.hash ? `keccak-256 ${d.hash}` : undefined,
                )}
                <button type="button" className="btn-secondary" onClick={() => setState((s) => ({ ...s, documents: s.documents.filter((_, j) => j !== i) }))}>
                  Remove document {i + 1}
                </button>
              </fieldset>
            ))}
            <div className="actions">
              <button type="button" className="btn-secondary" onClick={() => setState((s) => ({ ...s, documents: [...s.documents, { name: "", uri: "", hash: "" }] }))}>
                Add document
              </button>
            </div>
          </>
        ) : null}

        {step === "rules" ? (
          <>
            <p className="hint">Every rule is a compliance module; empty or 0 leaves it out. Amounts are whole {sym}.</p>
            <div className="row">
              {field("asset-countries", "Allowed investor countries", "rules.allowedCountries", ruleInput("asset-countries", "allowedCountries", { described: true, placeholder: "840, 826" }), "ISO-3166 numeric codes, comma-separated. Empty = any country.")}
              {field("asset-blocked", "Blocked investor countries", "rules.blockedCountries", ruleInput("asset-blocked", "blockedCountries", { described: true, placeholder: "408" }), "Recipients residing there are refused.")}
            </div>
            <div className="row">
              {field("asset-max-holders", "Max holders", "rules.maxHolders", ruleInput("asset-max-holders", "maxHolders", { numeric: true, described: true }), "In total. 0 = no limit.")}
              {field("asset-country-holders", "Holder limits by country", "rules.countryHolderLimits", ruleInput("asset-country-holders", "countryHolderLimits", { described: true, placeholder: "840:100, 826:50" }), "country:limit pairs.")}
            </div>
            <div className="row">
              {field("asset-max-balance", "Max balance per investor", "rules.maxBalance", ruleInput("asset-max-balance", "maxBalance", { numeric: true, described: true }), "Per wallet. 0 = no limit.")}
              {field("asset-identity-max", "Max balance per identity", "rules.identityMaxBalance", ruleInput("asset-identity-max", "identityMaxBalance", { numeric: true, described: true }), "Summed over an investor's wallets (ONCHAINID).")}
            </div>
            <div className="row">
              {field("asset-min-holding", "Minimum holding", "rules.minHolding", ruleInput("asset-min-holding", "minHolding", { numeric: true }))}
              {field("asset-supply-cap", "Supply cap", "rules.supplyCap", ruleInput("asset-supply-cap", "supplyCap", { numeric: true }))}
            </div>
            <div className="row">
              {field("asset-lock-up", "Lock-up per issuance (days)", "rules.lockUpDays", ruleInput("asset-lock-up", "lockUpDays", { numeric: true, described: true }), "Each issuance stays locked this long (e.g. 365 for Reg D).")}
            </div>
            <div className="row">
              {field("asset-transfer-limit", "Transfer volume limit", "rules.transferLimit", ruleInput("asset-transfer-limit", "transferLimit", { numeric: true }))}
              {field("asset-transfer-days", "Transfer limit period (days)", "rules.transferLimitDays", ruleInput("asset-transfer-days", "transferLimitDays", { numeric: true }))}
            </div>
            <div className="field">
              <label>
                <input type="checkbox" checked={state.rules.manualApproval} onChange={setRule("manualApproval")} /> Transfers need manual approval
              </label>
            </div>
            {state.rules.manualApproval
              ? field("asset-approvers", "Transfer approvers", "rules.approvers", ruleInput("asset-approvers", "approvers", { placeholder: "0x…, 0x…" }))
              : null}
          </>
        ) : null}

        {step === "roles" ? (
          <>
            <p className="hint">
              You become admin of the asset&apos;s AccessManager (and owner and agent of the token). Grant other wallets
              narrower roles here; you can change them later. Optional.
            </p>
            {state.roles.map((g, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (ids and error paths use the index) and every input is controlled by state
              <fieldset key={i} className="row" aria-label={`Role grant ${i + 1}`}>
                {field(
                  `role-${i}`,
                  "Role",
                  `roles.${i}.role`,
                  <select id={`role-${i}`} value={g.role} onChange={(e) => setState((s) => ({ ...s, roles: s.roles.map((x, j) => (j === i ? { ...x, role: e.target.value } : x)) }))} {...aria(`roles.${i}.role`)}>
                    {GRANTABLE_ROLES.map((r) => (
                      <option key={r.role} value={r.role}>
                        {r.label} ({r.opens})
                      </option>
                    ))}
                  </select>,
                )}
                {field(
                  `role-account-${i}`,
                  "Grantee wallet",
                  `roles.${i}.account`,
                  <input id={`role-account-${i}`} value={g.account} placeholder="0x…" spellCheck={false} onChange={(e) => setState((s) => ({ ...s, roles: s.roles.map((x, j) => (j === i ? { ...x, account: e.target.value } : x)) }))} {...aria(`roles.${i}.account`)} />,
                )}
                <button type="button" className="btn-secondary" onClick={() => setState((s) => ({ ...s, roles: s.roles.filter((_, j) => j !== i) }))}>
                  Remove grant {i + 1}
                </button>
              </fieldset>
            ))}
            <div className="actions">
              <button type="button" className="btn-secondary" onClick={() => setState((s) => ({ ...s, roles: [...s.roles, { role: "SUPPLY", account: "" }] }))}>
                Add role grant
              </button>
            </div>
          </>
        ) : null}

        {step === "review" ? (
          <section aria-label="Review">
            {planError ? (
              <p role="alert" className="notice error">
                {planError}
              </p>
            ) : null}
            {plan ? (
              <>
                <dl className="rules">
                  <div>
                    <dt>Token</dt>
                    <dd>
                      {plan.params.name} ({plan.params.symbol}), {plan.params.decimals} decimals, {assetClassLabel(Number(plan.params.assetClass))}
                    </dd>
                  </div>
                </dl>
                <h4>Compliance modules</h4>
                <ul className="rules" aria-label="Compliance modules">
                  {plan.modulePlan.length === 0 ? <li>None: only verified investors may hold (identity registry).</li> : null}
                  {plan.modulePlan.map((m) => (
                    <li key={m.key}>
                      <strong>{m.title}</strong>: {m.settings.join("; ")}
                    </li>
                  ))}
                </ul>
                <h4>Roles</h4>
                <ul className="rules" aria-label="Role grants">
                  <li>Admin, owner and agent: your wallet</li>
                  {plan.roles.map((g) => (
                    <li key={`${g.role}:${g.account}`}>
                      {GRANTABLE_ROLES.find((r) => r.role === g.role)?.label}: <code>{g.account}</code>
                    </li>
                  ))}
                </ul>
                <h4>Documents</h4>
                <ul className="rules" aria-label="Documents">
                  {plan.documents.length === 0 ? <li>None</li> : null}
                  {plan.documents.map((d) => (
                    <li key={d.name}>
                      {d.name}: {d.uri ?? `stored on Tessera (${d.fileName ?? "file"})`} <code title={d.hash}>{d.hash.slice(0, 12)}…</code>
                    </li>
                  ))}
                </ul>
                {plan.documents.some((d) => d.uri === null) ? (
                  <p className="hint">Files stored on Tessera are uploaded with your session after the deployment: sign in (top right) first.</p>
                ) : null}
                <p aria-label="Transactions">
                  {plan.transactionCount === 1
                    ? "One transaction: TokenFactory.deployAssetWithModules."
                    : `${plan.transactionCount} transactions: TokenFactory.deployAssetWithModules (token, compliance and every module in one)${plan.roles.length ? ", one AccessManager multicall for the roles" : ""}${plan.documents.length ? `, ${plan.documents.length} setDocument` : ""}.`}
                </p>
              </>
            ) : null}
          </section>
        ) : null}

        <div className="actions">
          {index > 0 ? (
            <button type="button" className="btn-secondary" onClick={back} disabled={busy}>
              Back
            </button>
          ) : null}
          {step === "review" ? (
            <button type="submit" disabled={!deployments || !isConnected || busy || !plan}>
              Create asset
            </button>
          ) : (
            <button type="submit">Next</button>
          )}
          {step === "review" && !isConnected ? <span className="hint">Connect the issuer&apos;s wallet first.</span> : null}
        </div>
        {busy && stepText ? <p className="hint">{stepText}</p> : null}
        <TxProgress state={tx.state} label="Create asset progress" />
        {created && tx.state.phase === "indexed" ? (
          <p>
            <Link href={`/issuer/assets/${created.token.toLowerCase()}`}>Open {plan?.params.symbol}</Link> <code>{created.token}</code>
          </p>
        ) : null}
      </form>
    </section>
  );
}
