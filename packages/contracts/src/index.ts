/**
 * @tessera/contracts: generated ABIs and bytecode of Tessera's contracts, the deployments file type and the
 * shared table of transfer restriction codes. See ARCHITECTURE.md.
 */
export * from "./generated";

/** A 0x-prefixed hex address. */
export type Address = `0x${string}`;

/** Contents of `deployments/<chainId>.json` (ARCHITECTURE.md, "Deployments file"). */
export type Deployments = {
  chainId: number;
  /** Block of the first platform deployment (the identity registry); the indexer starts there. */
  startBlock: number;
  identityRegistry: Address;
  factory: Address;
  modules: { countryAllow: Address; maxHolders: Address; maxBalance: Address };
  implementations: { token: Address; compliance: Address };
  /** The demo asset deployed by seedDemo, when seeded. */
  demoAsset?: { token: Address; compliance: Address };
};

/**
 * Transfer restriction codes (uint8) shared by the token (ERC-1404) and the compliance modules.
 * Enum-like in both directions, as a numeric TS enum: `RestrictionCode.COUNTRY_NOT_ALLOWED === 6` and
 * `RestrictionCode[6] === "COUNTRY_NOT_ALLOWED"`.
 */
export const RestrictionCode = {
  SUCCESS: 0,
  TOKEN_PAUSED: 1,
  SENDER_FROZEN: 2,
  RECIPIENT_FROZEN: 3,
  INSUFFICIENT_UNFROZEN_BALANCE: 4,
  RECIPIENT_NOT_VERIFIED: 5,
  COUNTRY_NOT_ALLOWED: 6,
  MAX_HOLDERS_EXCEEDED: 7,
  MAX_BALANCE_EXCEEDED: 8,
  SENDER_NOT_VERIFIED: 9,
  0: "SUCCESS",
  1: "TOKEN_PAUSED",
  2: "SENDER_FROZEN",
  3: "RECIPIENT_FROZEN",
  4: "INSUFFICIENT_UNFROZEN_BALANCE",
  5: "RECIPIENT_NOT_VERIFIED",
  6: "COUNTRY_NOT_ALLOWED",
  7: "MAX_HOLDERS_EXCEEDED",
  8: "MAX_BALANCE_EXCEEDED",
  9: "SENDER_NOT_VERIFIED",
} as const;

/** A restriction code's name, e.g. "COUNTRY_NOT_ALLOWED". */
export type RestrictionCodeName = Extract<(typeof RestrictionCode)[keyof typeof RestrictionCode], string>;
/** A restriction code's value, 0..9. */
export type RestrictionCodeValue = Extract<(typeof RestrictionCode)[keyof typeof RestrictionCode], number>;

/** Asset classes of `TokenFactory.AssetParams.assetClass`. */
export const AssetClass = { FUND_SHARE: 0, BOND: 1, EQUITY: 2, REAL_ESTATE: 3 } as const;
