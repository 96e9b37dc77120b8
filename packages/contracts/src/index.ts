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
  /** Module singletons; the first three are wired into `TokenFactory.deployAsset`, the others (absent in older files)
   * are added with `deployAssetWithModules` or the compliance's `addModule`. */
  modules: {
    countryAllow: Address;
    maxHolders: Address;
    maxBalance: Address;
    transferLimit?: Address;
    identityMaxBalance?: Address;
    countryBlock?: Address;
    supplyCap?: Address;
    minHolding?: Address;
    lockUp?: Address;
    manualApproval?: Address;
    investorLimits?: Address;
  };
  /** `accessManager`: the OpenZeppelin AccessManagerUpgradeable cloned per asset (absent in older files). */
  implementations: { token: Address; compliance: Address; accessManager?: Address };
  /** ONCHAINID ClaimIssuer whose manager (the compliance officer) signs KYC claims (@tessera/sdk/identity); absent in
   * older files. The registry verifies by claims only once it trusts the issuer (`trustClaimIssuer`). */
  claimIssuer?: Address;
  /** The demo asset deployed by seedDemo, when seeded. */
  demoAsset?: { token: Address; compliance: Address };
  /** The payment token: the ERC-20 the platform's cash moves in on this chain (on local chains the TestUSD that
   * `npm start` deploys); amounts in its base units. Absent in older files. */
  paymentToken?: Address;
  /** The money leg's platform contracts (absent in older files): `vaultFactory` deploys each asset's ERC-7540 vault
   * (`VaultDeployed`), `distributor` pays record-date distributions by Merkle root, `dvp` settles delivery versus
   * payment between investors, `bond` keeps bond terms and redeems at maturity. */
  vaultFactory?: Address;
  distributor?: Address;
  dvp?: Address;
  bond?: Address;
  /** Cross-chain messaging on this chain (absent in older files and on chains without it): Hyperlane's Mailbox on
   * Hyperlane domain `domain`, its required hook (`merkleTreeHook`), its default hook (`defaultHook`: Hyperlane's
   * ProtocolFee hook, fee 0 on local chains), the interchain security module the gateway
   * names (`ism`; on local chains Hyperlane's TrustedRelayerIsm, trusting `relayer`), and Tessera's ERC-7786
   * `gateway` over the Mailbox. */
  messaging?: {
    domain: number;
    mailbox: Address;
    merkleTreeHook: Address;
    defaultHook: Address;
    ism: Address;
    relayer: Address;
    gateway: Address;
  };
  /** Tessera's IdentityFactory (absent in older files and where the CREATE2 deployer is missing): the gate to
   * ONCHAINID's IdFactory, at the same address on every chain, so an investor's identity has one address on all of
   * them (`createIdentity(wallet, salt)`). */
  identityFactory?: Address;
  /** This chain's IdentitySync (absent until the chains are linked): sends registry records from the home chain,
   * applies them on the others (see `deployIdentitySync` of `@tessera/sdk/node`). */
  identitySync?: Address;
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
  TRANSFER_LIMIT_EXCEEDED: 10,
  COUNTRY_BLOCKED: 11,
  SUPPLY_CAP_EXCEEDED: 12,
  TOKENS_LOCKED: 13,
  BELOW_MIN_HOLDING: 14,
  TRANSFER_NOT_APPROVED: 15,
  COUNTRY_HOLDERS_EXCEEDED: 16,
  TRANSFER_APPROVAL_PENDING: 17,
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
  10: "TRANSFER_LIMIT_EXCEEDED",
  11: "COUNTRY_BLOCKED",
  12: "SUPPLY_CAP_EXCEEDED",
  13: "TOKENS_LOCKED",
  14: "BELOW_MIN_HOLDING",
  15: "TRANSFER_NOT_APPROVED",
  16: "COUNTRY_HOLDERS_EXCEEDED",
  17: "TRANSFER_APPROVAL_PENDING",
} as const;

/**
 * User text per restriction code, identical to the token's `messageForTransferRestriction` (RestrictionCodes.sol).
 */
export const RestrictionText: Readonly<Record<number, string>> = {
  0: "transfer allowed",
  1: "the token is paused",
  2: "the sender's wallet is frozen",
  3: "the recipient's wallet is frozen",
  4: "the amount exceeds the sender's available (unfrozen) balance",
  5: "the recipient is not verified",
  6: "the recipient's country is not allowed",
  7: "the transfer would exceed the maximum number of holders",
  8: "the transfer would exceed the maximum balance per investor",
  9: "reserved (ERC-3643 checks the receiver only)",
  10: "the transfer would exceed the sender's transfer limit for the period",
  11: "the recipient's country is blocked",
  12: "the mint would exceed the token's supply cap",
  13: "the amount exceeds the sender's unlocked balance (lock-up)",
  14: "the transfer would leave a balance below the minimum holding",
  15: "the transfer needs an approval from a transfer approver",
  16: "the transfer would exceed the maximum number of holders in the recipient's country",
  17: "the transfer is requested and awaits a transfer approver's approval",
};

/** A restriction code's name, e.g. "COUNTRY_NOT_ALLOWED". */
export type RestrictionCodeName = Extract<(typeof RestrictionCode)[keyof typeof RestrictionCode], string>;
/** A restriction code's value, 0..17. */
export type RestrictionCodeValue = Extract<(typeof RestrictionCode)[keyof typeof RestrictionCode], number>;

/**
 * Role ids of the per-asset OpenZeppelin AccessManager (contracts/src/libraries/Roles.sol, ARCHITECTURE.md "Roles").
 * ADMIN grants and revokes the others; each other role opens exactly its functions on the token or the compliance.
 */
export const Role = {
  ADMIN: 0n,
  SUPPLY: 1n,
  FREEZER: 2n,
  TRANSFER_MANAGER: 3n,
  RECOVERY_AGENT: 4n,
  COMPLIANCE_AGENT: 5n,
  ALLOWLIST_MANAGER: 6n,
  ISSUER: 7n,
  FUND_ADMIN: 8n,
  NAV_AGENT: 9n,
  NAV_APPROVER: 10n,
  CORPORATE_ACTIONS: 11n,
} as const;

/** A role's name, e.g. "FREEZER". */
export type RoleName = keyof typeof Role;

/**
 * Asset classes of `TokenFactory.AssetParams.assetClass` and the token's `assetClass()` (Token.sol refuses a code above
 * 3 with `InvalidAssetClass`).
 */
export const AssetClass = { FUND_SHARE: 0, BOND: 1, EQUITY: 2, REAL_ESTATE: 3 } as const;

/** An asset class's name, e.g. "BOND". */
export type AssetClassName = keyof typeof AssetClass;
/** An asset class's code, 0..3. */
export type AssetClassValue = (typeof AssetClass)[AssetClassName];

/**
 * Display name per asset class code: the one table the SDK's `assetClassName` and the apps' pickers read.
 * In code order, so `Object.entries(AssetClassText)` lists the classes as a form shows them.
 */
export const AssetClassText: Readonly<Record<AssetClassValue, string>> = {
  0: "Fund share",
  1: "Bond",
  2: "Equity",
  3: "Real estate",
};
