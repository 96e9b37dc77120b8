/**
 * The "Create asset" wizard's display strings: the roles it offers in words, and each configured compliance module's
 * title and settings as the review step lists them. Browser-safe.
 */
import type { WizardModuleKey } from "./modules";
import { DAY_SECONDS, type ParsedRules } from "./schemas";
import { GRANTABLE_ROLE_NAMES, type GrantableRole } from "./state";

const ROLE_TEXT: Record<GrantableRole, { label: string; opens: string }> = {
  SUPPLY: { label: "Supply agent", opens: "mint, burn, batchMint, batchBurn" },
  FREEZER: { label: "Freezer", opens: "freeze and unfreeze wallets and amounts" },
  TRANSFER_MANAGER: { label: "Transfer manager", opens: "forcedTransfer" },
  RECOVERY_AGENT: { label: "Recovery agent", opens: "recoveryAddress (lost wallets)" },
  COMPLIANCE_AGENT: { label: "Compliance agent", opens: "add and remove compliance modules" },
  ALLOWLIST_MANAGER: { label: "Allowlist manager", opens: "configure modules (countries, limits)" },
  ISSUER: { label: "Issuer operations", opens: "pause, unpause, setDocument, removeDocument" },
};

/** Roles the wizard can grant, in the order it offers them, with their name and what each opens. */
export const GRANTABLE_ROLES: ReadonlyArray<{ role: GrantableRole; label: string; opens: string }> = GRANTABLE_ROLE_NAMES.map((role) => ({
  role,
  ...ROLE_TEXT[role],
}));

/** Each module's title on the review step. */
export const MODULE_TITLES: Record<WizardModuleKey, string> = {
  countryAllow: "Country allow list",
  maxHolders: "Max holders",
  maxBalance: "Max balance per wallet",
  countryBlock: "Country block list",
  identityMaxBalance: "Max balance per identity",
  minHolding: "Minimum holding",
  supplyCap: "Supply cap",
  lockUp: "Lock-up per issuance",
  transferLimit: "Transfer volume limit",
  manualApproval: "Manual approval",
};

/** Formats base units as whole tokens with thousands separators and the symbol ("50,000 HB31", "10.5 HB31"). */
export function formatTokens(v: bigint, decimals: number, symbol: string): string {
  const s = decimals === 0 ? v.toString() : `${v / 10n ** BigInt(decimals)}${v % 10n ** BigInt(decimals) === 0n ? "" : `.${(v % 10n ** BigInt(decimals)).toString().padStart(decimals, "0").replace(/0+$/, "")}`}`;
  const [i, f] = s.split(".");
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${f ? `.${f}` : ""} ${symbol}`;
}

/**
 * A configured module's settings in words, one line each (amounts in whole tokens of the asset).
 * @param token the asset's decimals and symbol (step 1).
 */
export function moduleSettings(key: WizardModuleKey, r: ParsedRules, token: { decimals: number; symbol: string }): string[] {
  const amount = (v: bigint) => formatTokens(v, token.decimals, token.symbol);
  switch (key) {
    case "countryAllow":
      return [`Recipients must reside in: ${r.allowedCountries.join(", ")}`];
    case "maxHolders":
      return [
        r.maxHolders > 0n ? `At most ${r.maxHolders} holders in total` : "No total holder limit",
        ...r.countryHolderLimits.map((c) => `At most ${c.limit} holders in country ${c.country}`),
      ];
    case "maxBalance":
      return [`At most ${amount(r.maxBalance)} per wallet`];
    case "countryBlock":
      return [`Recipients residing in ${r.blockedCountries.join(", ")} are refused`];
    case "identityMaxBalance":
      return [`At most ${amount(r.identityMaxBalance)} per investor identity (all its wallets)`];
    case "minHolding":
      return [`No position below ${amount(r.minHolding)} (a holder may still sell out)`];
    case "supplyCap":
      return [`Total supply at most ${amount(r.supplyCap)}`];
    case "lockUp":
      return [`Each issuance locked for ${r.lockUpSeconds / DAY_SECONDS} days (until UTC midnight)`];
    case "transferLimit":
      return r.transferLimit
        ? [`At most ${amount(r.transferLimit.maxVolume)} sent per investor per ${r.transferLimit.periodSeconds / DAY_SECONDS} days`]
        : [];
    case "manualApproval":
      return [`Holder transfers need approval by ${(r.approvers ?? []).join(", ")}`];
  }
}
