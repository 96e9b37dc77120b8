import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { getAssetPermissions } from "@/lib/permissions/actions";
import { addressParam } from "@/lib/shared/params";

/**
 * GET /api/assets/[token]/permissions: what the signed-in wallet may do on the asset now, exactly as the contracts
 * decide (`{ token, known, agent, owner, can: { mint, batchMint, burn, pause, unpause, setAddressFrozen, …,
 * setDocument, addModule, callModuleFunction } }`; lib/permissions/actions). The asset page shows each form only to
 * wallets whose `can` allows it; the write routes check the same again. 401 signed out, 400 bad address; an asset the
 * platform does not know answers `known: false` and nothing allowed.
 */
export const GET = withSession(({ session, params }) => getAssetPermissions(session.address, params.token), {
  params: z.object({ token: addressParam }),
});
