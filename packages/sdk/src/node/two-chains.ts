/**
 * `npm start`'s two chains: the home chain (L1) with the platform and the demo, and a second chain (L2) with the
 * platform, messaging peered with the L1's, the demo investors registered there with the same identities, and the
 * demo asset enabled there (enableAssetOnChain).
 */
import type { Address } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { type Deployments, hyperlaneGatewayAbi, identityRegistryAbi, tokenAbi } from "@tessera/contracts";
import { registerInvestor } from "../actions/registry";
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
 * has no demo asset yet: peers the gateways, enables the L1's demo asset (TDF) on the L2 (same countries and maximum
 * balance; no issuance there: tokens arrive from the home chain), and registers the L1's demo investors (accounts 2,
 * 3, 4) in the L2's registry with the SAME identity addresses, countries and KYC expiries (registry agent account 1;
 * until cross-chain identity sync carries registry records). The L2's deployments file gets `demoAsset` = the L2 token.
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
  if (remote.deployments.demoAsset) {
    if (!(await peered())) {
      throw new Error(
        `chains ${opts.home.chainId} and ${opts.remote.chainId} are not each other's peers (one was reset, the other kept): stop, delete the data folder (.tessera/ or TESSERA_DATA_DIR) and the deployments folder, and start again`,
      );
    }
    return { home, remote };
  }
  const homeSide = { walletClient: h.wallets[0], publicClient: h.publicClient, chainId: opts.home.chainId };
  const remoteSide = { walletClient: r.wallets[0], publicClient: r.publicClient, chainId: opts.remote.chainId };
  if (!(await peered())) await peerGateways({ ...homeSide, messaging: hm }, { ...remoteSide, messaging: rm });
  const demo = home.deployments.demoAsset;
  if (demo) {
    const { remoteToken } = await enableAssetOnChain({
      home: { ...homeSide, deployments: home.deployments },
      remote: { ...remoteSide, deployments: remote.deployments },
      token: demo.token,
      remoteRules: { allowedCountries: [...DEMO_ASSET.allowedCountries], maxBalance: DEMO_ASSET.maxBalance },
    });
    const read = (functionName: "identity" | "investorCountry" | "kycExpiry", wallet: Address) =>
      h.publicClient.readContract({ address: home.deployments.identityRegistry, abi: identityRegistryAbi, functionName, args: [wallet] });
    for (const w of h.wallets.slice(2, 5)) {
      const wallet = w.account.address;
      const [identity, country, kycExpiresAt] = await Promise.all([read("identity", wallet), read("investorCountry", wallet), read("kycExpiry", wallet)]);
      if (/^0x0{40}$/i.test(String(identity))) continue;
      await registerInvestor(r.wallets[1], r.publicClient, remote.deployments, {
        wallet,
        country: Number(country),
        kycExpiresAt: BigInt(kycExpiresAt as bigint),
        identity: identity as Address,
      });
    }
    const compliance = (await r.publicClient.readContract({ address: remoteToken, abi: tokenAbi, functionName: "compliance" })) as Address;
    remote.deployments.demoAsset = { token: remoteToken, compliance };
    writeDeployments(opts.deploymentsDir, remote.deployments);
  }
  return { home, remote };
}
