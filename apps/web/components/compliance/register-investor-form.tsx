"use client";

import { useEffect, useState, type FormEvent } from "react";
import { useConnection } from "wagmi";
import { registerInvestor } from "@/lib/client/sdk";
import type { Address } from "viem";
import { parseAddressInput } from "@/lib/client/format";
import { useTxFlow } from "@/lib/client/use-tx-flow";
import { apiPost } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import type { AuditEntryResponse } from "@/lib/shared/api-types";
import { useRoleGate } from "@/lib/client/use-role-gate";
import { COMMON_COUNTRIES } from "@/lib/shared/countries";
import { DEV_ACCOUNTS } from "@/lib/shared/dev-accounts";
import { useRuntimeConfig } from "../runtime-config";
import { TxProgress } from "../tx-progress";
import { ChainRecords } from "./chain-records";

const OTHER = "other";

/** Today + 1 year as YYYY-MM-DD (local date). */
function oneYearFromToday(): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() + 1);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

interface Errors {
  wallet?: string;
  identity?: string;
  country?: string;
  expiry?: string;
}

/** "Register investor" form: registers a wallet with an identity, a country and a KYC expiry (SDK registerInvestor). */
export function RegisterInvestorForm() {
  const { deployments } = useRuntimeConfig();
  const { isConnected } = useConnection();
  const tx = useTxFlow();
  const gate = useRoleGate({ complianceOfficer: true }, "register investors");
  const [countryChoice, setCountryChoice] = useState("840");
  const [kyc, setKyc] = useState<"approved" | "none">("approved");
  const [expiry, setExpiry] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [audit, setAudit] = useState<{ ok: boolean; text: string } | null>(null);
  // The registered wallet and a counter bumped per registration: ChainRecords then sends "Sync to L2" (second step).
  const [synced, setSynced] = useState<{ wallet: Address; n: number } | null>(null);
  const busy = ["wallet", "submitted"].includes(tx.state.phase) || (tx.state.phase === "confirmed" && !tx.state.indexTimedOut);

  // The default expiry depends on the browser's clock: set it after mount (no hydration mismatch).
  useEffect(() => setExpiry((e) => e || oneYearFromToday()), []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!deployments) return;
    const f = new FormData(e.currentTarget);
    setAudit(null);
    const walletInput = parseAddressInput(String(f.get("wallet") ?? ""));
    const identityText = String(f.get("identity") ?? "").trim();
    const identityInput = identityText ? parseAddressInput(identityText) : null;
    const note = String(f.get("note") ?? "").trim();
    const countryText = countryChoice === OTHER ? String(f.get("countryCode") ?? "").trim() : countryChoice;
    const next: Errors = {};
    if (!walletInput.ok) next.wallet = walletInput.error;
    if (identityInput && !identityInput.ok) next.identity = identityInput.error;
    if (!/^\d{1,3}$/.test(countryText) || Number(countryText) < 1) next.country = "Enter an ISO-3166 numeric code (1-999).";
    let kycExpiresAt = 0n;
    if (kyc === "approved") {
      const t = Date.parse(`${expiry}T23:59:59Z`);
      if (!expiry || Number.isNaN(t)) next.expiry = "Enter an expiry date.";
      else if (t <= Date.now()) next.expiry = "The expiry must be in the future.";
      else kycExpiresAt = BigInt(Math.floor(t / 1000));
    }
    setErrors(next);
    if (Object.keys(next).length > 0 || !walletInput.ok) return;
    const wallet = walletInput.value;
    const country = Number(countryText);

    const identity = identityInput?.ok ? identityInput.value : undefined;
    const result = await tx.run({
      send: (walletClient, publicClient) =>
        registerInvestor(walletClient, publicClient, deployments, {
          wallet,
          country,
          kycExpiresAt,
          identity,
        }),
      success: () => `Investor ${wallet} registered (country ${country}, ${kyc === "approved" ? `KYC until ${expiry}` : "KYC not approved"}).`,
    });
    if (!result) return;
    setSynced((p) => ({ wallet, n: (p?.n ?? 0) + 1 }));
    try {
      await apiPost<AuditEntryResponse>("/api/audit", { txHash: result.hash, reason: note.length >= 3 ? note : "Registered in the compliance console" });
      setAudit({ ok: true, text: "Recorded in the audit log." });
    } catch (err) {
      setAudit({ ok: false, text: `Registered, but the audit record failed: ${explainUnknown(err)}` });
    }
  }

  const err = (id: keyof Errors) =>
    errors[id] ? (
      <p id={`reg-${id}-error`} className="hint" style={{ color: "var(--danger)" }}>
        {errors[id]}
      </p>
    ) : null;

  return (
    <section className="card" aria-labelledby="register-heading">
      <h2 id="register-heading">Register investor</h2>
      {!deployments ? (
        <p role="alert" className="notice warn">
          The platform is not deployed on this chain, so investors cannot be registered.
        </p>
      ) : null}
      {gate.blocked || gate.checking ? (
        <p className="notice" aria-label="Register investor access">
          {gate.checking ? "Checking your roles…" : gate.blocked}
        </p>
      ) : (
      <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="register-heading">
        <div className="row">
          <div className="field" style={{ gridColumn: "span 2" }}>
            <label htmlFor="reg-wallet">Wallet address</label>
            <input
              id="reg-wallet"
              name="wallet"
              list="reg-dev-wallets"
              placeholder="0x…"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={Boolean(errors.wallet)}
              aria-describedby={errors.wallet ? "reg-wallet-error" : undefined}
            />
            <datalist id="reg-dev-wallets">
              {DEV_ACCOUNTS.map((d) => (
                <option key={d.index} value={d.address}>
                  {d.label}
                </option>
              ))}
            </datalist>
            {err("wallet")}
          </div>
          <div className="field">
            <label htmlFor="reg-country">Country</label>
            <select id="reg-country" value={countryChoice} onChange={(e) => setCountryChoice(e.target.value)}>
              {COMMON_COUNTRIES.map((c) => (
                <option key={c.code} value={String(c.code)}>
                  {c.code} {c.name}
                </option>
              ))}
              <option value={OTHER}>Other (enter code)</option>
            </select>
            {countryChoice !== OTHER ? err("country") : null}
          </div>
          {countryChoice === OTHER ? (
            <div className="field">
              <label htmlFor="reg-country-code">Country code (ISO-3166 numeric)</label>
              <input
                id="reg-country-code"
                name="countryCode"
                inputMode="numeric"
                placeholder="e.g. 124"
                aria-invalid={Boolean(errors.country)}
                aria-describedby={errors.country ? "reg-country-error" : undefined}
              />
              {err("country")}
            </div>
          ) : null}
        </div>
        <div className="row">
          <div className="field" style={{ gridColumn: "span 2" }}>
            <label htmlFor="reg-identity">Existing identity (optional)</label>
            <input
              id="reg-identity"
              name="identity"
              placeholder="0x… ONCHAINID of the investor; empty deploys a new one"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={Boolean(errors.identity)}
              aria-describedby={errors.identity ? "reg-identity-error" : "reg-identity-hint"}
            />
            {errors.identity ? err("identity") : (
              <p id="reg-identity-hint" className="hint">
                Link a second wallet of the same investor (e.g. before recovering a lost wallet).
              </p>
            )}
          </div>
        </div>
        <div className="row">
          <fieldset>
            <legend>KYC status</legend>
            <div className="actions">
              <label className="radio">
                <input type="radio" name="kyc" value="approved" checked={kyc === "approved"} onChange={() => setKyc("approved")} />
                Approved
              </label>
              <label className="radio">
                <input type="radio" name="kyc" value="none" checked={kyc === "none"} onChange={() => setKyc("none")} />
                Not approved
              </label>
            </div>
          </fieldset>
          {kyc === "approved" ? (
            <div className="field">
              <label htmlFor="reg-expiry">KYC expiry date</label>
              <input
                id="reg-expiry"
                type="date"
                value={expiry}
                onChange={(e) => setExpiry(e.target.value)}
                aria-invalid={Boolean(errors.expiry)}
                aria-describedby={errors.expiry ? "reg-expiry-error" : undefined}
              />
              {err("expiry")}
            </div>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="reg-note">Note for the audit log (optional)</label>
          <input id="reg-note" name="note" maxLength={500} placeholder="e.g. KYC file reference" autoComplete="off" />
        </div>
        <div className="actions">
          <button type="submit" disabled={!deployments || !isConnected || busy}>
            Register investor
          </button>
          {!isConnected ? <span className="hint">Connect the compliance officer's wallet first.</span> : null}
        </div>
        <TxProgress state={tx.state} label="Register investor progress" />
        {synced ? <ChainRecords key={synced.wallet} wallet={synced.wallet} syncAfter={synced.n} /> : null}
        {audit ? (
          <p role={audit.ok ? "status" : "alert"} aria-label="Register investor audit record" className={audit.ok ? "hint" : "notice error"}>
            {audit.text}
          </p>
        ) : null}
      </form>
      )}
    </section>
  );
}
