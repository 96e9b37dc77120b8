import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { addressParam } from "@/lib/shared/params";
import { getVault, vaultQuery } from "@/lib/vault/get-vault";

const params = z.object({ token: addressParam });

/**
 * GET /api/assets/[token]/vault?navLimit: the asset's subscription and redemption vault (NAV per share in effect and
 * pending, dealing terms, next dealing date and cut-off, NAV history, the signed-in wallet's vault roles); `vault` null
 * when the asset has none. Signed-in wallets (401); 404 not indexed; 503 when the node cannot answer.
 */
export const GET = withSession(({ session, params, query }) => getVault(session, params.token, query), { params, query: vaultQuery });
