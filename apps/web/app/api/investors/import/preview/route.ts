import { respond } from "@/lib/api/errors";
import { previewInvestorImport } from "@/lib/compliance/import-investors";

/** POST /api/investors/import/preview `{ csv }`: validates an allowlist CSV row by row before anything is sent. */
export async function POST(req: Request): Promise<Response> {
  return respond(async () => previewInvestorImport(req, await req.json().catch(() => ({}))));
}
