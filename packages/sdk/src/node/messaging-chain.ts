/**
 * A local chain with the platform and messaging, for two-chain tests (SDK, relayer, indexer, web): one way to start it.
 */
import type { PublicClient, WalletClient } from "viem";
import type { Deployments } from "@tessera/contracts";
import { startAnvil, type AnvilHandle } from "./anvil";
import { buildOrLoadChainState } from "./chain-snapshot";
import { devClients } from "./dev-clients";
import { deployMessaging, type Messaging, type MessagingChain } from "./messaging";
import { deployPlatform } from "./platform";
import { RELAYER_DEV_ACCOUNT_INDEX } from "./two-chains";

/** A test chain of {@link startMessagingChain}: its anvil, dev clients, and the issuer's view (account 0). */
export type MessagingTestChain = MessagingChain & {
  anvil: AnvilHandle;
  clients: Awaited<ReturnType<typeof devClients>>;
  deployments: Deployments & { messaging: Messaging };
  walletClient: WalletClient;
  publicClient: PublicClient;
};

/**
 * Starts an anvil of chain `chainId` on a free port and deploys the platform (account 0 owner, account 1 registry
 * agent) and messaging whose ISM trusts dev account `relayerIndex` (default {@link RELAYER_DEV_ACCOUNT_INDEX}): what
 * every two-chain test starts from (peer two with `peerGateways`, then `enableAssetOnChain`). The deployments are
 * sent once per process and chain id and loaded into later chains ({@link buildOrLoadChainState}). Stop it with
 * `anvil.stop()`.
 * @throws Error when anvil does not start; TesseraError when a deployment fails
 */
export async function startMessagingChain(chainId: number, opts: { relayerIndex?: number } = {}): Promise<MessagingTestChain> {
  const relayerIndex = opts.relayerIndex ?? RELAYER_DEV_ACCOUNT_INDEX;
  const anvil = await startAnvil({ chainId });
  try {
    const clients = await devClients(anvil.rpcUrl, Math.max(10, relayerIndex + 1));
    const [walletClient, registryAgent] = [clients.wallets[0]!, clients.wallets[1]!];
    const relayer = clients.wallets[relayerIndex]!.account.address;
    // Built once per process and chain id, loaded into the next chains (buildOrLoadChainState).
    const deployments = await buildOrLoadChainState(anvil.rpcUrl, `messaging-chain agent=${registryAgent.account.address} relayer=${relayer}`, async () => {
      const platform = await deployPlatform({ walletClient, publicClient: clients.publicClient, registryAgents: [registryAgent.account.address] });
      const messaging = await deployMessaging({ walletClient, publicClient: clients.publicClient, relayer });
      return { ...platform, messaging };
    });
    return { anvil, clients, chainId, deployments, messaging: deployments.messaging, walletClient, publicClient: clients.publicClient };
  } catch (err) {
    await anvil.stop();
    throw err;
  }
}
