import { z } from "zod";
import { respond } from "@/lib/api/errors";
import { listHoldings } from "@/lib/holdings/list-holdings";
import { addressParam, queryObject } from "@/lib/shared/params";

const query = z.object({ wallet: addressParam });

/** GET /api/holdings?wallet=0x…: a wallet's holdings across assets. */
export async function GET(req: Request): Promise<Response> {
  return respond(async () => {
    const { wallet } = query.parse(queryObject(req.url));
    return listHoldings(wallet);
  });
}
