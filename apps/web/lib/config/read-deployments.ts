import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseDeployments } from "@tessera/sdk";
import type { RuntimeChain, RuntimeConfig, WebDeployments } from "../shared/deployments";
import { getServerConfig } from "./server-config";

/**
 * Reads and checks one chain's deployments file, `<deploymentsDir>/<chainId>.json`, with the SDK's one validated
 * reader (`parseDeployments`: JSON, addresses, chain id). Never throws: a missing or invalid file yields
 * `deployments: null` with the reason in `deploymentsProblem`.
 */
export async function readChainDeployments(
  deploymentsDir: string,
  chainId: number,
): Promise<{ deployments: WebDeployments | null; deploymentsProblem: string | null }> {
  const file = path.join(deploymentsDir, `${chainId}.json`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return { deployments: null, deploymentsProblem: `No deployments file for chain ${chainId} (${file}).` };
  }
  try {
    return { deployments: parseDeployments(text, { chainId, source: file }), deploymentsProblem: null };
  } catch (err) {
    return { deployments: null, deploymentsProblem: (err as Error).message };
  }
}

/**
 * Builds the runtime configuration for the browser: RPC URL, chain id, public origin and the deployments file of the
 * home chain, and every served chain (home chain first, then TESSERA_CHAINS) with its own deployments file.
 * Never throws on a missing or invalid file (see {@link readChainDeployments}).
 */
export async function readRuntimeConfig(): Promise<RuntimeConfig> {
  const { rpcUrl, chainId, deploymentsDir, publicOrigin, chains } = getServerConfig();
  const read: RuntimeChain[] = await Promise.all(chains.map(async (c) => ({ ...c, ...(await readChainDeployments(deploymentsDir, c.chainId)) })));
  const home = read[0]!;
  return { rpcUrl, chainId, publicOrigin, deployments: home.deployments, deploymentsProblem: home.deploymentsProblem, chains: read };
}
