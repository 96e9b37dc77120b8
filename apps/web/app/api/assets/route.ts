import { connection } from "next/server";
import { withPublic } from "@/lib/api/with-session";
import { listAssets } from "@/lib/assets/list-assets";

/** GET /api/assets: every asset on the configured chain. */
export const GET = withPublic(async () => {
  await connection();
  return listAssets();
});
