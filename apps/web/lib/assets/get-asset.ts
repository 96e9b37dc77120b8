import { ApiError, ErrorCode } from "../api/errors";
import { getPrisma } from "../db/prisma";
import { getServerConfig } from "../config/server-config";
import type { AssetResponse } from "../shared/api-types";
import { isBond, maturedTokens } from "../bond/matured";
import { toAssetDto } from "./to-asset-dto";

/**
 * One asset of the configured chain with its compliance rules.
 * @param token lower-case token address
 * @throws ApiError NOT_FOUND when the indexer has not seen this token
 */
export async function getAsset(token: `0x${string}`): Promise<AssetResponse> {
  const { chainId } = getServerConfig();
  const row = await getPrisma().asset.findUnique({ where: { chainId_token: { chainId, token } } });
  if (!row) throw new ApiError(ErrorCode.NOT_FOUND, `No asset ${token} on chain ${chainId}.`);
  // Only a bond can mature: other assets skip the query.
  const matured = isBond(row) ? (await maturedTokens(chainId, [row.token])).has(row.token) : undefined;
  return { asset: toAssetDto(row, { matured }) };
}
