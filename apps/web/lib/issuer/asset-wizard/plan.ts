/**
 * The "Create asset" wizard's output: a valid form state translated into exactly what is deployed:
 * `TokenFactory.deployAssetWithModules(AssetParams, ModuleSetup[])` (one transaction, ARCHITECTURE.md "TokenFactory"),
 * then the AccessManager role grants (one `multicall` of `grantRole`) and the ERC-1643 documents (`setDocument` per
 * document). Browser-safe; shared by the wizard, `lib/issuer/actions.ts` and the tests.
 */
import { encodeFunctionData, stringToHex, type Address, type Hex } from "viem";
import { accessManagerAbi, Role, type Deployments } from "@tessera/contracts";
import type { AssetParams } from "@tessera/sdk";
import type { ModuleSetup } from "@tessera/sdk/suite";
import { MODULE_TITLES, moduleSettings } from "./labels";
import { configureModules, type WizardModuleKey } from "./modules";
import { detailsSchema, documentsSchema, rolesSchema, rulesSchema, validateStep } from "./schemas";
import type { GrantableRole, WizardState } from "./state";

/** One module the factory adds, with its configuration in words (the review step shows these lines). */
export interface ModulePlan {
  key: WizardModuleKey;
  title: string;
  settings: string[];
}

/** What the wizard will send, in order. */
export interface DeploymentPlan {
  params: AssetParams & { decimals: number; maxHolders: bigint; maxBalance: bigint; allowedCountries: number[] };
  /** Modules beyond `params` for `deployAssetWithModules` (ABI-encoded configuration calls). */
  modules: ModuleSetup[];
  /** Every module the compliance will have, in the order the factory adds them (params' rules first). */
  modulePlan: ModulePlan[];
  /** AccessManager grants (one multicall after the factory transaction). */
  roles: Array<{ role: GrantableRole; account: Address }>;
  /** ERC-1643 documents (one setDocument each, after the factory transaction); `uri` null = store `file` on Tessera. */
  documents: Array<{ name: string; nameBytes32: Hex; uri: string | null; hash: Hex; fileName?: string; file?: Blob }>;
  /** Number of wallet transactions: 1 + (roles ? 1 : 0) + documents. */
  transactionCount: number;
}

/**
 * Turns a valid wizard state into the factory call, the role grants and the documents.
 * @param modules The platform's module singletons (deployments file `modules`).
 * @throws Error with the first field error when the state is invalid (call {@link validateStep} first), or the
 *   SDK's TesseraError when the platform lacks a module a rule needs.
 */
export function planDeployment(state: WizardState, modules: Deployments["modules"]): DeploymentPlan {
  const errors = validateStep(state, "review");
  const first = Object.entries(errors)[0];
  if (first) throw new Error(`${first[0]}: ${first[1]}`);
  const d = detailsSchema.parse(state.details);
  const r = rulesSchema(d.decimals).parse(state.rules);
  const roles = rolesSchema.parse(state.roles);
  const docs = documentsSchema.parse(state.documents);
  const configured = configureModules(r, modules);
  return {
    params: { name: d.name, symbol: d.symbol, decimals: d.decimals, assetClass: d.assetClass, ...configured.params },
    modules: configured.setups,
    modulePlan: configured.keys.map((key) => ({ key, title: MODULE_TITLES[key], settings: moduleSettings(key, r, d) })),
    roles,
    documents: docs.map((x) => ({ ...x, uri: x.uri || null, nameBytes32: stringToHex(x.name, { size: 32 }) })),
    transactionCount: 1 + (roles.length ? 1 : 0) + docs.length,
  };
}

/** The AccessManager `multicall` data granting `roles` (no execution delay). */
export function roleGrantCalls(roles: DeploymentPlan["roles"]): Hex[] {
  return roles.map((g) => encodeFunctionData({ abi: accessManagerAbi, functionName: "grantRole", args: [Role[g.role], g.account, 0] }));
}
