/** The SDK actions the browser uses (one import point for @tessera/sdk). */
export {
  deployAsset,
  registerInvestor,
  deployIdentity,
  identityForWallet,
  mint,
  transfer,
  precheckTransfer,
  explainError,
  pause,
  unpause,
  setAddressFrozen,
  freezePartialTokens,
  unfreezePartialTokens,
  burn,
  forcedTransfer,
  recoverWallet,
} from "@tessera/sdk";
/** ONCHAINID onboarding (identity, KYC claim with expiry, registration) from @tessera/sdk/identity. */
export { onboardInvestor } from "@tessera/sdk/identity";
