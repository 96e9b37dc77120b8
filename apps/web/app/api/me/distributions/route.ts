import { withSession } from "@/lib/api/with-session";
import { listMyDistributions } from "@/lib/distribution/my-distributions";
import { pageQuery } from "@/lib/distribution/schemas";

/**
 * GET /api/me/distributions?page&pageSize (≤ 100): the signed-in investor's entitlements in posted distributions,
 * across assets (their own identities' only), with status and claim transaction. Any signed-in wallet (401).
 */
export const GET = withSession(({ session, query }) => listMyDistributions(session, query), { query: pageQuery });
