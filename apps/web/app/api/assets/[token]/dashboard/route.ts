import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { getDashboard } from "@/lib/issuer/get-dashboard";
import { addressParam } from "@/lib/shared/params";

/**
 * GET /api/assets/[token]/dashboard: the issuer dashboard (supply, holders, countries, supply and holders over
 * time, recent activity, pending actions). The token's agents, owner and AccessManager role holders, and compliance
 * officers (as the cap table): 401 signed out, 403 otherwise, 404 unknown asset.
 */
export const GET = withSession(({ params }) => getDashboard(params.token), {
  params: z.object({ token: addressParam }),
  permission: { asset: "token", can: "read" },
});
