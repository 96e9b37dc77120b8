import { withSession, type RouteContext } from "@/lib/api/with-session";
import { applicationBody, applicationsQuery, listApplications, submitApplication } from "@/lib/applications/applications";
import { ID_UPLOAD_BODY_LIMIT, submitApplicationWithDocuments } from "@/lib/applications/id-documents";

/** GET /api/applications?status=pending|approved|rejected|all&page&pageSize: the review queue (compliance officers). */
export const GET = withSession(({ query }) => listApplications(query), { query: applicationsQuery, permission: "compliance-officer" });

const submitJson = withSession(({ session, body }) => submitApplication(session, body), { body: applicationBody });
const submitForm = withSession(({ session, form }) => submitApplicationWithDocuments(session, form), { form: ID_UPLOAD_BODY_LIMIT });

/**
 * POST /api/applications `{ name, country, investorType, accredited, email? }`: the signed-in wallet applies. As
 * multipart/form-data the same fields plus ID files (`kind`, `file` parts) are accepted in one transaction.
 */
export async function POST(req: Request, ctx?: RouteContext): Promise<Response> {
  return (req.headers.get("content-type") ?? "").startsWith("multipart/form-data") ? submitForm(req, ctx) : submitJson(req, ctx);
}
