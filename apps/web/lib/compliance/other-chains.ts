import type { Deployments } from "@tessera/contracts";
import { readChainDeployments } from "../config/read-deployments";
import { getServerConfig } from "../config/server-config";

/** A chain the web serves beside the home chain: its id, name (UI), RPC URL and deployments (null: none readable). */
export type OtherChain = { chainId: number; name: string; rpcUrl: string; deployments: Deployments | null; deploymentsProblem: string | null };

/**
 * The chains the web serves beside the home chain (TESSERA_CHAINS and TESSERA_CHAIN_NAMES, parsed once by the server
 * configuration: lib/config/chains.ts), each with its deployments file (`DEPLOYMENTS_DIR/<chainId>.json`, read as the
 * home one is; a missing or invalid file gives `deployments: null` and the reason).
 */
export async function readOtherChains(): Promise<OtherChain[]> {
  const { chains, deploymentsDir } = getServerConfig();
  return Promise.all(
    chains.slice(1).map(async (c) => ({ chainId: c.chainId, name: c.name, rpcUrl: c.rpcUrl, ...(await readChainDeployments(deploymentsDir, c.chainId)) })),
  );
}
