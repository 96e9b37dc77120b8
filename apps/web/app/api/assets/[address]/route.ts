import { z } from "zod";
import { withPublic } from "@/lib/api/with-session";
import { getAsset } from "@/lib/assets/get-asset";
import { addressParam } from "@/lib/shared/params";

/** GET /api/assets/[address]: one asset with its compliance rules. */
export const GET = withPublic(({ params }) => getAsset(params.address), { params: z.object({ address: addressParam }) });
