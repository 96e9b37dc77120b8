"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Address, PublicClient } from "viem";
import { useConfig } from "wagmi";
import { getPublicClient } from "wagmi/actions";
import { readAssetRoutes, type AssetOnChain } from "@/lib/client/asset-routes";
import type { BridgeChain } from "@/lib/client/bridge-sdk";
import type { ChainInfo } from "@/lib/shared/chains";
import { useServedChains } from "../chain-switcher";

/** A viem public client per served chain id (wagmi's, one per chain of the runtime configuration). */
export function useChainClients(): Map<number, PublicClient> {
  const config = useConfig();
  const { chains } = useServedChains();
  return useMemo(() => {
    const m = new Map<number, PublicClient>();
    for (const c of chains) {
      const client = getPublicClient(config, { chainId: c.chainId }) as unknown as PublicClient | undefined;
      if (client) m.set(c.chainId, client);
    }
    return m;
  }, [config, chains]);
}

/**
 * Where each of `tokens` (home-chain assets) is enabled, read from the chains (see lib/client/asset-routes): by
 * lower-case home token, the asset on each chain (home first); `[]` for an asset without a bridge. Refreshed slowly
 * (an issuer enables a chain rarely).
 */
export function useAssetRoutes(tokens: readonly string[]) {
  const clients = useChainClients();
  const { home, chains } = useServedChains();
  return useQuery({
    queryKey: ["crosschain-routes", chains.map((c) => c.chainId).join(","), [...tokens].sort().join(",")],
    queryFn: async () => {
      const out = new Map<string, AssetOnChain[]>();
      for (const t of tokens) out.set(t.toLowerCase(), await readAssetRoutes(clients, home.chainId, t as Address));
      return out;
    },
    enabled: chains.length > 1 && tokens.length > 0,
    refetchInterval: 15_000,
  });
}

/** The SDK's view of the asset on one chain (client, chain id, bridge, token, name). */
export function bridgeChainOf(route: AssetOnChain, chain: ChainInfo | undefined, client: PublicClient): BridgeChain {
  return { publicClient: client, chainId: route.chainId, bridge: route.bridge, token: route.token, name: chain?.name };
}
