import { respond } from "@/lib/api/errors";
import { readJson } from "@/lib/api/body";
import { checkDecision } from "@/lib/compliance/approvals";

/**
 * POST /api/approvals/check `{ token, from, to, amount, decision }`: before signing, may the signed-in wallet decide?
 * 403 not a transfer manager of the asset, 409 it requested the transfer itself (maker-checker) or nothing is pending.
 */
export async function POST(req: Request): Promise<Response> {
  return respond(async () => checkDecision(req, await readJson(req)));
}
