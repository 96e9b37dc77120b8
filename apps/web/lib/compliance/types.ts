/** JSON shapes of the compliance console's API (allowlist import and investor detail, freezes, approvals). */

/** Why a CSV row of the allowlist import is skipped. */
export type ImportSkipReason = "missing-columns" | "bad-address" | "unknown-country" | "bad-expiry" | "duplicate" | "already-registered";

/** One data row of an allowlist import, as the server read and validated it. */
export interface ImportPreviewRow {
  /** 1-based line number in the file (the header, if any, is line 1). */
  line: number;
  /** The wallet as written in the file. */
  walletInput: string;
  /** Lower-case wallet, when the address is valid. */
  wallet: `0x${string}` | null;
  /** The country as written in the file (ISO-3166 numeric or alpha-2). */
  countryInput: string;
  /** ISO-3166 numeric code, when known. */
  country: number | null;
  /** KYC expiry in unix seconds (end of the given day, UTC), or null when the row has none. */
  kycExpiresAt: string | null;
  status: "valid" | "skipped";
  reason: ImportSkipReason | null;
  /** The reason in words (e.g. "duplicate of line 3"). */
  message: string | null;
}

/** POST /api/investors/import/preview. */
export interface ImportPreviewResponse {
  rows: ImportPreviewRow[];
  valid: number;
  skipped: number;
}

/** A claim on an investor's ONCHAINID identity, read from the chain. */
export interface ClaimDto {
  /** The claim id, keccak256(abi.encode(issuer, topic)). */
  id: `0x${string}`;
  /** Claim topic (uint256, decimal string). */
  topic: string;
  issuer: `0x${string}`;
  /** The identity registry trusts this issuer for this topic. */
  trustedIssuer: boolean;
  /** Unix seconds from the claim data `abi.encode(uint256 chainId, uint64 expiresAt)`; null when the data has another shape. */
  expiresAt: string | null;
  /** The chain id the claim is bound to (from its data), or null. */
  chainId: number | null;
}

/** GET /api/investors/[wallet]: the registry record now (chain), the identity's other wallets (index) and claims. */
export interface InvestorDetailResponse {
  wallet: `0x${string}`;
  registered: boolean;
  identity: `0x${string}` | null;
  /** ISO-3166 numeric, 0 when not registered. */
  country: number;
  /** Unix seconds, "0" when none. */
  kycExpiresAt: string;
  verified: boolean;
  /** Other wallets registered with the same identity (from the index). */
  otherWallets: `0x${string}`[];
  /** The registry's required claim topics. */
  requiredTopics: string[];
  claims: ClaimDto[];
}

/** A wallet with a freeze on one asset (whole wallet and/or a partial amount), from the index. */
export interface FreezeDto {
  token: `0x${string}`;
  symbol: string;
  decimals: number;
  wallet: `0x${string}`;
  /** Token base units. */
  balance: string;
  /** The whole wallet is frozen (ERC-3643 setAddressFrozen). */
  frozen: boolean;
  /** Token base units frozen by a partial freeze (freezePartialTokens); may exceed nothing but the balance. */
  frozenAmount: string;
  /** Block of the last change of this holding. */
  updatedBlock: string;
}

/** GET /api/freezes. */
export interface FreezeListResponse {
  freezes: FreezeDto[];
  page: number;
  pageSize: number;
  total: number;
}

/** A transfer under the ManualApprovalModule (maker-checker) and its counters (ManualApprovalModule.getTransferStatus). */
export interface ApprovalRequestDto {
  token: `0x${string}`;
  symbol: string;
  decimals: number;
  compliance: `0x${string}`;
  /** The sender who requested the transfer (the maker). */
  from: `0x${string}`;
  to: `0x${string}`;
  /** Token base units. */
  amount: string;
  /** Requests still waiting for a decision. */
  requested: number;
  /** Approvals not used by a transfer yet. */
  approved: number;
  /** Block and transaction of the latest request. */
  requestedBlock: string;
  requestedTxHash: `0x${string}`;
}

/** GET /api/approvals. */
export interface ApprovalListResponse {
  /** Assets whose compliance uses the ManualApprovalModule (that the reader may see). */
  assets: { token: `0x${string}`; symbol: string; compliance: `0x${string}`; approver: boolean }[];
  /** Transfers with a pending request or an unused approval, newest request first. */
  requests: ApprovalRequestDto[];
}

/** POST /api/approvals/check and POST /api/approvals. */
export interface ApprovalDecisionResponse {
  ok: true;
  entry?: import("../shared/api-types").AuditEntryDto;
}
