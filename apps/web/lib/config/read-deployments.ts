import { readFile } from "node:fs/promises";
import path from "node:path";
import { deploymentsSchema, type RuntimeConfig } from "../shared/deployments";
import { getServerConfig } from "./server-config";

/**
 * Builds the runtime configuration for the browser: RPC URL, chain id, public origin and the deployments file of that chain.
 * Never throws: a missing or invalid file yields `deployments: null` with the reason.
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
    const parsed = deploymentsSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      return { rpcUrl, chainId, publicOrigin, deployments: null, deploymentsProblem: `The deployments file ${file} is not valid.` };
    }
    return { rpcUrl, chainId, publicOrigin, deployments: parsed.data, deploymentsProblem: null };
  } catch {
    return { rpcUrl, chainId, publicOrigin, deployments: null, deploymentsProblem: `The deployments file ${file} is not valid JSON.` };
  }
}
