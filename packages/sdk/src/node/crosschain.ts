/**
 * An asset enabled on a second chain, for `npm start`'s demo and tests: the same asset deployed there through the
 * platform's TokenFactory, an AssetBridge on each chain, linked both ways through the chains' gateways.
 */
import type { Abi, Address, PublicClient, WalletClient } from "viem";
import { tokenAbi, type Deployments } from "@tessera/contracts";
import { deployAsset, type AssetParams } from "../actions/asset";
import { deployAssetBridge, linkAssetBridge } from "../actions/bridge";
import { TesseraError } from "../errors";

/** One chain of {@link enableAssetOnChain}: the issuer's clients there and the chain's deployments. */
export type IssuerChain = { walletClient: WalletClient; publicClient: PublicClient; chainId: number; deployments: Deployments };

/**
 * Enables an asset on another chain: deploys the same asset there (name, symbol, decimals, asset class of the home
 * token; the rules in `remoteRules`, e.g. its holder quota), an AssetBridge on each chain (the home chain's only when
 * the token has none yet) and links them both ways. The issuer's wallet on each chain must own the token there.
 * @param remoteRules The remote asset's factory rules (allowed countries, max holders quota, max balance in token base
 *   units); default none.
 * @returns The remote token and both bridges.
 * @throws TesseraError NoMessaging when either chain's deployments have no `messaging`; a deployment's or call's error
 */
export async function enableAssetOnChain(opts: {
  home: IssuerChain;
  remote: IssuerChain;
  token: Address;
  remoteRules?: Pick<AssetParams, "allowedCountries" | "maxHolders" | "maxBalance">;
}): Promise<{ remoteToken: Address; homeBridge: Address; remoteBridge: Address }> {
  const { home, remote, token } = opts;
  if (!home.deployments.messaging || !remote.deployments.messaging) {
    throw new TesseraError({ message: "cross-chain messaging is not deployed on both chains", errorName: "NoMessaging" });
  }
  const read = (functionName: string) =>
    home.publicClient.readContract({ address: token, abi: tokenAbi as Abi, functionName }) as Promise<unknown>;
  const [name, symbol, decimals, assetClass, bridge] = (await Promise.all(
    ["name", "symbol", "decimals", "assetClass", "bridge"].map(read),
  )) as [string, string, number, number, Address];
  const { token: remoteToken } = await deployAsset(remote.walletClient, remote.publicClient, remote.deployments, {
    name,
    symbol,
    decimals,
    assetClass,
    ...opts.remoteRules,
  });
  const homeBridge = /^0x0{40}$/i.test(bridge)
    ? (await deployAssetBridge(home.walletClient, home.publicClient, { token })).bridge
    : bridge;
  const { bridge: remoteBridge } = await deployAssetBridge(remote.walletClient, remote.publicClient, { token: remoteToken });
  await linkAssetBridge(home.walletClient, home.publicClient, {
    bridge: homeBridge,
    gateway: home.deployments.messaging.gateway,
    counterpartChainId: remote.chainId,
    counterpartBridge: remoteBridge,
  });
  await linkAssetBridge(remote.walletClient, remote.publicClient, {
    bridge: remoteBridge,
    gateway: remote.deployments.messaging.gateway,
    counterpartChainId: home.chainId,
    counterpartBridge: homeBridge,
  });
  return { remoteToken, homeBridge, remoteBridge };
}
