import { respond } from "@/lib/api/errors";
import { applicationParams, listApplicationIdDocuments } from "@/lib/applications/id-documents";

/** GET /api/applications/[id]/documents: an application's ID files, metadata only (compliance officers and the applicant). */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(async () => {
    const { id } = applicationParams.parse(await ctx.params);
    return listApplicationIdDocuments(req, id);
  });
}
