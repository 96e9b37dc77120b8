"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiGet, apiPost } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import { useActiveSession } from "@/lib/client/session";
import type { ApplicationDto, ApplicationResponse } from "@/lib/shared/api-types";
import { COMMON_COUNTRIES, countryLabel } from "@/lib/shared/countries";
import { apiPostForm } from "@/lib/investor/upload";
import { chosenFilesProblem, IdFileFields, MyIdDocuments, withoutEmptyFiles } from "./id-documents";

/** The status of an application in words. */
export function applicationStatusText(a: ApplicationDto): string {
  if (a.status === "pending") return `Pending review (submitted ${a.createdAt.slice(0, 10)} as ${a.name}, ${countryLabel(a.country)}).`;
  if (a.status === "approved") return `Approved: your wallet is registered and verified. ${a.reason ?? ""}`.trim();
  return `Rejected: ${a.reason ?? "no reason given"}. You may correct your details and apply again.`;
}

/**
 * Investor onboarding: the signed-in wallet submits its profile (name, country, investor type, accreditation) and
 * follows the review (pending, approved, or rejected with the officer's reason). ID files (PDF, PNG, JPEG) chosen in
 * the form go with the application in one multipart request (all or nothing); more can be added while it is pending.
 * A wallet the identity registry already knows (`registered`) sees its application's outcome, if any, but no form
 * (its KYC status comes first, in MyKyc); while that is unknown (`undefined`, signed in) the form waits.
 */
export function Onboarding({ registered }: { registered?: boolean }) {
  const { session, isPending } = useActiveSession();
  const qc = useQueryClient();
  const mine = useQuery({
    queryKey: ["applications", "mine", session?.address ?? null],
    queryFn: ({ signal }) => apiGet<{ applications: ApplicationDto[] }>("/api/applications/mine", signal),
    enabled: Boolean(session),
    refetchInterval: 3000,
  });
  const [errors, setErrors] = useState<{ name?: string; files?: string }>({});
  const submit = useMutation({
    mutationFn: (body: Record<string, unknown> | FormData) =>
      body instanceof FormData ? apiPostForm<ApplicationResponse>("/api/applications", body) : apiPost<ApplicationResponse>("/api/applications", body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["applications"] }),
  });
  const latest = mine.data?.applications[0];
  const canApply = session && registered === false && mine.data && (!latest || latest.status === "rejected");
  // A registered investor without an application (registered directly by an officer) has nothing to see here.
  if (session && registered && mine.data && !latest) return null;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = String(f.get("name") ?? "").trim();
    if (name.length < 2) {
      setErrors({ name: "Enter your full name." });
      return;
    }
    const files = chosenFilesProblem(f);
    if (files) {
      setErrors({ files });
      return;
    }
    setErrors({});
    const profile = {
      name,
      country: Number(f.get("country")),
      investorType: String(f.get("investorType")),
      accredited: f.get("accredited") === "on",
      email: String(f.get("email") ?? "").trim(),
    };
    const withFiles = withoutEmptyFiles(f);
    if (withFiles.getAll("file").length === 0) {
      submit.mutate(profile);
      return;
    }
    withFiles.set("name", name);
    withFiles.set("accredited", profile.accredited ? "true" : "false");
    submit.mutate(withFiles);
  }

  return (
    <section className="card" aria-labelledby="onboarding-heading">
      <h2 id="onboarding-heading">Onboarding</h2>
      {!session ? (
        <p className="notice" aria-label="Onboarding access">
          {isPending ? "Checking your session…" : "Connect and sign in with your wallet to apply as an investor."}
        </p>
      ) : (
        <>
          {latest ? (
            <p
              role="status"
              aria-label="Application status"
              className={`notice ${latest.status === "approved" ? "ok" : latest.status === "rejected" ? "error" : ""}`}
            >
              {applicationStatusText(latest)}
            </p>
          ) : mine.isPending ? (
            <p className="hint">Loading your application…</p>
          ) : (
            <p className="hint">Apply once: a compliance officer reviews your details and registers your wallet.</p>
          )}
          {latest ? <MyIdDocuments wallet={session.address} pending={latest.status === "pending"} /> : null}
          {canApply ? (
            <form className="form" onSubmit={onSubmit} noValidate aria-label="Investor application">
              <div className="field">
                <label htmlFor="app-name">Full name</label>
                <input id="app-name" name="name" autoComplete="name" aria-invalid={Boolean(errors.name)} aria-describedby={errors.name ? "app-name-error" : undefined} />
                {errors.name ? (
                  <p id="app-name-error" className="hint" style={{ color: "var(--danger)" }}>
                    {errors.name}
                  </p>
                ) : null}
              </div>
              <div className="row">
                <div className="field">
                  <label htmlFor="app-country">Country of residence</label>
                  <select id="app-country" name="country" defaultValue="840">
                    {COMMON_COUNTRIES.map((c) => (
                      <option key={c.code} value={String(c.code)}>
                        {c.code} {c.name}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="app-type">Investor type</label>
                  <select id="app-type" name="investorType" defaultValue="individual">
                    <option value="individual">Individual</option>
                    <option value="entity">Entity (company, fund)</option>
                  </select>
                </div>
              </div>
              <label className="radio">
                <input type="checkbox" name="accredited" /> Accredited or professional investor
              </label>
              <div className="field">
                <label htmlFor="app-email">Email (optional)</label>
                <input id="app-email" name="email" type="email" autoComplete="email" />
              </div>
              <IdFileFields idPrefix="app-id" error={errors.files ?? null} />
              <div className="actions">
                <button type="submit" disabled={submit.isPending}>
                  Submit application
                </button>
              </div>
              {submit.error ? (
                <p role="alert" aria-label="Application problem" className="notice error">
                  {explainUnknown(submit.error)}
                </p>
              ) : null}
            </form>
          ) : null}
        </>
      )}
    </section>
  );
}
