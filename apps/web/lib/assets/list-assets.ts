import { getPrisma } from "../db/prisma";
import { getServerConfig } from "../config/server-config";
import type { AssetListResponse } from "../shared/api-types";
import { toAssetDto } from "./to-asset-dto";

/** Lists the configured chain's assets, newest deployment first. */
export async function listAssets(): Promise<AssetListResponse> {
  const { chainId } = getServerConfig();
  const rows = await getPrisma().asset.findMany({
    where: { chainId },
    orderBy: [{ deployedBlock: "desc" }, { address: "asc" }],
  });
  return { assets: rows.map(toAssetDto) };
}
