import { withSession } from "@/lib/api/with-session";
import { applicationId, approveApplication, approveBody } from "@/lib/applications/applications";

/** POST /api/applications/[id]/approve `{ txHash, reason? }`: after the officer registered the wallet on-chain. */
export const POST = withSession(({ session, params, body }) => approveApplication(session, params.id, body), {
  params: applicationId,
  body: approveBody,
  permission: "compliance-officer",
});
