import { respond } from "@/lib/api/errors";
import { addMyIdDocuments, listMyIdDocuments } from "@/lib/applications/id-documents";

/** GET /api/applications/mine/documents: the ID files of the signed-in wallet's latest application (401). */
export async function GET(req: Request): Promise<Response> {
  return respond(async () => listMyIdDocuments(req));
}

/**
 * POST /api/applications/mine/documents (multipart/form-data: `kind`, one or more `file`): adds ID files (PDF, PNG or
 * JPEG, 2 MB each, 6 per application) to the signed-in wallet's pending application (401, 409, 400).
 */
export async function POST(req: Request): Promise<Response> {
  return respond(async () => addMyIdDocuments(req));
}
