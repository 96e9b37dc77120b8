import { z } from "zod";
import { ApiError, ErrorCode, respond } from "@/lib/api/errors";
import { getAssetPermissions } from "@/lib/auth/permissions";
import { loadSession } from "@/lib/auth/session";
import { addressParam } from "@/lib/shared/params";

const params = z.object({ address: addressParam });

/**
 * GET /api/assets/[address]/permissions: what the signed-in wallet may do on the asset now, exactly as the contracts
 * decide (`{ token, known, agent, owner, can: { mint, batchMint, burn, pause, unpause, setAddressFrozen, …,
 * setDocument, addModule, callModuleFunction } }`; lib/auth/permissions). The asset page shows each form only to
 * wallets whose `can` allows it; the write routes check the same again. 401 signed out, 400 bad address; an asset the
 * platform does not know answers `known: false` and nothing allowed.
 */
export async function GET(req: Request, ctx: { params: Promise<{ address: string }> }): Promise<Response> {
  return respond(async () => {
    const { address } = params.parse(await ctx.params);
    const session = await loadSession(req);
    if (!session) throw new ApiError(ErrorCode.UNAUTHENTICATED, "Sign in with your wallet first.");
    return getAssetPermissions(session.address, address);
  });
}
