import { deploymentsSchema } from "@tessera/sdk";
import type { z } from "zod";
import type { ChainInfo } from "./chains";

/** Schema of deployments/<chainId>.json: the SDK's, shared with the indexer (ARCHITECTURE.md). */
export { deploymentsSchema };

/** Addresses of one chain's Tessera platform contracts. */
export type WebDeployments = z.infer<typeof deploymentsSchema>;

/** Runtime configuration the server hands to the browser (never baked in at build time). */
export interface RuntimeConfig {
  rpcUrl: string;
  chainId: number;
  /** The origin the app is served at (TESSERA_PUBLIC_ORIGIN); sign-in messages must name it. */
  publicOrigin: string;
  /** Null when deployments/<chainId>.json is missing or invalid. */
  deployments: WebDeployments | null;
  /** Why deployments is null, in words, for the banner. */
  deploymentsProblem: string | null;
  /**
   * Every chain the app serves, home chain first (its entry repeats rpcUrl, chainId and deployments above), each with
   * its deployments file (deployments/<chainId>.json) or why it is missing.
   */
  chains: RuntimeChain[];
}

/** One served chain with its platform deployments, as the browser gets it at run time. */
export interface RuntimeChain extends ChainInfo {
  /** Null when deployments/<chainId>.json is missing or invalid. */
  deployments: WebDeployments | null;
  /** Why deployments is null, in words. */
  deploymentsProblem: string | null;
}
