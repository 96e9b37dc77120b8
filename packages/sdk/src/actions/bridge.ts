/**
 * An asset on several chains: its AssetBridge on each chain (ERC-7802 mint and burn over an ERC-7786 gateway) and the
 * links between them. Browser-safe. See ARCHITECTURE.md "Cross-chain".
 */
import type { Abi, Address, PublicClient, WalletClient } from "viem";
import { assetBridgeAbi, assetBridgeBytecode, tokenAbi } from "@tessera/contracts";
import { formatEvmInteropAddress } from "../interop-address";
import { deployContract, simulateAndWrite, type WriteResult } from "../send";

/**
 * Deploys the asset's AssetBridge on this chain and makes it the token's bridge (`Token.setBridge`), as the issuer.
 * @param params.token The asset's token on this chain; the wallet must be its owner (or hold role ISSUER).
 * @returns The bridge address and the `setBridge` transaction.
 * @throws TesseraError (e.g. the wallet may not set the bridge)
 */
export async function deployAssetBridge(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { token: Address },
): Promise<WriteResult & { bridge: Address }> {
  const { address: bridge } = await deployContract(walletClient, publicClient, {
    abi: assetBridgeAbi as Abi,
    bytecode: assetBridgeBytecode,
    args: [params.token],
    label: "AssetBridge",
  });
  const r = await simulateAndWrite(
    walletClient,
    publicClient,
    { address: params.token, abi: tokenAbi as Abi, functionName: "setBridge", args: [bridge] },
    { label: "setBridge" },
  );
  return { ...r, bridge };
}

/**
 * Links a bridge to its counterpart on another chain (`AssetBridge.setLink`), as the issuer: messages to and from
 * that chain go through `gateway` (this chain's ERC-7786 gateway).
 * @param params.counterpartChainId The other chain's id; `counterpartBridge` the asset's bridge there.
 * @throws TesseraError (CallerNotIssuer; a gateway that is not ERC-7786)
 */
export async function linkAssetBridge(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { bridge: Address; gateway: Address; counterpartChainId: number; counterpartBridge: Address },
): Promise<WriteResult> {
  return simulateAndWrite(
    walletClient,
    publicClient,
    {
      address: params.bridge,
      abi: assetBridgeAbi as Abi,
      functionName: "setLink",
      args: [params.gateway, formatEvmInteropAddress(params.counterpartChainId, params.counterpartBridge)],
    },
    { label: "setLink" },
  );
}
