import { z } from "zod";
import { respond } from "@/lib/api/errors";
import { requireTokenReader } from "@/lib/auth/require";
import { getDashboard } from "@/lib/issuer/get-dashboard";
import { addressParam } from "@/lib/shared/params";

const params = z.object({ address: addressParam });

/**
 * GET /api/assets/[address]/dashboard: the issuer dashboard (supply, holders, countries, supply and holders over
 * time, recent activity, pending actions). The token's agents, owner and AccessManager role holders, and compliance
 * officers (as the cap table): 401 signed out, 403 otherwise, 404 unknown asset.
 */
export async function GET(req: Request, ctx: { params: Promise<{ address: string }> }): Promise<Response> {
  return respond(async () => {
    const { address } = params.parse(await ctx.params);
    await requireTokenReader(req, address);
    return getDashboard(address);
  });
}
