import { connection } from "next/server";
import { respond } from "@/lib/api/errors";
import { listAssets } from "@/lib/assets/list-assets";

/** GET /api/assets: every asset on the configured chain. */
export async function GET(): Promise<Response> {
  await connection();
  return respond(() => listAssets());
}
