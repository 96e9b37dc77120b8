/**
 * The SDK's cross-chain transfer actions the browser uses (one import point, as lib/client/sdk.ts for the others):
 * the pre-check in words, the transfer, its chain-only status, and a refusal's reason in words.
 */
export {
  checkCrosschainTransfer,
  crosschainRefusalMessage,
  crosschainTransfer,
  crosschainTransferStatus,
  formatEvmChainInteropAddress,
  type BridgeChain,
  type CrosschainTransferCheck,
  type CrosschainTransferStatus,
} from "@tessera/sdk";
