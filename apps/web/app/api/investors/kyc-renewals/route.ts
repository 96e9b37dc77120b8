import { withSession } from "@/lib/api/with-session";
import { kycRenewalRecordBody, recordKycRenewal } from "@/lib/compliance/renew-kyc";

/**
 * POST /api/investors/kyc-renewals `{ wallets, expiresAt, txHashes, reason }`: after the officer's renewal
 * transactions (SDK renewKyc), checks on the chain that each wallet's KYC expiry really moved and records it in the
 * audit log ("renew-kyc"). Compliance officers only: 401, 403; 400 bad input (past expiry, more than 50 wallets, a
 * transaction not part of the renewal); 409 when a wallet's expiry changed since.
 */
export const POST = withSession(({ session, body }) => recordKycRenewal(session, body), {
  body: kycRenewalRecordBody,
  permission: "compliance-officer",
});
