import { respond } from "@/lib/api/errors";
import { readJson } from "@/lib/api/body";
import { approvalsQuery, listApprovalRequests, recordDecision } from "@/lib/compliance/approvals";
import { queryObject } from "@/lib/shared/params";

/** GET /api/approvals?token: the maker-checker queue (compliance officers: every asset; transfer managers: theirs). */
export async function GET(req: Request): Promise<Response> {
  return respond(async () => listApprovalRequests(req, approvalsQuery.parse(queryObject(req.url))));
}

/** POST /api/approvals `{ txHash, reason }`: records a request, approval or rejection (checked on the chain) in the audit log. */
export async function POST(req: Request): Promise<Response> {
  return respond(async () => recordDecision(req, await readJson(req)));
}
