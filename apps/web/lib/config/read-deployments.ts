import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseDeployments } from "@tessera/sdk";
import type { RuntimeConfig } from "../shared/deployments";
import { getServerConfig } from "./server-config";

/**
 * Builds the runtime configuration for the browser: RPC URL, chain id, public origin and the deployments file of that chain,
 * read with the SDK's one validated reader (`parseDeployments`: JSON, addresses, chain id).
 * Never throws: a missing or invalid file yields `deployments: null` with the reason in `deploymentsProblem`.
 */
export async function readRuntimeConfig(): Promise<RuntimeConfig> {
  const { rpcUrl, chainId, deploymentsDir, publicOrigin } = getServerConfig();
  const file = path.join(deploymentsDir, `${chainId}.json`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return { rpcUrl, chainId, publicOrigin, deployments: null, deploymentsProblem: `No deployments file for chain ${chainId} (${file}).` };
  }
  try {
    return { rpcUrl, chainId, publicOrigin, deployments: parseDeployments(text, { chainId, source: file }), deploymentsProblem: null };
  } catch (err) {
    return { rpcUrl, chainId, publicOrigin, deployments: null, deploymentsProblem: (err as Error).message };
  }
}
