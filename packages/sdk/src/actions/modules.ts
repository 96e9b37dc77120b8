/**
 * Compliance module configurations for `deployAssetWithModules`: each builder returns a module singleton's address
 * (from the deployments file) and its ABI-encoded configuration calls, which the factory runs through the new
 * compliance's `callModuleFunction`. Browser-safe.
 */
import { encodeFunctionData, type Address, type Hex } from "viem";
import {
  countryBlockModuleAbi,
  identityMaxBalanceModuleAbi,
  investorLimitsModuleAbi,
  lockUpModuleAbi,
  manualApprovalModuleAbi,
  minHoldingModuleAbi,
  supplyCapModuleAbi,
  transferLimitModuleAbi,
  type Deployments,
} from "@tessera/contracts";
import { TesseraError } from "../errors";

/** A module to add at deployment, with its ABI-encoded configuration calls (see the builders below). */
export type ModuleSetup = { module: Address; calls: Hex[] };

type Modules = Deployments["modules"];

function moduleAddress(modules: Modules, key: keyof Modules): Address {
  const a = modules[key];
  if (!a) {
    throw new TesseraError({
      message: `the platform has no ${key} module (deploy it, or redeploy the platform)`,
      errorName: "InvalidInput",
    });
  }
  return a;
}

/** Builders for `deployAssetWithModules`: each returns the module's address and its configuration call. */
export const moduleSetups = {
  /** At most `maxVolume` token base units sent per investor identity per `periodSeconds`. */
  transferLimit: (modules: Modules, periodSeconds: bigint, maxVolume: bigint): ModuleSetup => ({
    module: moduleAddress(modules, "transferLimit"),
    calls: [encodeFunctionData({ abi: transferLimitModuleAbi, functionName: "setTransferLimit", args: [periodSeconds, maxVolume] })],
  }),
  /** Each mint locked for `periodSeconds` (rounded up to UTC midnight), e.g. 365 days for Reg D. */
  lockUp: (modules: Modules, periodSeconds: bigint): ModuleSetup => ({
    module: moduleAddress(modules, "lockUp"),
    calls: [encodeFunctionData({ abi: lockUpModuleAbi, functionName: "setLockUpPeriod", args: [periodSeconds] })],
  }),
  /** Total supply at most `cap` token base units. */
  supplyCap: (modules: Modules, cap: bigint): ModuleSetup => ({
    module: moduleAddress(modules, "supplyCap"),
    calls: [encodeFunctionData({ abi: supplyCapModuleAbi, functionName: "setSupplyCap", args: [cap] })],
  }),
  /** No position below `min` token base units (a sender may still empty its wallet). */
  minHolding: (modules: Modules, min: bigint): ModuleSetup => ({
    module: moduleAddress(modules, "minHolding"),
    calls: [encodeFunctionData({ abi: minHoldingModuleAbi, functionName: "setMinHolding", args: [min] })],
  }),
  /** Recipients in these ISO-3166 numeric countries are refused. */
  countryBlock: (modules: Modules, countries: number[]): ModuleSetup => ({
    module: moduleAddress(modules, "countryBlock"),
    calls: [encodeFunctionData({ abi: countryBlockModuleAbi, functionName: "batchBlockCountries", args: [countries] })],
  }),
  /** At most `max` token base units per investor identity, summed over its wallets. */
  identityMaxBalance: (modules: Modules, max: bigint): ModuleSetup => ({
    module: moduleAddress(modules, "identityMaxBalance"),
    calls: [encodeFunctionData({ abi: identityMaxBalanceModuleAbi, functionName: "setIdentityMaxBalance", args: [max] })],
  }),
  /** T-REX's per-identity pair in one module: max balance per investor and max volume sent per `periodSeconds`. */
  investorLimits: (modules: Modules, maxBalance: bigint, periodSeconds: bigint, maxVolume: bigint): ModuleSetup => ({
    module: moduleAddress(modules, "investorLimits"),
    calls: [
      encodeFunctionData({
        abi: investorLimitsModuleAbi,
        functionName: "setInvestorLimits",
        args: [maxBalance, periodSeconds, maxVolume],
      }),
    ],
  }),
  /** Holder transfers need a transfer approver's approval (maker-checker); `approvers` may approve. */
  manualApproval: (modules: Modules, approvers: Address[]): ModuleSetup => ({
    module: moduleAddress(modules, "manualApproval"),
    calls: approvers.map((m) =>
      encodeFunctionData({ abi: manualApprovalModuleAbi, functionName: "setTransferApprover", args: [m, true] }),
    ),
  }),
};
