import { respond } from "@/lib/api/errors";
import { readJson } from "@/lib/api/body";
import { applicationsQuery, listApplications, submitApplication } from "@/lib/applications/applications";
import { submitApplicationWithDocuments } from "@/lib/applications/id-documents";
import { queryObject } from "@/lib/shared/params";

/** GET /api/applications?status=pending|approved|rejected|all&page&pageSize: the review queue (compliance officers). */
export async function GET(req: Request): Promise<Response> {
  return respond(async () => listApplications(req, applicationsQuery.parse(queryObject(req.url))));
}

/**
 * POST /api/applications `{ name, country, investorType, accredited, email? }`: the signed-in wallet applies. As
 * multipart/form-data the same fields plus ID files (`kind`, `file` parts) are accepted in one transaction.
 */
export async function POST(req: Request): Promise<Response> {
  if ((req.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return respond(async () => submitApplicationWithDocuments(req));
  return respond(async () => submitApplication(req, await readJson(req)));
}
