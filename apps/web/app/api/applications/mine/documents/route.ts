import { withSession } from "@/lib/api/with-session";
import { addMyIdDocuments, ID_UPLOAD_BODY_LIMIT, listMyIdDocuments } from "@/lib/applications/id-documents";

/** GET /api/applications/mine/documents: the ID files of the signed-in wallet's latest application (401). */
export const GET = withSession(({ session }) => listMyIdDocuments(session));

/**
 * POST /api/applications/mine/documents (multipart/form-data: `kind`, one or more `file`): adds ID files (PDF, PNG or
 * JPEG, 2 MB each, 6 per application) to the signed-in wallet's pending application (401, 409, 400, 413).
 */
export const POST = withSession(({ session, form }) => addMyIdDocuments(session, form), { form: ID_UPLOAD_BODY_LIMIT });
