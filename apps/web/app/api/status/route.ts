import { connection } from "next/server";
import { respond } from "@/lib/api/errors";
import { getStatus } from "@/lib/status/get-status";

/** GET /api/status: the indexer cursor (last indexed block). */
export async function GET(): Promise<Response> {
  await connection();
  return respond(() => getStatus());
}
