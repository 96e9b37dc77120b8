/**
 * @tessera/sdk: typed viem actions for Tessera (browser-safe; no Node APIs).
 *
 * Every write simulates first (so a refused transfer never costs gas), then writes, then waits for the receipt
 * (send.ts, the one send path). Reverts become a {@link TesseraError} whose message comes from one table (error name
 * -> user text, errors.ts) and, for transfer restrictions, from the shared restriction-code table. Inputs are checked
 * by zod through one helper (schemas.ts `parseInput`). This file only re-exports:
 * - errors.ts: TesseraError, toTesseraError, explainError, restrictionMessage
 * - schemas.ts: shared zod schemas, deploymentsSchema and parseDeployments (the deployments file, browser-safe)
 * - format.ts: parseAmount, formatAmount, assetClassName
 * - send.ts: simulateAndWrite (also for the apps' own writes)
 * - actions/: asset deployment, token moves and pre-check, agent operations, identity registry; the money leg:
 *   vault.ts (ERC-7540 subscriptions, redemptions, NAV), dvp.ts (delivery versus payment), distributor.ts (record-date
 *   distributions), bond.ts (bond terms and maturity); payment.ts is their payment-token checks and approvals
 */
export {
  AssetClass,
  AssetClassText,
  RestrictionCode,
  type AssetClassName,
  type AssetClassValue,
  type Deployments,
  type RestrictionCodeName,
} from "@tessera/contracts";

export { DVP_CODE_TEXT, TesseraError, dvpCodeMessage, explainError, refusal, restrictionMessage, toTesseraError } from "./errors";
export {
  addressSchema,
  amountSchema,
  assetClassSchema,
  countrySchema,
  decimalsSchema,
  deploymentsSchema,
  parseDeployments,
  unixSecondsSchema,
} from "./schemas";
export { assetClassName, formatAmount, parseAmount } from "./format";
export { simulateAndWrite, type TesseraWalletClient, type WriteResult } from "./send";

export { assetParamsSchema, deployAsset, type AssetParams } from "./actions/asset";
export {
  mint,
  precheckSchema,
  precheckTransfer,
  tokenMoveSchema,
  transfer,
  type PrecheckParams,
  type PrecheckResult,
  type TokenMoveParams,
} from "./actions/token";
export {
  burn,
  forcedTransfer,
  forcedTransferSchema,
  freezePartialTokens,
  pause,
  recoverWallet,
  recoverWalletSchema,
  setAddressFrozen,
  setFrozenSchema,
  tokenOnlySchema,
  unfreezePartialTokens,
  unpause,
  walletAmountSchema,
  type ForcedTransferParams,
  type RecoverWalletParams,
  type SetFrozenParams,
  type TokenOnlyParams,
  type WalletAmountParams,
} from "./actions/agent";
export {
  deployIdentity,
  identityForWallet,
  identityOf,
  identitySalt,
  registerInvestor,
  registerInvestorSchema,
  type IdentityFactoryOptions,
  type RegisterInvestorParams,
} from "./actions/registry";
export { syncInvestor, syncInvestorSchema, type SentRecord, type SyncInvestorParams } from "./actions/identity-sync";
export {
  approveNav,
  approveNavSchema,
  cancelDepositRequest,
  cancelRedeemRequest,
  cancelRequestSchema,
  claimCancelDepositRequest,
  claimCancelRedeemRequest,
  claimCancelSchema,
  claimDeposit,
  claimDepositSchema,
  claimRedeem,
  claimRedeemSchema,
  deployVault,
  deployVaultSchema,
  fulfillDeposits,
  fulfillRedeems,
  fulfillSchema,
  getNav,
  getNavHistory,
  getVault,
  getVaultPosition,
  requestDeposit,
  requestDepositSchema,
  requestRedeem,
  requestRedeemSchema,
  setUpVault,
  setUpVaultSchema,
  updateNav,
  updateNavSchema,
  type ApproveNavParams,
  type CancelRequestParams,
  type ClaimCancelParams,
  type ClaimDepositParams,
  type ClaimRedeemParams,
  type DealingTerms,
  type DeployVaultParams,
  type FulfillParams,
  type FulfillResult,
  type NavState,
  type RequestDepositParams,
  type RequestRedeemParams,
  type SetUpVaultParams,
  type UpdateNavParams,
  type VaultInfo,
  type VaultPosition,
} from "./actions/vault";
export {
  cancelOffer,
  checkOffer,
  checkTake,
  createOffer,
  createOfferSchema,
  getOffer,
  getOfferCount,
  OFFER_STATUS,
  releaseExpired,
  takeOffer,
  takeOfferSchema,
  type CreateOfferParams,
  type DvPCheck,
  type Offer,
  type OfferStatus,
  type TakeOfferParams,
} from "./actions/dvp";
export {
  claim,
  claimSchema,
  createDistribution,
  createDistributionSchema,
  getDistribution,
  getDistributionCount,
  getRemaining,
  isClaimed,
  pushBatch,
  pushBatchSchema,
  reclaim,
  setDistributionPaused,
  type ClaimParams,
  type CreateDistributionParams,
  type DistributionInfo,
  type PushBatchParams,
} from "./actions/distributor";
export {
  bondTermsSchema,
  COUPON_RATE_SCALE,
  fundRedemption,
  fundRedemptionSchema,
  getBond,
  getRedeemableBalance,
  getRedemptionPayment,
  reclaimExcess,
  reclaimExcessSchema,
  redeemAtMaturity,
  redeemAtMaturityFor,
  redeemAtMaturityForSchema,
  redeemAtMaturitySchema,
  setBondTerms,
  setBondTermsSchema,
  setUpBond,
  setUpBondSchema,
  type BondState,
  type BondTermsInput,
  type FundRedemptionParams,
  type ReclaimExcessParams,
  type RedeemAtMaturityForParams,
  type RedeemAtMaturityParams,
  type SetBondTermsParams,
  type SetUpBondParams,
} from "./actions/bond";
export { formatEvmInteropAddress, parseEvmInteropAddress } from "./interop-address";
export {
  checkCrosschainTransfer,
  checkCrosschainTransferSchema,
  crosschainRefusalMessage,
  crosschainTransfer,
  crosschainTransferSchema,
  crosschainTransferStatus,
  deployAssetBridge,
  formatEvmChainInteropAddress,
  IDENTITY_MISMATCH,
  linkAssetBridge,
  type BridgeChain,
  type ChainEventRef,
  type CheckCrosschainTransferParams,
  type CrosschainTransferCheck,
  type CrosschainTransferParams,
  type CrosschainTransferStatus,
} from "./actions/bridge";
