/**
 * JSON shapes of the web API (shared by route handlers and the browser).
 * Amounts are decimal strings of token base units; block numbers are decimal strings; addresses are lower-case hex.
 */

/** Compliance rules of an asset; "0" / empty list = rule off. */
export interface AssetRules {
  /** ISO-3166 numeric codes; empty = any country. */
  allowedCountries: number[];
  maxHolders: string;
  /** Token base units per investor. */
  maxBalance: string;
}

/** An ERC-20's address (lower-case), symbol and decimals: a payment token as the money-leg APIs describe it. */
export interface Erc20Dto {
  address: string;
  symbol: string;
  decimals: number;
}

export interface AssetDto {
  chainId: number;
  /** The asset's ERC-3643 token: its key everywhere (ARCHITECTURE.md, Glossary). */
  token: `0x${string}`;
  issuer: `0x${string}`;
  compliance: `0x${string}`;
  identityRegistry: `0x${string}`;
  name: string;
  symbol: string;
  decimals: number;
  assetClass: number;
  assetClassName: string;
  totalSupply: string;
  holderCount: number;
  paused: boolean;
  deployedBlock: string;
  deployedTxHash: `0x${string}`;
  deployedAt: string;
  rules: AssetRules;
  /** A bond whose redemption at maturity is open (the index has its BondMatured event): shown as "Matured". */
  matured?: boolean;
}

export interface AssetListResponse {
  assets: AssetDto[];
}

export interface AssetResponse {
  asset: AssetDto;
}

export interface CapTableRow {
  wallet: `0x${string}`;
  balance: string;
  /** Percentage of total supply with 4 decimals, e.g. "12.5000". */
  sharePercent: string;
  /** ISO-3166 numeric code from the identity registry; null if the wallet is not registered. */
  country: number | null;
  /** Null in a past cap table (freezes are not kept per block). */
  frozen: boolean | null;
  /** Null in a past cap table. */
  frozenAmount: string | null;
  /** KYC expiry (unix seconds) in the identity registry now; null if none. */
  kycExpiresAt: string | null;
  /** Block of the first acquisition (of the current holding); null if unknown. */
  firstAcquiredBlock: string | null;
  /** Token base units locked by a locker (vault redemption requests, DvP offers); null in a past cap table. */
  lockedAmount: string | null;
  /** Payment-token base units of the wallet's Pending subscription requests (vault); null in a past cap table. */
  pendingSubscription: string | null;
  /** Token base units of the wallet's Pending redemption requests (locked); null in a past cap table. */
  pendingRedemption: string | null;
}

/** The record date of a past cap table: the block asked for, or the last block at or before the date asked for. */
export interface CapTableAsOf {
  /** The block the balances are taken at (null: no transfer up to the date). */
  block: string | null;
  /** The date asked for (YYYY-MM-DD, end of day UTC), if any. */
  date: string | null;
}

export interface CapTableResponse {
  token: `0x${string}`;
  symbol: string;
  decimals: number;
  totalSupply: string;
  holderCount: number;
  page: number;
  pageSize: number;
  /**
   * Rows (wallets) that match the filters: wallets with a non-zero balance, and live, controllers with a Pending
   * subscription and no tokens yet.
   */
  total: number;
  holders: CapTableRow[];
  sort: CapTableSort;
  dir: "asc" | "desc";
  /** Null for the live cap table. */
  asOf: CapTableAsOf | null;
  /**
   * Live cap table only (null at a record date): the asset's vault and payment token (null without a vault) and the
   * totals over every row of Pending subscriptions (payment-token base units), Pending redemptions and locked tokens
   * (token base units).
   */
  pending: {
    vault: `0x${string}` | null;
    paymentToken: { address: string; symbol: string; decimals: number } | null;
    subscriptionTotal: string;
    redemptionTotal: string;
    lockedTotal: string;
  } | null;
}

/** Sortable cap-table columns. */
export type CapTableSort = "balance" | "wallet" | "country" | "kycExpiresAt" | "firstAcquiredBlock";

/** GET /api/assets/[token]/ownership: ownership by holder (largest 10, then the rest) and by country. */
export interface OwnershipResponse {
  token: `0x${string}`;
  symbol: string;
  decimals: number;
  totalSupply: string;
  asOf: CapTableAsOf | null;
  byHolder: Array<{ wallet: `0x${string}` | "others"; balance: string; sharePercent: string; holders: number }>;
  /** country null = not registered in the identity registry. */
  byCountry: Array<{ country: number | null; balance: string; sharePercent: string; holders: number }>;
}

export interface InvestorDto {
  identityRegistry: `0x${string}`;
  wallet: `0x${string}`;
  identity: `0x${string}`;
  country: number;
  /** Unix seconds; null = no KYC on record. */
  kycExpiresAt: string | null;
  /** Registered and KYC not expired (now, by the server's clock). */
  verified: boolean;
  /** Verified, but the KYC expires within 30 days. */
  expiresSoon: boolean;
  registeredBlock: string;
  updatedBlock: string;
  /** Registered wallets (this one included) that share this wallet's identity in the same registry. */
  identityWallets: number;
}

