import { respond } from "@/lib/api/errors";
import { listMyApplications } from "@/lib/applications/applications";

/** GET /api/applications/mine: the signed-in wallet's applications with status and the officer's reason. */
export async function GET(req: Request): Promise<Response> {
  return respond(async () => listMyApplications(req));
}
