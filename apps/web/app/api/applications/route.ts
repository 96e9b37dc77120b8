import { respond } from "@/lib/api/errors";
import { applicationsQuery, listApplications, submitApplication } from "@/lib/applications/applications";
import { queryObject } from "@/lib/shared/params";

/** GET /api/applications?status=pending|approved|rejected|all&page&pageSize: the review queue (compliance officers). */
export async function GET(req: Request): Promise<Response> {
  return respond(async () => listApplications(req, applicationsQuery.parse(queryObject(req.url))));
}

/** POST /api/applications `{ name, country, investorType, accredited, email? }`: the signed-in wallet applies. */
export async function POST(req: Request): Promise<Response> {
  return respond(async () => submitApplication(req, await req.json().catch(() => ({}))));
}
