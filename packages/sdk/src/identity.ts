/**
 * @tessera/sdk/identity: ONCHAINID onboarding (ERC-734 keys, ERC-735 claims) for an approved investor: create or link
 * the investor's identity, issue the KYC claim signed by a trusted claim issuer, register the wallet with its country
 * in the identity registry; add a second wallet to the same identity; re-issue (refresh) or revoke the claim; renew the
 * KYC of many investors.
 *
 * Claim format (what `IdentityRegistry.refreshVerification` accepts, ARCHITECTURE.md "IdentityRegistry"):
 * - claim id on the identity: `keccak256(abi.encode(issuer, topic))` (ONCHAINID's own id);
 * - `data = abi.encode(uint256 chainId, uint64 expiresAt)` (64 bytes; expiry in unix seconds), bound to this chain;
 * - `signature` = EIP-191 personal signature of `keccak256(abi.encode(identity, topic, data))` by a key with the
 *   CLAIM purpose (3) on the ClaimIssuer contract (ONCHAINID `ClaimIssuer.isClaimValid`), scheme 1 (ECDSA).
 *
 * Browser-safe (no Node APIs). Same conventions as the main entry: the one send path (simulate, then write, wait for
 * the receipt); every failure becomes a {@link TesseraError} with user text; inputs are checked with zod before any
 * transaction, and the preconditions (registry agent, wallet not yet registered, issuer trusted) are read first, so a
 * refusal writes nothing. This file only re-exports; the code lives under identity/.
 */
export { claimDigest, claimIdOf, decodeClaimExpiry, encodeKycClaimData, KeyPurpose, KYC_CLAIM_TOPIC, keyOf } from "./identity/keys";
export type { IdentityStep, OnStep } from "./identity/steps";
export { deployClaimIssuer, trustClaimIssuer } from "./identity/claim-issuer";
export {
  addClaim,
  hasValidClaim,
  refreshKycClaim,
  refreshKycClaimSchema,
  revokeKycClaim,
  revokeKycClaimSchema,
  signKycClaim,
  type RefreshKycClaimParams,
  type RevokeKycClaimParams,
  type SignedClaim,
} from "./identity/claims";
export {
  addInvestorWallet,
  addInvestorWalletSchema,
  onboardInvestor,
  onboardInvestorSchema,
  type AddInvestorWalletParams,
  type OnboardInvestorParams,
  type OnboardResult,
} from "./identity/onboarding";
export {
  KYC_RENEWAL_MAX_WALLETS,
  planKycRenewal,
  renewKyc,
  renewKycSchema,
  type KycRenewalMethod,
  type KycRenewalPlan,
  type KycRenewed,
  type RenewKycParams,
} from "./identity/kyc-renewal";
