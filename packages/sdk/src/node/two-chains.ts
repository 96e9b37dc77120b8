/**
 * `npm start`'s two chains: the home chain (L1) with the platform and the demo, and a second chain (L2) with the
 * platform, messaging peered with the L1's, IdentitySync linked on both (the demo investors reach the L2's registry
 * by `syncInvestor` messages from the home chain), and the demo asset enabled there (enableAssetOnChain).
 */
import { type Address, type Hex, keccak256, parseEventLogs, type PublicClient, type TransactionReceipt, type WalletClient } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { type Deployments, hyperlaneGatewayAbi, hyperlaneMailboxAbi, identityRegistryAbi, tokenAbi } from "@tessera/contracts";
import { syncInvestor } from "../actions/identity-sync";
import { linkIdentitySync } from "./identity-sync";
import { enableAssetOnChain } from "./crosschain";
import { DEMO_ASSET } from "./demo";
import { writeDeployments } from "./deployments";
import { ANVIL_MNEMONIC, devClients } from "./dev-clients";
import { peerGateways } from "./messaging";
import { ensurePlatform } from "./platform";

/**
 * Anvil's dev account the local relayer (apps/relayer) sends `Mailbox.process` from: every local chain's
 * TrustedRelayerIsm trusts it. Account 11 (startAnvil runs 12 dev accounts): the apps and journeys use 0-9 (0-5 the
 * demo's issuer, compliance officer, investors and outsider; 9 the onboarding applicant). Production has no such account: Hyperlane's relayer agent, validators and a multisig ISM.
 */
export const RELAYER_DEV_ACCOUNT_INDEX = 11;

/** The address of {@link RELAYER_DEV_ACCOUNT_INDEX}. */
export function devRelayerAddress(): Address {
  return mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: RELAYER_DEV_ACCOUNT_INDEX }).address;
}

/** One chain of {@link ensureTwoChains}. */
export type LocalChain = { rpcUrl: string; chainId: number };

/**
 * Reuses or deploys both chains (ensurePlatform with messaging trusting the dev relayer account), then, when the L2
 * has no demo asset yet: peers the gateways, deploys and links an IdentitySync on each chain (linkIdentitySync: the
 * L2's is an agent of its registry; both recorded as `identitySync` in each deployments file), enables the L1's demo
 * asset (TDF) on the L2 (same countries and maximum balance; no issuance there: tokens arrive from the home chain),
 * and sends the L1's demo investors' records (accounts 2, 3, 4: identity, country, KYC expiry) with `syncInvestor`
 * (from account 1). The relayer (apps/relayer) starts after this function, so it delivers those messages itself,
 * exactly as the relayer does (`Mailbox.process` from the dev relayer account, {@link relayDispatched}): on return
 * the L2 registry holds the same records; the relayer later finds them delivered and settles them. The L2's
 * deployments file gets `demoAsset` = the L2 token.
 * @returns Both chains' deployments and whether each was deployed now.
 * @throws Error when one chain was reset and the other kept (their peering no longer matches): delete the data and
 *   deployments folders; TesseraError from a deployment or call.
 */
