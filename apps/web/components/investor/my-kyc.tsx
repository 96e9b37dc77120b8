"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet } from "@/lib/client/api";
import { formatDate } from "@/lib/client/format";
import type { MyKycResponse } from "@/lib/compliance/kyc-renewal-types";
import { countryLabel } from "@/lib/shared/countries";
import { QueryNotice } from "../query-notice";

/** The signed-in wallet's KYC from GET /api/me/kyc (the identity registry now), refreshed every 15 s; off when signed out. */
export function useMyKyc(address: string | null) {
  return useQuery({
    queryKey: ["me", "kyc", address],
    queryFn: ({ signal }) => apiGet<MyKycResponse>("/api/me/kyc", signal),
    enabled: Boolean(address),
    refetchInterval: 15_000,
  });
}

/** The KYC status in words: verified until a date, expiring soon, expired, or not registered. */
export function kycStatusText(k: Pick<MyKycResponse, "status" | "kycExpiresAt" | "asOf">): string {
  const until = formatDate(k.kycExpiresAt);
  switch (k.status) {
    case "verified":
      return `Verified until ${until}.`;
    case "expiring": {
      const days = Math.max(0, Math.ceil((Number(k.kycExpiresAt) - Number(k.asOf)) / 86_400));
      return `Verified until ${until}: expiring soon (in ${days} day${days === 1 ? "" : "s"}). Ask your compliance officer to renew your KYC.`;
    }
    case "expired":
      return k.kycExpiresAt === "0"
        ? "Not verified: no KYC on record. You cannot receive tokens until a compliance officer renews your KYC."
        : `KYC expired on ${until}: you cannot receive tokens until a compliance officer renews it.`;
    default:
      return "Not registered yet: apply below to become an investor.";
  }
}

/**
 * The investor's own KYC, first thing in the investor app once signed in: verified until a date, expiring soon (30
 * days), or expired (from the identity registry, judged at the chain's time as transfers are).
 */
export function MyKyc({ q }: { q: ReturnType<typeof useMyKyc> }) {
  const k = q.data;
  const tone = !k ? "" : k.status === "verified" ? "ok" : k.status === "expiring" ? "warn" : k.status === "expired" ? "error" : "";
  return (
    <section className="card" aria-labelledby="my-kyc-heading">
      <h2 id="my-kyc-heading">My KYC</h2>
      <QueryNotice isPending={q.isPending} error={q.error} what="your KYC status" />
      {k ? (
        <>
          <p role="status" aria-label="KYC status" className={`notice ${tone}`}>
            {kycStatusText(k)}
          </p>
          {k.status !== "unregistered" ? (
            <p className="hint">
              Wallet <code>{k.wallet}</code>, registered in {countryLabel(k.country)}.
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
