import { respond } from "@/lib/api/errors";
import { getMyKyc } from "@/lib/me/my-kyc";

/** GET /api/me/kyc: the signed-in wallet's own KYC status and expiry, from the identity registry now (401 without a session). */
export async function GET(req: Request): Promise<Response> {
  return respond(async () => getMyKyc(req));
}
