import { withSession } from "@/lib/api/with-session";
import { checkKycRenewal, kycRenewalCheckBody } from "@/lib/compliance/renew-kyc";

/**
 * POST /api/investors/kyc-renewals/check `{ wallets, expiresAt }`: before signing, may the signed-in officer renew
 * these wallets' KYC, and how (refreshed claim or attestation)? 401, 403; 400 bad input (past expiry, more than 50
 * wallets, an unregistered wallet); 409 when the registry verifies claims and the officer cannot refresh one.
 */
export const POST = withSession(({ session, body }) => checkKycRenewal(session, body), {
  body: kycRenewalCheckBody,
  permission: "compliance-officer",
});
