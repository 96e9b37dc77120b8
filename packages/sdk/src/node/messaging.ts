/**
 * Cross-chain messaging on local chains: Hyperlane's own contracts (Mailbox, MerkleTreeHook, TrustedRelayerIsm from
 * @hyperlane-xyz/core, unchanged) and Tessera's ERC-7786 HyperlaneGateway over the Mailbox; and the peering of two
 * chains' gateways. See ARCHITECTURE.md "Cross-chain".
 */
import type { Address, PublicClient, WalletClient } from "viem";
import {
  hyperlaneGatewayAbi,
  hyperlaneGatewayBytecode,
  hyperlaneMailboxAbi,
  hyperlaneMailboxBytecode,
  merkleTreeHookAbi,
  merkleTreeHookBytecode,
  protocolFeeHookAbi,
  protocolFeeHookBytecode,
  trustedRelayerIsmAbi,
  trustedRelayerIsmBytecode,
  type Deployments,
} from "@tessera/contracts";
import { accountOf, deployContract, simulateAndWrite } from "../send";

/** A chain's messaging contracts (the deployments file's `messaging`). */
export type Messaging = NonNullable<Deployments["messaging"]>;

/**
 * Deploys Hyperlane's Mailbox on Hyperlane domain `domain` (by convention the chain id), its MerkleTreeHook (the
 * required hook), Hyperlane's ProtocolFee hook as the default hook (fee 0 on local chains: `quoteSendMessage` answers 0;
 * production adds the interchain gas paymaster), a TrustedRelayerIsm trusting `relayer` (the local relayer's
 * account: the Mailbox accepts a message only when that account processes it), and Tessera's HyperlaneGateway naming
 * that ISM. The wallet owns the Mailbox and the gateway.
 * @param opts.domain Hyperlane domain of this chain (uint32; default the chain id).
 * @param opts.relayer The account the relayer sends `Mailbox.process` from.
 * @returns The addresses (the deployments file's `messaging`).
 * @throws TesseraError when a deployment or call fails (in words)
 */
export async function deployMessaging(opts: {
  walletClient: WalletClient;
  publicClient: PublicClient;
  relayer: Address;
  domain?: number;
}): Promise<Messaging> {
  const { walletClient, publicClient } = opts;
  const owner = accountOf(walletClient).address;
  const domain = opts.domain ?? (await publicClient.getChainId());
  const mailbox = (
    await deployContract(walletClient, publicClient, {
      abi: hyperlaneMailboxAbi,
      bytecode: hyperlaneMailboxBytecode,
      args: [domain],
      label: "Hyperlane Mailbox",
    })
  ).address;
  const merkleTreeHook = (
    await deployContract(walletClient, publicClient, {
      abi: merkleTreeHookAbi,
      bytecode: merkleTreeHookBytecode,
      args: [mailbox],
      label: "Hyperlane MerkleTreeHook",
    })
  ).address;
  const defaultHook = (
    await deployContract(walletClient, publicClient, {
      abi: protocolFeeHookAbi,
      bytecode: protocolFeeHookBytecode,
      // max fee, fee (wei per message), beneficiary, owner
      args: [10n ** 18n, 0n, owner, owner],
      label: "Hyperlane ProtocolFee hook",
    })
  ).address;
  const ism = (
    await deployContract(walletClient, publicClient, {
      abi: trustedRelayerIsmAbi,
      bytecode: trustedRelayerIsmBytecode,
      args: [mailbox, opts.relayer],
      label: "Hyperlane TrustedRelayerIsm",
    })
  ).address;
  await simulateAndWrite(
    walletClient,
    publicClient,
    { address: mailbox, abi: hyperlaneMailboxAbi, functionName: "initialize", args: [owner, ism, defaultHook, merkleTreeHook] },
    { label: "Mailbox.initialize" },
  );
  const gateway = (
    await deployContract(walletClient, publicClient, {
      abi: hyperlaneGatewayAbi,
      bytecode: hyperlaneGatewayBytecode,
      args: [mailbox, ism, owner],
      label: "HyperlaneGateway",
    })
  ).address;
  return { domain, mailbox, merkleTreeHook, defaultHook, ism, relayer: opts.relayer, gateway };
}

/** One side of {@link peerGateways}: a chain's clients (the wallet owns its gateway) and its messaging. */
export type MessagingChain = { walletClient: WalletClient; publicClient: PublicClient; chainId: number; messaging: Messaging };

/**
 * Registers each chain's gateway as the other's peer (`HyperlaneGateway.setPeer`), so messages flow both ways.
 * @throws TesseraError when a call fails (e.g. the wallet does not own a gateway)
 */
export async function peerGateways(a: MessagingChain, b: MessagingChain): Promise<void> {
  for (const [self, other] of [
    [a, b],
    [b, a],
  ] as const) {
    await simulateAndWrite(
      self.walletClient,
      self.publicClient,
      {
        address: self.messaging.gateway,
        abi: hyperlaneGatewayAbi,
        functionName: "setPeer",
        args: [BigInt(other.chainId), other.messaging.domain, other.messaging.gateway],
      },
      { label: "HyperlaneGateway.setPeer" },
    );
  }
}
