/** The SDK actions the browser uses (one import point for @tessera/sdk). */
export { deployAsset, registerInvestor, mint, transfer, precheckTransfer, explainError } from "@tessera/sdk";
