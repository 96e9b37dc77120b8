import { readJson } from "@/lib/api/body";
import { respond } from "@/lib/api/errors";
import { IMPORT_BODY_LIMIT, previewInvestorImport } from "@/lib/compliance/import-investors";

/** POST /api/investors/import/preview `{ csv }`: validates an allowlist CSV row by row before anything is sent (413 over 256 KiB). */
export async function POST(req: Request): Promise<Response> {
  return respond(async () => previewInvestorImport(req, await readJson(req, IMPORT_BODY_LIMIT)));
}