export interface InvestorListResponse {
  investors: InvestorDto[];
  page: number;
  pageSize: number;
  /** Investors matching the filters. */
  total: number;
}

export interface HoldingDto {
  token: `0x${string}`;
  name: string;
  symbol: string;
  decimals: number;
  assetClassName: string;
  balance: string;
  frozen: boolean;
  frozenAmount: string;
}

export interface HoldingsResponse {
  wallet: `0x${string}`;
  holdings: HoldingDto[];
}

export interface StatusResponse {
  chainId: number;
  /** Last fully indexed block; null before the indexer's first write. */
  lastBlock: string | null;
  lastBlockHash: string | null;
  updatedAt: string | null;
  /** Why the indexer stopped itself (a reorg deeper than its journal; the tables show the chain up to lastBlock), or null. */
  haltedReason: string | null;
}

/** A wallet's roles on one token, read from the chain. */
export interface TokenRolesDto {
  token: `0x${string}`;
  /** `isAgent(wallet)`: may mint, burn, pause, freeze, force transfers and recover wallets. */
  agent: boolean;
  /** `owner() == wallet`: may add and remove agents. */
  owner: boolean;
  /**
   * AccessManager roles held without delay, for a token managed by one (empty otherwise), in role-id order
   * (ARCHITECTURE.md "Roles"): ADMIN (the issuer: grants roles), SUPPLY (mint/burn), FREEZER, TRANSFER_MANAGER
   * (forced transfer), RECOVERY_AGENT, COMPLIANCE_AGENT (modules), ALLOWLIST_MANAGER (module settings), ISSUER
   * (pause, documents, lockers), FUND_ADMIN (vault dealing), NAV_AGENT, NAV_APPROVER, CORPORATE_ACTIONS
   * (distributions, bond terms).
   */
  roles: AccessRoleName[];
}

/** A role of the per-asset AccessManager (`Role` in @tessera/contracts). */
export type AccessRoleName =
  | "ADMIN"
  | "SUPPLY"
  | "FREEZER"
  | "TRANSFER_MANAGER"
  | "RECOVERY_AGENT"
  | "COMPLIANCE_AGENT"
  | "ALLOWLIST_MANAGER"
  | "ISSUER"
  | "FUND_ADMIN"
  | "NAV_AGENT"
  | "NAV_APPROVER"
  | "CORPORATE_ACTIONS";

/** A signed-in wallet's roles, read from the chain when asked (never stored in the session). */
export interface RolesDto {
  /** Agent of the platform's identity registry: may register investors and update their KYC. */
  complianceOfficer: boolean;
  /** Owner of the identity registry: may add and remove compliance officers. */
  registryOwner: boolean;
  /** Tokens on which the wallet is owner, agent or holds an AccessManager role. */
  tokens: TokenRolesDto[];
  /**
   * Present (true) when the wallet is a transfer approver of the ManualApprovalModule for some asset: it may approve
   * or reject requested transfers (maker-checker). Absent otherwise.
   */
  transferApprover?: true;
}

/** GET /api/auth/session: the signed-in wallet (Sign-In with Ethereum) with its roles, or null. */
export interface SessionResponse {
  session: {
    address: `0x${string}`;
    chainId: number;
    issuedAt: string;
    expiresAt: string;
    roles: RolesDto;
  } | null;
}

/** GET /api/auth/nonce. */
export interface NonceResponse {
  nonce: string;
}

/** One audit-log entry: who did what, when, with which transaction and why. */
export interface AuditEntryDto {
  id: string;
  createdAt: string;
  actor: `0x${string}`;
  /** "token-agent" | "compliance-officer" */
  actorRole: string;
  /** e.g. "pause", "freeze", "burn", "forced-transfer", "recover-wallet", "register-investor", "application-rejected" */
  action: string;
  token: `0x${string}` | null;
  subject: `0x${string}` | null;
  /** Token base units, when the action moves or freezes tokens. */
  amount: string | null;
  txHash: `0x${string}` | null;
  blockNumber: string | null;
  reason: string;
  details: Record<string, unknown> | null;
}

/** GET /api/audit: one page of entries, newest first unless `sort=asc`. */
export interface AuditListResponse {
  page: number;
  pageSize: number;
  total: number;
  entries: AuditEntryDto[];
}

/** POST /api/audit. */
export interface AuditEntryResponse {
  entry: AuditEntryDto;
}

/** An onboarding application (off-chain; approval registers the wallet on-chain). */
export interface ApplicationDto {
  id: string;
  wallet: `0x${string}`;
  name: string;
  country: number;
  investorType: "individual" | "entity";
  accredited: boolean;
  email: string | null;
  status: "pending" | "approved" | "rejected";
  reason: string | null;
  reviewedBy: `0x${string}` | null;
  reviewedAt: string | null;
  txHash: `0x${string}` | null;
  createdAt: string;
}

export interface ApplicationResponse {
  application: ApplicationDto;
}

export interface ApplicationListResponse {
  page: number;
  pageSize: number;
  total: number;
  applications: ApplicationDto[];
}

