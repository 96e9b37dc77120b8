import { respond } from "@/lib/api/errors";
import { readJson } from "@/lib/api/body";
import { applicationId, rejectApplication } from "@/lib/applications/applications";

/** POST /api/applications/[id]/reject `{ reason }`: a compliance officer rejects with a reason the applicant sees. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(async () => {
    const { id } = applicationId.parse(await ctx.params);
    return rejectApplication(req, id, await readJson(req));
  });
}
