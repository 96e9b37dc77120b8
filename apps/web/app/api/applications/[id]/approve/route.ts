import { respond } from "@/lib/api/errors";
import { readJson } from "@/lib/api/body";
import { applicationId, approveApplication } from "@/lib/applications/applications";

/** POST /api/applications/[id]/approve `{ txHash, reason? }`: after the officer registered the wallet on-chain. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(async () => {
    const { id } = applicationId.parse(await ctx.params);
    return approveApplication(req, id, await readJson(req));
  });
}
