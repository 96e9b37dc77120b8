import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseDeployments } from "@tessera/sdk";
import type { Deployments } from "@tessera/contracts";
import { getServerConfig } from "../config/server-config";

/** A chain the web serves beside the home chain: its id, name (UI), RPC URL and deployments (null: none readable). */
export type OtherChain = { chainId: number; name: string; rpcUrl: string; deployments: Deployments | null; deploymentsProblem: string | null };

/**
 * Parses `TESSERA_CHAINS` (`<chainId>=<http(s) RPC URL>`, comma-separated; not the home chain) and
 * `TESSERA_CHAIN_NAMES` (`<chainId>=<name>`; default "L2", "L3"… in order). Entries that are not well formed are an
 * error (the configuration is wrong), never skipped.
 * @throws Error naming the bad entry
 */
export function parseOtherChains(chains: string | undefined, names: string | undefined, homeChainId: number): { chainId: number; name: string; rpcUrl: string }[] {
  const named = new Map<number, string>();
  for (const part of (names ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)=(.{1,40})$/.exec(part);
    if (!m) throw new Error(`TESSERA_CHAIN_NAMES: "${part}" is not <chainId>=<name>`);
    named.set(Number(m[1]), m[2]!.trim());
  }
  const out: { chainId: number; name: string; rpcUrl: string }[] = [];
  for (const part of (chains ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)=(https?:\/\/\S+)$/.exec(part);
    if (!m) throw new Error(`TESSERA_CHAINS: "${part}" is not <chainId>=<http(s) RPC URL>`);
    const chainId = Number(m[1]);
    if (chainId === homeChainId || out.some((c) => c.chainId === chainId)) throw new Error(`TESSERA_CHAINS: chain ${chainId} given twice or is the home chain`);
    out.push({ chainId, name: named.get(chainId) ?? `L${out.length + 2}`, rpcUrl: m[2]! });
  }
  if (out.length > 8) throw new Error("TESSERA_CHAINS: at most 8 chains");
  return out;
}

/**
 * The chains the web serves beside the home chain (`TESSERA_CHAINS`), each with its deployments file
 * (`DEPLOYMENTS_DIR/<chainId>.json`, read as the home one is). Stand-in for the web's chain configuration
 * (lib/config/chains.ts on branch h-xweb): the merge swaps this function's body for it.
 * @throws Error when TESSERA_CHAINS / TESSERA_CHAIN_NAMES are malformed
 */
export async function readOtherChains(env: NodeJS.ProcessEnv = process.env): Promise<OtherChain[]> {
  const { chainId: home, deploymentsDir } = getServerConfig();
  return Promise.all(
    parseOtherChains(env.TESSERA_CHAINS, env.TESSERA_CHAIN_NAMES, home).map(async (c) => {
      const file = path.join(deploymentsDir, `${c.chainId}.json`);
      try {
        return { ...c, deployments: parseDeployments(await readFile(file, "utf8"), { chainId: c.chainId, source: file }), deploymentsProblem: null };
      } catch (err) {
        return { ...c, deployments: null, deploymentsProblem: `No valid deployments file for chain ${c.chainId} (${file}): ${(err as Error).message}` };
      }
    }),
  );
}
