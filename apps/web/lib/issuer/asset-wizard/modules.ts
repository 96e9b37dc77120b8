/**
 * The "Create asset" wizard's rule-to-module mapping: which compliance modules the parsed rules need, and how each is
 * configured. Three rules travel in the factory's `AssetParams` (allowed countries, max holders, max balance); every
 * other module is a `ModuleSetup` (module singleton + ABI-encoded configuration calls) from the SDK's
 * `moduleSetups`, added by the same `deployAssetWithModules` transaction. Browser-safe.
 */
import { encodeFunctionData, type Hex } from "viem";
import { maxHoldersModuleAbi, type Deployments } from "@tessera/contracts";
import { moduleSetups, type ModuleSetup } from "@tessera/sdk/suite";
import type { ParsedRules } from "./schemas";

/** The modules the wizard can configure (keys of the deployments file's `modules`). */
export type WizardModuleKey =
  | "countryAllow"
  | "maxHolders"
  | "maxBalance"
  | "countryBlock"
  | "identityMaxBalance"
  | "minHolding"
  | "supplyCap"
  | "lockUp"
  | "transferLimit"
  | "manualApproval";

/** What the rules turn into on-chain. */
export interface ModuleConfiguration {
  /** `AssetParams`' rules (empty or 0 = that module is not added). */
  params: { allowedCountries: number[]; maxHolders: bigint; maxBalance: bigint };
  /** Modules beyond `params`, configured, in the order the factory adds them. */
  setups: ModuleSetup[];
  /** Every module the compliance will have, in the order the review lists them (params' rules first). */
  keys: WizardModuleKey[];
}

/**
 * Maps parsed rules to the factory's `AssetParams` rules and `ModuleSetup`s.
 * Per-country holder limits live in the same MaxHoldersModule as the total: a module can be added once, so with
 * country limits the module is configured as a setup (total included) and `params.maxHolders` is 0.
 * @param modules The platform's module singletons (deployments file `modules`).
 * @throws the SDK's TesseraError when the platform lacks a module a rule needs.
 */
export function configureModules(r: ParsedRules, modules: Deployments["modules"]): ModuleConfiguration {
  const keys: WizardModuleKey[] = [];
  const setups: ModuleSetup[] = [];
  const holdersViaParams = r.countryHolderLimits.length === 0;
  if (r.allowedCountries.length) keys.push("countryAllow");
  if (!holdersViaParams || r.maxHolders > 0n) keys.push("maxHolders");
  if (r.maxBalance > 0n) keys.push("maxBalance");
  if (!holdersViaParams) setups.push(maxHoldersSetup(modules, r.maxHolders, r.countryHolderLimits));
  if (r.blockedCountries.length) {
    setups.push(moduleSetups.countryBlock(modules, r.blockedCountries));
    keys.push("countryBlock");
  }
  if (r.identityMaxBalance > 0n) {
    setups.push(moduleSetups.identityMaxBalance(modules, r.identityMaxBalance));
    keys.push("identityMaxBalance");
  }
  if (r.minHolding > 0n) {
    setups.push(moduleSetups.minHolding(modules, r.minHolding));
    keys.push("minHolding");
  }
  if (r.supplyCap > 0n) {
    setups.push(moduleSetups.supplyCap(modules, r.supplyCap));
    keys.push("supplyCap");
  }
  if (r.lockUpSeconds > 0n) {
    setups.push(moduleSetups.lockUp(modules, r.lockUpSeconds));
    keys.push("lockUp");
  }
  if (r.transferLimit) {
    setups.push(moduleSetups.transferLimit(modules, r.transferLimit.periodSeconds, r.transferLimit.maxVolume));
    keys.push("transferLimit");
  }
  if (r.approvers) {
    setups.push(moduleSetups.manualApproval(modules, r.approvers));
    keys.push("manualApproval");
  }
  return {
    params: { allowedCountries: r.allowedCountries, maxHolders: holdersViaParams ? r.maxHolders : 0n, maxBalance: r.maxBalance },
    setups,
    keys,
  };
}

/** MaxHoldersModule with a total (0 = none) and per-country holder limits (the SDK's `moduleSetups` has no such entry). */
function maxHoldersSetup(modules: Deployments["modules"], total: bigint, countryLimits: ParsedRules["countryHolderLimits"]): ModuleSetup {
  const calls: Hex[] = [];
  if (total > 0n) calls.push(encodeFunctionData({ abi: maxHoldersModuleAbi, functionName: "setHolderLimit", args: [total] }));
  for (const c of countryLimits) {
    calls.push(encodeFunctionData({ abi: maxHoldersModuleAbi, functionName: "setCountryHolderLimit", args: [c.country, c.limit] }));
  }
  return { module: modules.maxHolders, calls };
}
