import { connection } from "next/server";
import { withPublic } from "@/lib/api/with-session";
import { getStatus } from "@/lib/status/get-status";

/** GET /api/status: the indexer cursor (last indexed block). */
export const GET = withPublic(async () => {
  await connection();
  return getStatus();
});
