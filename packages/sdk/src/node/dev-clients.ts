/**
 * Clients for anvil's dev accounts (signing locally from the standard mnemonic).
 */
import { createPublicClient, createWalletClient, defineChain, http, type Chain, type PublicClient } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { rpc } from "./anvil";

/** Anvil's standard development mnemonic. */
export const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";

/**
 * A public client and wallet clients for anvil's dev accounts (signing locally from the standard mnemonic).
 * @param rpcUrl The node's JSON-RPC URL.
 * @param count How many accounts (index 0..count-1).
 */
export async function devClients(rpcUrl: string, count = 10) {
  const chainId = Number(BigInt(await rpc<string>(rpcUrl, "eth_chainId")));
  const chain: Chain = defineChain({
    id: chainId,
    name: chainId === 31337 ? "Anvil" : `Chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const transport = http(rpcUrl);
  // cacheTime 0: viem caches getBlockNumber for cacheTime (default: the polling interval), so a read taken right after a
  // receipt could answer the block before it; callers here compare block numbers and wait for the indexer to reach
  // "the head", which must be the real head (a stale one made `no block mined` checks flaky under load).
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50, cacheTime: 0 }) as PublicClient;
  const wallets = Array.from({ length: count }, (_, i) =>
    createWalletClient({ chain, transport, account: mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: i }) }),
  );
  return { chain, publicClient, wallets };
}
