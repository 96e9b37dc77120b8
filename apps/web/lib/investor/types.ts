/**
 * JSON shapes of the investor app's API (portfolio, NAV, own transfer history, asset documents, ID documents).
 * Amounts are decimal strings of token base units; money values are decimal strings in the NAV's currency.
 */

/** One NAV statement of an asset (AssetNav row). */
export interface NavDto {
  id: string;
  token: `0x${string}`;
  /** Price of one whole token (10^decimals base units), decimal string with up to 18 decimal places. */
  navPerUnit: string;
  /** ISO 4217 code, e.g. "USD". */
  currency: string;
  /** Valuation day, YYYY-MM-DD (UTC). */
  valuationDate: string;
  setBy: `0x${string}`;
  note: string | null;
  createdAt: string;
}

/** GET /api/assets/[token]/nav: newest valuation first; `current` is the first row (or null). */
export interface NavHistoryResponse {
  token: `0x${string}`;
  current: NavDto | null;
  history: NavDto[];
  total: number;
  page: number;
  pageSize: number;
}

/** POST /api/assets/[token]/nav. */
export interface NavResponse {
  nav: NavDto;
}

/** A lot of tokens under lock-up (LockUpModule): `amount` base units transferable from `unlocksAt`. */
export interface LockUpLotDto {
  amount: string;
  /** Unix seconds (a UTC midnight). */
  unlocksAt: string;
}

/** One asset in the investor's portfolio. */
export interface PortfolioPositionDto {
  token: `0x${string}`;
  name: string;
  symbol: string;
  decimals: number;
  assetClassName: string;
  /** Base units held on the home chain (frozen ones included). */
  balance: string;
  /** The same wallet's balance of this asset on each other chain where it is non-zero (base units), by chain id. */
  otherChains: { chainId: number; token: `0x${string}`; balance: string }[];
  /** Base units sent from this wallet between chains and not yet delivered or returned. */
  inTransit: string;
  /** Whole wallet frozen by an agent. */
  frozen: boolean;
  /** Base units frozen by an agent (partial freeze). */
  frozenAmount: string;
  /** The current NAV, or null when the issuer has not set one. */
  nav: Pick<NavDto, "navPerUnit" | "currency" | "valuationDate"> | null;
  /** (balance + other chains + in transit) × NAV per unit, rounded half-up to 2 decimal places; null without a NAV. */
  value: string | null;
  /**
   * Lock-up of this wallet, or null when the asset has no lock-up module. `locked`: base units still locked now;
   * `lots`: the still-locked lots, earliest unlock first.
   */
  lockUp: { locked: string; lots: LockUpLotDto[] } | null;
}

/** GET /api/portfolio: the signed-in wallet's positions and total value per currency. */
export interface PortfolioResponse {
  wallet: `0x${string}`;
  positions: PortfolioPositionDto[];
  /** Sum of the positions' values per currency (2 decimal places), largest first. */
  totals: { currency: string; value: string }[];
  /** Positions without a NAV (not in the totals). */
  unvalued: number;
}

/** One Transfer event that moved the signed-in wallet's tokens, from its point of view. */
export interface MyTransferDto {
  blockNumber: string;
  logIndex: number;
  blockTime: string;
  txHash: `0x${string}`;
  token: `0x${string}`;
  symbol: string;
  decimals: number;
  /** mint = issuance to the wallet, burn = redemption from it, transfer = sent or received (forced ones included). */
  kind: "mint" | "burn" | "transfer";
  /** "in" when the wallet received the tokens. */
  direction: "in" | "out";
  /** The other wallet; the zero address for issuances and redemptions. */
  counterparty: `0x${string}`;
  /** Token base units. */
  amount: string;
}

/** GET /api/me/transfers: newest first, paged on the server. */
export interface MyTransfersResponse {
  wallet: `0x${string}`;
  transfers: MyTransferDto[];
  total: number;
  page: number;
  pageSize: number;
}

/** An ERC-1643 document of an asset the signed-in wallet holds or held (indexed AssetDocument). */
export interface MyDocumentDto {
  token: `0x${string}`;
  assetName: string;
  symbol: string;
  /** The bytes32 document name as text (UTF-8, trailing zero bytes dropped), or its hex when it is not text. */
  name: string;
  /** The on-chain URI, as stated by the issuer. */
  uri: string;
  /** The bytes32 content hash stated on-chain, 0x hex. */
  documentHash: `0x${string}`;
  updatedBlock: string;
}

/** GET /api/me/documents. */
export interface MyDocumentsResponse {
  documents: MyDocumentDto[];
}

/** An ID document uploaded with an onboarding application (metadata only; officers download the content). */
export interface IdDocumentDto {
  id: string;
  applicationId: string;
  /** "passport" | "national-id" | "proof-of-address" | "other" */
  kind: string;
  fileName: string;
  contentType: string;
  /** Bytes. */
  size: number;
  /** SHA-256 of the content, lower-case hex. */
  sha256: string;
  createdAt: string;
}

/** GET /api/applications/mine/documents, GET /api/applications/[id]/documents, and the upload answers. */
export interface IdDocumentListResponse {
  applicationId: string | null;
  documents: IdDocumentDto[];
}
