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

export interface AssetDto {
  chainId: number;
  address: `0x${string}`;
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
  frozen: boolean;
  frozenAmount: string;
}

export interface CapTableResponse {
  token: `0x${string}`;
  symbol: string;
  decimals: number;
  totalSupply: string;
  holderCount: number;
  page: number;
  pageSize: number;
  /** Holders with a non-zero balance. */
  total: number;
  holders: CapTableRow[];
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
  registeredBlock: string;
  updatedBlock: string;
}

export interface InvestorListResponse {
  investors: InvestorDto[];
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
}
