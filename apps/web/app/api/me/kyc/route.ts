import { withSession } from "@/lib/api/with-session";
import { getMyKyc } from "@/lib/me/my-kyc";

/** GET /api/me/kyc: the signed-in wallet's own KYC status and expiry, from the identity registry now (401 without a session). */
export const GET = withSession(({ session }) => getMyKyc(session));
