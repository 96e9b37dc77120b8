import { withSession } from "@/lib/api/with-session";
import { documentParams, downloadIdDocument } from "@/lib/applications/id-documents";

/**
 * POST /api/applications/[id]/documents/[documentId] (no body; a same-origin form submit or fetch): downloads an
 * applicant's ID file (compliance officers only: 401/403; 404 when absent); each download is recorded in the audit
 * log. POST, not GET: the download writes an audit entry, and a GET would let another site trigger it by navigation
 * (SameSite=Lax cookies ride along on top-level GETs). A POST from another origin is refused (403).
 */
export const POST = withSession(({ session, params }) => downloadIdDocument(session, params.id, params.documentId), {
  params: documentParams,
  permission: "compliance-officer",
});
