import { defineChain, type Chain } from "viem";
import { createConfig, createConnector, http, injected, mock, type Config, type CreateConnectorFn } from "wagmi";
import type { RuntimeConfig } from "../shared/deployments";
import { DEV_ACCOUNTS, devConnectorId } from "../shared/dev-accounts";

/** localStorage key remembering which dev account the user picked (so a reload reconnects it). */
export const DEV_ACCOUNT_STORAGE_KEY = "tessera.devAccount";

/**
 * Chain object for a configured chain; rpcUrls.default.http[0] is the real RPC URL (the mock connector sends there).
 * `name` (a further chain's display name, e.g. "L2") names it in wallets; the home chain keeps its name.
 */
export function runtimeChain(rt: Pick<RuntimeConfig, "chainId" | "rpcUrl"> & { name?: string }): Chain {
  return defineChain({
    id: rt.chainId,
    name: rt.name ? `${rt.name} (chain ${rt.chainId})` : rt.chainId === 31337 ? "Anvil (local)" : `Chain ${rt.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rt.rpcUrl] } },
  });
}

function rememberedDevAccount(): string | null {
  if (typeof window === "undefined") return null;
  try {
    return window.localStorage.getItem(DEV_ACCOUNT_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** A mock connector for one anvil dev account, with its own id and name (anvil signs for it). */
function devAccountConnector(index: number, label: string, address: `0x${string}`, reconnect: boolean): CreateConnectorFn {
  const base = mock({ accounts: [address], features: { reconnect: true, defaultConnected: reconnect } });
  return createConnector((config) => ({ ...base(config), id: devConnectorId(index), name: label }));
}

/**
 * Builds the wagmi config at run time from the server's runtime configuration: every served chain (the home chain
 * first, so a fresh connection starts there; then the further chains of TESSERA_CHAINS, which `switchChain` can move
 * the wallet to), an injected (browser wallet) connector, and on a local anvil home chain (31337) one mock connector
 * per dev account (anvil signs for them on every local chain).
 */
export function createWagmiConfig(rt: Pick<RuntimeConfig, "chainId" | "rpcUrl"> & { chains?: RuntimeConfig["chains"] }): Config {
  const chain = runtimeChain(rt);
  const further = (rt.chains ?? []).filter((c) => c.chainId !== rt.chainId).map((c) => ({ chain: runtimeChain(c), rpcUrl: c.rpcUrl }));
  const remembered = rememberedDevAccount();
  const connectors: CreateConnectorFn[] = [injected()];
  if (rt.chainId === 31337) {
    for (const d of DEV_ACCOUNTS) {
      connectors.push(devAccountConnector(d.index, d.label, d.address, remembered === devConnectorId(d.index)));
    }
  }
  const transports: Record<number, ReturnType<typeof http>> = { [chain.id]: http(rt.rpcUrl, { batch: false }) };
  for (const f of further) transports[f.chain.id] = http(f.rpcUrl, { batch: false });
  return createConfig({
    chains: [chain, ...further.map((f) => f.chain)],
    connectors,
    transports,
    multiInjectedProviderDiscovery: false,
    ssr: true,
  });
}
