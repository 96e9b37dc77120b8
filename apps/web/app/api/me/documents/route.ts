import { withSession } from "@/lib/api/with-session";
import { listMyDocuments } from "@/lib/me/my-documents";

/** GET /api/me/documents: ERC-1643 documents of the assets the signed-in wallet holds or held (401 without a session). */
export const GET = withSession(({ session }) => listMyDocuments(session));
