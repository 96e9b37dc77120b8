import { getPrisma } from "../db/prisma";
import { getServerConfig } from "../config/server-config";
import type { AssetListResponse } from "../shared/api-types";
import { knownIssuerFilter } from "./issuers";
import { isBond, maturedTokens } from "../bond/matured";
import { toAssetDto } from "./to-asset-dto";

/** Lists the configured chain's assets of known issuers (lib/assets/issuers), newest deployment first. */
export async function listAssets(): Promise<AssetListResponse> {
  const { chainId } = getServerConfig();
  const rows = await getPrisma().asset.findMany({
    where: { chainId, ...(await knownIssuerFilter()) },
    orderBy: [{ deployedBlock: "desc" }, { token: "asc" }],
  });
  const matured = await maturedTokens(
    chainId,
    rows.filter(isBond).map((r) => r.token),
  );
  return { assets: rows.map((r) => toAssetDto(r, { matured: matured.has(r.token) })) };
}
