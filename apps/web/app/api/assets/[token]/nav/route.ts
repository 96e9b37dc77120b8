import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { listAssetNav, navBody, navQuery, setAssetNav } from "@/lib/nav/asset-nav";
import { requireNavSetter } from "@/lib/permissions/guards";
import { addressParam } from "@/lib/shared/params";

const params = z.object({ token: addressParam });

/** GET /api/assets/[token]/nav?page&pageSize: NAV history, newest valuation first (signed-in wallets; 401). */
export const GET = withSession(({ params, query }) => listAssetNav(params.token, query), { params, query: navQuery });

/**
 * POST /api/assets/[token]/nav `{ navPerUnit, currency, valuationDate, note? }`: the token's issuer or an agent
 * states the NAV per unit (401, 403 for other wallets, 400 on bad input, 404 when the asset is not indexed).
 */
export const POST = withSession(({ session, permissions, params, body }) => setAssetNav(session, permissions, params.token, body), {
  params,
  body: navBody,
  permission: (session, { params }) => requireNavSetter(session, params.token),
});
