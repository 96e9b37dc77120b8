import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { getBond } from "@/lib/bond/get-bond";
import { addressParam } from "@/lib/shared/params";

const params = z.object({ token: addressParam });

/**
 * GET /api/assets/[token]/bond: a bond asset's terms (chain; null until set), coupon calendar with each coupon's
 * status (upcoming, record date passed with its record block, paid), maturity (funded, paid, required by the supply)
 * and the signed-in wallet's ADMIN / CORPORATE_ACTIONS roles. The asset's readers: its role holders or a compliance
 * officer (401/403); 404 not indexed or not a bond; 503 when the node cannot answer.
 */
export const GET = withSession(({ session, params }) => getBond(session, params.token), { params, permission: { asset: "token", can: "read" } });
