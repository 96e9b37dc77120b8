import { errorResponse } from "@/lib/api/errors";
import { documentParams, downloadIdDocument } from "@/lib/applications/id-documents";

/**
 * GET /api/applications/[id]/documents/[documentId]: downloads an applicant's ID file (compliance officers only:
 * 401/403; 404 when absent); each download is recorded in the audit log.
 */
export async function GET(req: Request, ctx: { params: Promise<{ id: string; documentId: string }> }): Promise<Response> {
  try {
    const { id, documentId } = documentParams.parse(await ctx.params);
    return await downloadIdDocument(req, id, documentId);
  } catch (err) {
    return errorResponse(err);
  }
}
