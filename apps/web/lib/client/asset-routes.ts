/**
 * Where an asset lives across the served chains, read from the chains themselves (no index needed): the home
 * chain's token names its AssetBridge (`Token.bridge()`), the bridge's link to each further chain names the
 * counterpart bridge there (`AssetBridge.getLink(chain)`, ERC-7930), and that bridge names its token
 * (`AssetBridge.token()`). Browser-safe.
 */
import { assetBridgeAbi, tokenAbi } from "@tessera/contracts";
import { formatEvmChainInteropAddress, parseEvmInteropAddress } from "@tessera/sdk";
import { type Abi, type Address, getAddress, type Hex, isAddressEqual, type PublicClient, zeroAddress } from "viem";

/** The asset on one chain: its token and bridge there. */
export interface AssetOnChain {
  chainId: number;
  token: Address;
  bridge: Address;
}

/** The ERC-7930 address of EVM chain `chainId` alone (no address part), as `AssetBridge.getLink` takes it. */
export function chainInteropAddress(chainId: number): Hex {
  return formatEvmChainInteropAddress(chainId);
}

/**
 * The asset of home-chain token `token` on every served chain where it is enabled: the home chain first (when its
 * token has a bridge), then each further chain its bridge is linked to, with the token there. An asset without a
 * bridge yields `[]`; a chain without a link is left out.
 * @param clients A public client per chain id; `homeChainId` the home chain's id (its client must be there).
 * @throws the RPC's error when a read fails (reported as such, never as "not enabled")
 */
export async function readAssetRoutes(clients: ReadonlyMap<number, PublicClient>, homeChainId: number, token: Address): Promise<AssetOnChain[]> {
  const home = clients.get(homeChainId);
  if (!home) throw new Error(`No client for the home chain ${homeChainId}.`);
  const bridge = (await home.readContract({ address: token, abi: tokenAbi as Abi, functionName: "bridge", args: [] })) as Address;
  if (isAddressEqual(bridge, zeroAddress)) return [];
  const out: AssetOnChain[] = [{ chainId: homeChainId, token: getAddress(token), bridge: getAddress(bridge) }];
  for (const [chainId, client] of clients) {
    if (chainId === homeChainId) continue;
    const [gateway, counterpart] = (await home.readContract({
      address: bridge,
      abi: assetBridgeAbi as Abi,
      functionName: "getLink",
      args: [chainInteropAddress(chainId)],
    })) as readonly [Address, Hex];
    if (isAddressEqual(gateway, zeroAddress) || counterpart === "0x") continue;
    const remote = parseEvmInteropAddress(counterpart);
    if (remote.chainId !== chainId) continue;
    const remoteToken = (await client.readContract({ address: remote.address, abi: assetBridgeAbi as Abi, functionName: "token", args: [] })) as Address;
    out.push({ chainId, token: getAddress(remoteToken), bridge: remote.address });
  }
  return out;
}

/** The wallet's balance of the asset on each chain of `routes` (token base units), by chain id. */
export async function readBalances(clients: ReadonlyMap<number, PublicClient>, routes: readonly AssetOnChain[], wallet: Address): Promise<Map<number, bigint>> {
  const entries = await Promise.all(
    routes.map(async (r) => {
      const client = clients.get(r.chainId);
      if (!client) throw new Error(`No client for chain ${r.chainId}.`);
      const balance = (await client.readContract({ address: r.token, abi: tokenAbi as Abi, functionName: "balanceOf", args: [wallet] })) as bigint;
      return [r.chainId, balance] as const;
    }),
  );
  return new Map(entries);
}

/** Tokens in transit for an asset: the sum over its chains of `AssetBridge.netOutflow()` (left minus arrived). */
export async function readInTransit(clients: ReadonlyMap<number, PublicClient>, routes: readonly AssetOnChain[]): Promise<bigint> {
  const flows = await Promise.all(
    routes.map(async (r) => {
      const client = clients.get(r.chainId);
      if (!client) throw new Error(`No client for chain ${r.chainId}.`);
      return (await client.readContract({ address: r.bridge, abi: assetBridgeAbi as Abi, functionName: "netOutflow", args: [] })) as bigint;
    }),
  );
  return flows.reduce((a, b) => a + b, 0n);
}