// ---------------------------------------------------------------------------------------------------------------
// Cross-chain (issue 12): one asset across chains, from the indexer's cross-chain index. Amounts are token base units
// as decimal strings; chain ids are EIP-155 numbers.

/** A cross-chain transfer's status: sent (burnt on the source, in transit), delivered (minted on the destination), refused (the destination's rules refused it; the tokens are on their way back), returned (minted back to the sender). */
export type CrosschainStatus = "sent" | "delivered" | "refused" | "returned";

/** One half of a cross-chain transfer as indexed on its chain (null while that chain's index has not reached it). */
export interface CrosschainHalfDto {
  block: string;
  txHash: `0x${string}`;
  /** ISO time of the block. */
  at: string;
}

/** One cross-chain transfer, keyed by its message id. */
export interface CrosschainTransferDto {
  messageId: `0x${string}`;
  status: CrosschainStatus;
  sourceChainId: number;
  /** The asset's token on the source chain (null until the source half is indexed). */
  sourceToken: `0x${string}` | null;
  destinationChainId: number;
  destinationToken: `0x${string}` | null;
  from: `0x${string}`;
  to: `0x${string}`;
  identity: `0x${string}` | null;
  amount: string;
  /** Restriction code of a refusal, with its text (`reason`); null otherwise. */
  code: number | null;
  reason: string | null;
  returnId: `0x${string}` | null;
  /** The burn on the source chain. */
  sent: CrosschainHalfDto | null;
  /** The mint (delivered) or the refusal on the destination chain. */
  arrived: CrosschainHalfDto | null;
  /** The tokens minted back to the sender on the source chain. */
  returned: CrosschainHalfDto | null;
}

/** The asset's token on one chain. */
export interface CrosschainChainDto {
  chainId: number;
  token: `0x${string}`;
  symbol: string;
  decimals: number;
  /** The AssetBridge the token trusts (null: none set). */
  bridge: `0x${string}` | null;
  totalSupply: string;
  /** Holders (identities) on this chain alone. */
  holderCount: number;
}

/** One holder (identity, or a wallet with no identity on record) over every chain of the asset. */
export interface CrosschainHolderDto {
  identity: `0x${string}`;
  total: string;
  /** Percentage of the asset's supply over every chain, 4 decimals. */
  sharePercent: string;
  chains: { chainId: number; token: `0x${string}`; balance: string; wallets: `0x${string}`[] }[];
}

/** GET /api/assets/[token]/crosschain: supply per chain, tokens in transit, holders by identity across chains (paged). */
export interface AssetCrosschainResponse {
  chainId: number;
  token: `0x${string}`;
  chains: CrosschainChainDto[];
  /** Supply over every chain (sum of `chains[].totalSupply`). */
  supply: string;
  inTransit: { amount: string; count: number; transfers: CrosschainTransferDto[] };
  /** Supply over every chain plus in transit: what the asset's chains issued. */
  total: string;
  /** Distinct identities holding on any chain. */
  holderCount: number;
  holders: CrosschainHolderDto[];
  page: number;
  pageSize: number;
}

/** GET /api/me/crosschain-transfers: the signed-in investor's cross-chain transfers, newest first. */
export interface MyCrosschainTransfersResponse {
  wallet: `0x${string}`;
  transfers: CrosschainTransferDto[];
  total: number;
  page: number;
  pageSize: number;
}

/** Identity across chains: whether one other chain holds the home chain's registry record of a wallet (IdentitySync). */
export interface ChainRecordStatusDto {
  chainId: number;
  /** The chain's name in the UI ("L2"). */
  name: string;
  /**
   * `current`: the chain's record equals the home record; `pending`: a record was sent and is not applied yet
   * ("pending on L2"); `out-of-date`: the records differ and nothing is on its way (a sync is needed);
   * `not-linked`: the chain has no IdentitySync linked to the home chain's; `unavailable`: its node or deployments
   * could not be read (`problem` says which).
   */
  status: "current" | "pending" | "out-of-date" | "not-linked" | "unavailable";
  /** The last sequence number the home chain sent for the wallet / the last one this chain applied (decimal strings). */
  sentSequence: string;
  appliedSequence: string;
  /** The chain's record: identity (null: not registered), country, KYC expiry (unix seconds, decimal string). */
  record: { identity: string | null; country: number; kycExpiresAt: string } | null;
  problem: string | null;
}

/** GET /api/investors/[wallet]/chains: the home record and each other chain's status. */
export interface InvestorChainsResponse {
  wallet: string;
  /** The home chain's IdentitySync (the contract `syncInvestor` calls); null: not deployed (single chain). */
  identitySync: string | null;
  home: { chainId: number; record: { identity: string | null; country: number; kycExpiresAt: string } };
  chains: ChainRecordStatusDto[];
}

/** GET /api/investors/chains?wallets=…: {@link InvestorChainsResponse} of each wallet named (a page of the investors table). */
export interface InvestorsChainsResponse {
  /** The home chain's IdentitySync; null: not deployed (single chain). */
  identitySync: string | null;
  /** One per distinct wallet asked, in the order asked. */
  investors: InvestorChainsResponse[];
}