export async function ensureTwoChains(opts: {
  home: LocalChain;
  remote: LocalChain;
  deploymentsDir: string;
  demoBond?: boolean;
}): Promise<{ home: { deployments: Deployments; deployed: boolean }; remote: { deployments: Deployments; deployed: boolean } }> {
  const relayer = devRelayerAddress();
  const [home, remote] = await Promise.all([
    ensurePlatform({ rpcUrl: opts.home.rpcUrl, chainId: opts.home.chainId, deploymentsDir: opts.deploymentsDir, demoBond: opts.demoBond, relayer }),
    ensurePlatform({ rpcUrl: opts.remote.rpcUrl, chainId: opts.remote.chainId, deploymentsDir: opts.deploymentsDir, seed: false, relayer }),
  ]);
  const h = await devClients(opts.home.rpcUrl, 5);
  const r = await devClients(opts.remote.rpcUrl, 5);
  const hm = home.deployments.messaging!;
  const rm = remote.deployments.messaging!;
  const peered = async () => {
    const [a, b] = await Promise.all([
      h.publicClient.readContract({ address: hm.gateway, abi: hyperlaneGatewayAbi, functionName: "peer", args: [BigInt(opts.remote.chainId)] }),
      r.publicClient.readContract({ address: rm.gateway, abi: hyperlaneGatewayAbi, functionName: "peer", args: [BigInt(opts.home.chainId)] }),
    ]);
    // peer(chainId) -> [domain, gateway]
    return a[1].toLowerCase() === rm.gateway.toLowerCase() && b[1].toLowerCase() === hm.gateway.toLowerCase();
  };
  const homeSide = { walletClient: h.wallets[0], publicClient: h.publicClient, chainId: opts.home.chainId };
  const remoteSide = { walletClient: r.wallets[0], publicClient: r.publicClient, chainId: opts.remote.chainId };
  // Also run on a reused pair deployed before IdentitySync was part of npm start (its demo investors were registered
  // on the L2 directly then): link them, so records carried from now on reach the L2.
  const linkIdentitySyncs = async () => {
    if (home.deployments.identitySync && remote.deployments.identitySync) return;
    const linked = await linkIdentitySync({ ...homeSide, deployments: home.deployments }, { ...remoteSide, deployments: remote.deployments });
    home.deployments.identitySync = linked.home;
    remote.deployments.identitySync = linked.other;
    writeDeployments(opts.deploymentsDir, home.deployments);
    writeDeployments(opts.deploymentsDir, remote.deployments);
  };
  if (remote.deployments.demoAsset) {
    if (!(await peered())) {
      throw new Error(
        `chains ${opts.home.chainId} and ${opts.remote.chainId} are not each other's peers (one was reset, the other kept): stop, delete the data folder (.tessera/ or TESSERA_DATA_DIR) and the deployments folder, and start again`,
      );
    }
    await linkIdentitySyncs();
    return { home, remote };
  }
  if (!(await peered())) await peerGateways({ ...homeSide, messaging: hm }, { ...remoteSide, messaging: rm });
  await linkIdentitySyncs();
  const demo = home.deployments.demoAsset;
  if (demo) {
    const { remoteToken } = await enableAssetOnChain({
      home: { ...homeSide, deployments: home.deployments },
      remote: { ...remoteSide, deployments: remote.deployments },
      token: demo.token,
      remoteRules: { allowedCountries: [...DEMO_ASSET.allowedCountries], maxBalance: DEMO_ASSET.maxBalance },
    });
    const relayerWallet = (await devClients(opts.remote.rpcUrl, RELAYER_DEV_ACCOUNT_INDEX + 1)).wallets[RELAYER_DEV_ACCOUNT_INDEX];
    for (const w of h.wallets.slice(2, 5)) {
      const wallet = w.account.address;
      const identity = await h.publicClient.readContract({ address: home.deployments.identityRegistry, abi: identityRegistryAbi, functionName: "identity", args: [wallet] });
      if (/^0x0{40}$/i.test(String(identity))) continue;
      const sent = await syncInvestor(h.wallets[1], h.publicClient, { identitySync: home.deployments.identitySync!, wallet, chainId: opts.remote.chainId });
      await relayDispatched(sent.receipt, { publicClient: r.publicClient, walletClient: relayerWallet, mailbox: rm.mailbox });
    }
    const compliance = (await r.publicClient.readContract({ address: remoteToken, abi: tokenAbi, functionName: "compliance" })) as Address;
    remote.deployments.demoAsset = { token: remoteToken, compliance };
    writeDeployments(opts.deploymentsDir, remote.deployments);
  }
  return { home, remote };
}

/**
 * Delivers every Mailbox message a transaction dispatched (its `Dispatch` logs) on the destination chain, as the
 * local relayer does: `Mailbox.process("0x", message)` from the trusted relayer account (simulated first), skipping
 * a message already delivered. Used by {@link ensureTwoChains} before the relayer runs.
 * @returns The delivered messages' ids (keccak256 of each message).
 * @throws Error when a delivery reverts (the destination refused it: e.g. its IdentitySync is not a registry agent)
 */
export async function relayDispatched(
  receipt: TransactionReceipt,
  dest: { publicClient: PublicClient; walletClient: WalletClient; mailbox: Address },
): Promise<Hex[]> {
  const ids: Hex[] = [];
  for (const log of parseEventLogs({ abi: hyperlaneMailboxAbi, eventName: "Dispatch", logs: receipt.logs })) {
    const message = (log.args as { message: Hex }).message;
    const id = keccak256(message);
    const call = { address: dest.mailbox, abi: hyperlaneMailboxAbi } as const;
    if (await dest.publicClient.readContract({ ...call, functionName: "delivered", args: [id] })) continue;
    const { request } = await dest.publicClient.simulateContract({ ...call, functionName: "process", args: ["0x", message], account: dest.walletClient.account! });
    const hash = await dest.walletClient.writeContract(request);
    const r = await dest.publicClient.waitForTransactionReceipt({ hash });
    if (r.status !== "success") throw new Error(`Mailbox.process of message ${id} reverted`);
    ids.push(id);
  }
  return ids;
}
