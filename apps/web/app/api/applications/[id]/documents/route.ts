import { withSession } from "@/lib/api/with-session";
import { applicationParams, listApplicationIdDocuments } from "@/lib/applications/id-documents";

/** GET /api/applications/[id]/documents: an application's ID files, metadata only (compliance officers and the applicant). */
export const GET = withSession(({ session, params }) => listApplicationIdDocuments(session, params.id), { params: applicationParams });
