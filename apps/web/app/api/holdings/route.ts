import { z } from "zod";
import { respond } from "@/lib/api/errors";
import { requireWalletReader } from "@/lib/auth/require";
import { listHoldings } from "@/lib/holdings/list-holdings";
import { addressParam, queryObject } from "@/lib/shared/params";

const query = z.object({ wallet: addressParam });

/**
 * GET /api/holdings?wallet=0x…: a wallet's holdings across assets.
 * The signed-in wallet reads its own holdings; a compliance officer (read from the chain now) reads any wallet's.
 * 401 without a session, 403 for another wallet's holdings, 400 on a bad address.
 * (The investor app reads the signed-in wallet's positions from GET /api/portfolio; this route serves the transfer form.)
 */
export async function GET(req: Request): Promise<Response> {
  return respond(async () => {
    const { wallet } = query.parse(queryObject(req.url));
    await requireWalletReader(req, wallet);
    return listHoldings(wallet);
  });
}
