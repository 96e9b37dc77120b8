import { getPrisma } from "../db/prisma";
import { getServerConfig } from "../config/server-config";
import type { StatusResponse } from "../shared/api-types";

/** The indexer's progress on the configured chain: last fully written block (null before its first write), and why it halted. */
export async function getStatus(): Promise<StatusResponse> {
  const { chainId } = getServerConfig();
  const cursor = await getPrisma().indexerCursor.findUnique({ where: { chainId } });
  return {
    chainId,
    lastBlock: cursor ? cursor.lastBlock.toString() : null,
    lastBlockHash: cursor?.lastBlockHash ?? null,
    updatedAt: cursor ? cursor.updatedAt.toISOString() : null,
    haltedReason: cursor?.haltedReason ?? null,
  };
}
