import { withSession } from "@/lib/api/with-session";
import { listMyApplications } from "@/lib/applications/applications";

/** GET /api/applications/mine: the signed-in wallet's applications with status and the officer's reason. */
export const GET = withSession(({ session }) => listMyApplications(session));
