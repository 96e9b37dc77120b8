import { withSession } from "@/lib/api/with-session";
import { myProof } from "@/lib/distribution/my-distributions";
import { proofQuery } from "@/lib/distribution/schemas";

/**
 * GET /api/me/distributions/proof?token&root&recordBlock&index: the Merkle proof of one of the signed-in investor's
 * entitlements in the distribution (root, record block) and the posting to claim it from (the first of that pair). 403 for another investor's leaf, 404 unknown, 409 not posted.
 */
export const GET = withSession(({ session, query }) => myProof(session, query), { query: proofQuery });
