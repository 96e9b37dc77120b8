import { respond } from "@/lib/api/errors";
import { listMyDocuments } from "@/lib/me/my-documents";

/** GET /api/me/documents: ERC-1643 documents of the assets the signed-in wallet holds or held (401 without a session). */
export async function GET(req: Request): Promise<Response> {
  return respond(async () => listMyDocuments(req));
}
