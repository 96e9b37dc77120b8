import { withSession } from "@/lib/api/with-session";
import { applicationId, rejectApplication, rejectBody } from "@/lib/applications/applications";

/** POST /api/applications/[id]/reject `{ reason }`: a compliance officer rejects with a reason the applicant sees. */
export const POST = withSession(({ session, params, body }) => rejectApplication(session, params.id, body), {
  params: applicationId,
  body: rejectBody,
  permission: "compliance-officer",
});
