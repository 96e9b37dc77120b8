import { withSession } from "@/lib/api/with-session";
import { approvalsQuery, decisionRecordBody, listApprovalRequests, recordDecision } from "@/lib/compliance/approvals";

/** GET /api/approvals?token: the maker-checker queue (compliance officers: every asset; transfer approvers: theirs). */
export const GET = withSession(({ session, query }) => listApprovalRequests(session, query), { query: approvalsQuery });

/** POST /api/approvals `{ txHash, reason }`: records a request, approval or rejection (checked on the chain) in the audit log. */
export const POST = withSession(({ session, body }) => recordDecision(session, body), { body: decisionRecordBody });
