/**
 * The "Create asset" wizard's form state: what its inputs hold, as typed, and its steps. Browser-safe.
 * Validation is in `./schemas`, the rule-to-module mapping in `./modules`, display strings in `./labels`, and what
 * gets sent in `./plan`.
 */
import type { RoleName } from "@tessera/contracts";

/**
 * Roles the wizard can grant (AccessManager role ids, contracts/src/libraries/Roles.sol), in the order it offers
 * them; ADMIN stays with the issuer. Their names in words are `GRANTABLE_ROLES` in `./labels`.
 */
export const GRANTABLE_ROLE_NAMES = [
  "SUPPLY",
  "FREEZER",
  "TRANSFER_MANAGER",
  "RECOVERY_AGENT",
  "COMPLIANCE_AGENT",
  "ALLOWLIST_MANAGER",
  "ISSUER",
] as const satisfies ReadonlyArray<Exclude<RoleName, "ADMIN">>;
export type GrantableRole = (typeof GRANTABLE_ROLE_NAMES)[number];

/** Everything the wizard's inputs hold, as typed (strings; empty or 0 = rule off). */
export interface WizardState {
  details: { name: string; symbol: string; decimals: string; assetClass: string };
  /**
   * ERC-1643 documents: name (≤ 32 bytes), URI, bytes32 hash of the content (keccak256 of the chosen file). An empty
   * URI with a chosen file means "store the file on Tessera": it is uploaded after the deployment and its download
   * route becomes the URI.
   */
  documents: Array<{ name: string; uri: string; hash: string; fileName?: string; file?: Blob }>;
  rules: {
    allowedCountries: string;
    blockedCountries: string;
    maxHolders: string;
    /** "840:100, 826:50" = at most 100 holders in the US and 50 in the UK. */
    countryHolderLimits: string;
    /** Whole tokens per wallet. */
    maxBalance: string;
    /** Whole tokens per investor identity (summed over its wallets). */
    identityMaxBalance: string;
    minHolding: string;
    supplyCap: string;
    lockUpDays: string;
    transferLimit: string;
    transferLimitDays: string;
    manualApproval: boolean;
    /** Comma-separated transfer-approver wallets of the manual-approval module. */
    approvers: string;
  };
  roles: Array<{ role: string; account: string }>;
}

/** A fresh wizard: 18 decimals, fund share, every rule off. */
export function emptyWizardState(): WizardState {
  return {
    details: { name: "", symbol: "", decimals: "18", assetClass: "0" },
    documents: [],
    rules: {
      allowedCountries: "",
      blockedCountries: "",
      maxHolders: "0",
      countryHolderLimits: "",
      maxBalance: "0",
      identityMaxBalance: "",
      minHolding: "",
      supplyCap: "",
      lockUpDays: "",
      transferLimit: "",
      transferLimitDays: "",
      manualApproval: false,
      approvers: "",
    },
    roles: [],
  };
}

/** The wizard's steps, in order. */
export const STEPS = ["details", "documents", "rules", "roles", "review"] as const;
export type Step = (typeof STEPS)[number];
