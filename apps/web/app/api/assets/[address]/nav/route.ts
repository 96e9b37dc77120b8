import { z } from "zod";
import { respond } from "@/lib/api/errors";
import { readJson } from "@/lib/api/body";
import { listAssetNav, navQuery, setAssetNav } from "@/lib/nav/asset-nav";
import { addressParam, queryObject } from "@/lib/shared/params";

const params = z.object({ address: addressParam });

/** GET /api/assets/[address]/nav?page&pageSize: NAV history, newest valuation first (signed-in wallets; 401). */
export async function GET(req: Request, ctx: { params: Promise<{ address: string }> }): Promise<Response> {
  return respond(async () => {
    const { address } = params.parse(await ctx.params);
    return listAssetNav(req, address, navQuery.parse(queryObject(req.url)));
  });
}

/**
 * POST /api/assets/[address]/nav `{ navPerUnit, currency, valuationDate, note? }`: the token's issuer or an agent
 * states the NAV per unit (401, 403 for other wallets, 400 on bad input, 404 when the asset is not indexed).
 */
export async function POST(req: Request, ctx: { params: Promise<{ address: string }> }): Promise<Response> {
  return respond(async () => {
    const { address } = params.parse(await ctx.params);
    return setAssetNav(req, address, await readJson(req));
  });
}
