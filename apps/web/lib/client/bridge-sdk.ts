/**
 * The SDK's cross-chain transfer actions the browser uses (one import point, as lib/client/sdk.ts for the others):
 * the pre-check in words, the transfer, its chain-only status, a refusal's reason in words, and the issuer's enabling
 * of the asset on another chain (plan, step, the limits it splits).
 */
export {
  checkCrosschainTransfer,
  crosschainRefusalMessage,
  crosschainTransfer,
  crosschainTransferStatus,
  formatEvmChainInteropAddress,
  planEnableAssetOnChain,
  readAssetLimits,
  runEnableStep,
  type BridgeChain,
  type EnableChain,
  type EnablePlan,
  type EnableRules,
  type CrosschainTransferCheck,
  type CrosschainTransferStatus,
} from "@tessera/sdk";
