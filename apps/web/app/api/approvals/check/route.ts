import { withSession } from "@/lib/api/with-session";
import { checkDecision, decisionCheckBody } from "@/lib/compliance/approvals";

/**
 * POST /api/approvals/check `{ token, from, to, amount, decision }`: before signing, may the signed-in wallet decide?
 * 403 not a transfer approver of the asset, 409 it requested the transfer itself (maker-checker) or nothing is pending.
 */
export const POST = withSession(({ session, body }) => checkDecision(session, body), { body: decisionCheckBody });
