import { z } from "zod";
import { withPublic } from "@/lib/api/with-session";
import { getAsset } from "@/lib/assets/get-asset";
import { addressParam } from "@/lib/shared/params";

/** GET /api/assets/[token]: one asset with its compliance rules. */
export const GET = withPublic(({ params }) => getAsset(params.token), { params: z.object({ token: addressParam }) });
