/** JSON shapes of the KYC renewal API (compliance console) and of an investor's own KYC status (investor app). */

/** How a wallet's KYC was (or will be) renewed: a re-issued ONCHAINID KYC claim, or the officer's setKycExpiry. */
export type KycRenewalMethodDto = "claim" | "attestation";

/** POST /api/investors/kyc-renewals/check: what a renewal would do, read from the chain before anything is signed. */
export interface KycRenewalCheckResponse {
  /** `claims`: the registry derives KYC from claims (a refreshed claim is needed); `attestation`: the officer's expiry. */
  mode: "claims" | "attestation";
  /** The requested expiry, unix seconds. */
  expiresAt: string;
  wallets: {
    wallet: `0x${string}`;
    identity: `0x${string}`;
    method: KycRenewalMethodDto;
    /** The expiry in the registry now, unix seconds ("0" = none). */
    kycExpiresAt: string;
  }[];
}

/** One wallet renewed, as the server read it from the chain. */
export interface KycRenewedDto {
  wallet: `0x${string}`;
  identity: `0x${string}`;
  method: KycRenewalMethodDto;
  /** The expiry before the renewal's transaction (unix seconds), or null when the node cannot read past state. */
  previousKycExpiresAt: string | null;
  /** The expiry the renewal wrote (unix seconds; the registry's KycUpdated event, still current). */
  kycExpiresAt: string;
  txHash: `0x${string}`;
}

/** POST /api/investors/kyc-renewals. */
export interface KycRenewalRecordResponse {
  renewed: KycRenewedDto[];
  entries: import("../shared/api-types").AuditEntryDto[];
}

/** The signed-in wallet's KYC: unregistered, verified (until a date), expiring (within 30 days) or expired. */
export type MyKycStatus = "unregistered" | "verified" | "expiring" | "expired";

/** GET /api/me/kyc. */
export interface MyKycResponse {
  wallet: `0x${string}`;
  status: MyKycStatus;
  /** ISO-3166 numeric, 0 when not registered. */
  country: number;
  /** Unix seconds, "0" when none. */
  kycExpiresAt: string;
  /** The chain's time the status was judged at (latest block, unix seconds). */
  asOf: string;
}
