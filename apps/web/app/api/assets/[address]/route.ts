import { z } from "zod";
import { respond } from "@/lib/api/errors";
import { getAsset } from "@/lib/assets/get-asset";
import { addressParam } from "@/lib/shared/params";

const params = z.object({ address: addressParam });

/** GET /api/assets/[address]: one asset with its compliance rules. */
export async function GET(_req: Request, ctx: { params: Promise<{ address: string }> }): Promise<Response> {
  return respond(async () => {
    const { address } = params.parse(await ctx.params);
    return getAsset(address);
  });
}
