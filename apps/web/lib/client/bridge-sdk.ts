/**
 * The SDK's cross-chain transfer actions the browser uses (packages/sdk/src/actions/bridge.ts, branch h-sdkbridge):
 * `checkCrosschainTransfer`, `crosschainTransfer`, `crosschainTransferStatus`, `crosschainRefusalMessage`.
 *
 * MERGE NOTE: written against the names and shapes of h-sdkbridge before it landed. Once @tessera/sdk exports them,
 * replace the lookups below by `export { … } from "@tessera/sdk"` (the types here mirror the SDK's `BridgeChain`,
 * `CrosschainTransferCheck`, `CrosschainTransferStatus`). Until then each call says in words that the SDK lacks it.
 */
import { RestrictionCode } from "@tessera/contracts";
import * as sdk from "@tessera/sdk";
import type { Address, Hash, Hex, PublicClient, TransactionReceipt, WalletClient } from "viem";

/** One chain of a cross-chain transfer, as the SDK reads it (the SDK's `BridgeChain`). */
export interface BridgeChain {
  publicClient: PublicClient;
  chainId: number;
  /** The asset's AssetBridge on that chain. */
  bridge: Address;
  /** The asset's token there (read from the bridge when omitted). */
  token?: Address;
  /** How messages name the chain ("L2"). */
  name?: string;
  /** First block of event scans (the bridge's deployment block). */
  fromBlock?: bigint;
}

/** What the pre-check found allowed (the SDK's `CrosschainTransferCheck`). Amounts in token base units, fee in wei. */
export interface CrosschainTransferCheck {
  from: Address;
  to: Address;
  amount: bigint;
  receiver: Hex;
  identity: Address;
  gateway: Address;
  fee: bigint;
}

/** A transfer's state read from both chains (the SDK's `CrosschainTransferStatus`, the chain-only view). */
export interface ChainTransferStatus {
  status: "sent" | "delivered" | "refused" | "returned";
  text: string;
  sendId: Hex;
  from: Address;
  to: Address;
  amount: bigint;
  refused?: { code: number; reason: string; returnId: Hex };
}

type Sdk = {
  checkCrosschainTransfer?: (source: BridgeChain, destination: BridgeChain, params: { from: Address; to?: Address; amount: bigint }) => Promise<CrosschainTransferCheck>;
  crosschainTransfer?: (
    walletClient: WalletClient,
    source: BridgeChain,
    destination: BridgeChain,
    params: { to?: Address; amount: bigint },
  ) => Promise<{ hash: Hash; receipt: TransactionReceipt; sendId: Hex; fee: bigint }>;
  crosschainTransferStatus?: (source: BridgeChain, destination: BridgeChain, sendId: Hex) => Promise<ChainTransferStatus>;
  crosschainRefusalMessage?: (code: number, chain: string) => string;
};

const bridgeSdk = sdk as unknown as Sdk;

function missing(name: string): Error {
  return new Error(`This build's SDK has no ${name} yet (cross-chain transfers arrive with the SDK's bridge actions).`);
}

/**
 * Pre-check of a cross-chain transfer, before anything is signed (SDK `checkCrosschainTransfer`): refuses in words
 * (e.g. "the receiver is not verified on L2") by throwing the SDK's TesseraError.
 * @param params.amount Token base units; `to` the receiver on the destination (default `from`).
 */
export function checkCrosschainTransfer(source: BridgeChain, destination: BridgeChain, params: { from: Address; to?: Address; amount: bigint }) {
  if (!bridgeSdk.checkCrosschainTransfer) return Promise.reject(missing("checkCrosschainTransfer"));
  return bridgeSdk.checkCrosschainTransfer(source, destination, params);
}

/** Sends a cross-chain transfer from the wallet on `source` (SDK `crosschainTransfer`); `sendId` is the message id. */
export function crosschainTransfer(walletClient: WalletClient, source: BridgeChain, destination: BridgeChain, params: { to?: Address; amount: bigint }) {
  if (!bridgeSdk.crosschainTransfer) return Promise.reject(missing("crosschainTransfer"));
  return bridgeSdk.crosschainTransfer(walletClient, source, destination, params);
}

/** Where transfer `sendId` is, read from both chains (SDK `crosschainTransferStatus`): the fallback without the index. */
export function crosschainTransferStatus(source: BridgeChain, destination: BridgeChain, sendId: Hex) {
  if (!bridgeSdk.crosschainTransferStatus) return Promise.reject(missing("crosschainTransferStatus"));
  return bridgeSdk.crosschainTransferStatus(source, destination, sendId);
}

/** True once the SDK has the cross-chain transfer actions (h-sdkbridge merged). */
export const crosschainSdkAvailable = (): boolean => typeof bridgeSdk.crosschainTransfer === "function";

/**
 * Why `chain` refused a delivery, in words, for restriction code `code` (SDK `crosschainRefusalMessage`; until it is
 * there, the same texts: the receiver not verified or frozen there, AssetBridge's IDENTITY_MISMATCH (120), else the
 * shared restriction text).
 */
export function crosschainRefusalMessage(code: number, chain: string): string {
  if (bridgeSdk.crosschainRefusalMessage) return bridgeSdk.crosschainRefusalMessage(code, chain);
  if (code === RestrictionCode.RECIPIENT_NOT_VERIFIED) return `the receiver is not verified on ${chain}`;
  if (code === RestrictionCode.RECIPIENT_FROZEN) return `the receiver's wallet is frozen on ${chain}`;
  if (code === 120) return `the receiver is not a wallet of the sender's identity on ${chain}`;
  return `${chain}'s rules refuse the arrival: ${sdk.restrictionMessage(code)}`;
}
