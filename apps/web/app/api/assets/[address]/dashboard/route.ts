import { z } from "zod";
import { respond } from "@/lib/api/errors";
import { requireTokenAgent } from "@/lib/auth/require";
import { getDashboard } from "@/lib/issuer/get-dashboard";
import { addressParam } from "@/lib/shared/params";

const params = z.object({ address: addressParam });

/**
 * GET /api/assets/[address]/dashboard: the issuer dashboard (supply, holders, countries, supply and holders over
 * time, recent activity, pending actions). Agents of the token only: 401 signed out, 403 otherwise, 404 unknown asset.
 */
export async function GET(req: Request, ctx: { params: Promise<{ address: string }> }): Promise<Response> {
  return respond(async () => {
    const { address } = params.parse(await ctx.params);
    await requireTokenAgent(req, address);
    return getDashboard(address);
  });
}
