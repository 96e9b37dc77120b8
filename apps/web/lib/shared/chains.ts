/**
 * The chains the web app serves (browser-safe): the home chain, where every page's data is and where assets are issued,
 * and the further chains of TESSERA_CHAINS an asset can be enabled on (ARCHITECTURE.md "home chain").
 */

/** One chain the web app serves, from the server's configuration. */
export interface ChainInfo {
  chainId: number;
  /** JSON-RPC URL the browser and the server use for this chain. */
  rpcUrl: string;
  /** Display name: "L1" for the home chain, "L2"… for further chains, unless TESSERA_CHAIN_NAMES names them. */
  name: string;
  /** True for the home chain (RPC_URL, CHAIN_ID). */
  home: boolean;
}

/** "L1 · chain 31337": a chain's name and id, as the chain switcher and the cross-chain screens show it. */
export function chainLabel(chain: Pick<ChainInfo, "chainId" | "name">): string {
  return `${chain.name} · chain ${chain.chainId}`;
}

/** The name of a chain id among `chains`, or "chain <id>" for a chain the app does not serve. */
export function chainNameOf(chains: ReadonlyArray<Pick<ChainInfo, "chainId" | "name">>, chainId: number): string {
  return chains.find((c) => c.chainId === chainId)?.name ?? `chain ${chainId}`;
}
