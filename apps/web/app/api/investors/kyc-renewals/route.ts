import { respond } from "@/lib/api/errors";
import { readJson } from "@/lib/api/body";
import { recordKycRenewal } from "@/lib/compliance/renew-kyc";

/**
 * POST /api/investors/kyc-renewals `{ wallets, expiresAt, txHashes, reason }`: after the officer's renewal
 * transactions (SDK renewKyc), checks on the chain that each wallet's KYC expiry really moved and records it in the
 * audit log ("renew-kyc"). Compliance officers only: 401, 403; 400 bad input (past expiry, more than 50 wallets, a
 * transaction not part of the renewal); 409 when a wallet's expiry changed since.
 */
export async function POST(req: Request): Promise<Response> {
  return respond(async () => recordKycRenewal(req, await readJson(req)));
}
