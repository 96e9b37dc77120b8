/**
 * @tessera/sdk/suite: the compliance suite beyond the first slice — deploy an asset with further modules in one
 * transaction, build module configurations, manage AccessManager roles, refresh claim-based verification.
 * Same conventions as the main entry: simulate, then write; every failure becomes a TesseraError with user text.
 * This file only re-exports; the code lives under actions/.
 */
import type { WriteResult } from "./send";

/** A transaction and its receipt (the same shape as every SDK write's {@link WriteResult}). */
export type SuiteWriteResult = WriteResult;

export { deployAssetWithModules } from "./actions/asset";
export { moduleSetups, type ModuleSetup } from "./actions/modules";
export { refreshVerification } from "./actions/registry";
export { getAccountRoles, grantRole, hasRole, revokeRole, type AccountRoles, type RoleParams } from "./actions/roles";
