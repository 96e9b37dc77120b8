import type { Address } from "viem";
import { readRuntimeConfig } from "../config/read-deployments";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { indexAtHead } from "../index/at-head";
import { hex } from "../shared/serialize";

/**
 * Transfer approvers: the wallets the ManualApprovalModule lets approve or reject requested transfers of an asset
 * (maker-checker; ARCHITECTURE.md glossary), per asset compliance. A role predicate, so it lives with the other
 * permissions; the approval queue itself is lib/compliance/approvals. Read from the index (`ComplianceEvent`: the
 * compliance's ModuleAdded/ModuleRemoved and the module's TransferApproverSet), once it has reached the chain head
 * (lib/index/at-head).
 */

/** An indexed asset whose compliance uses the ManualApprovalModule. */
export interface ApprovalAsset {
  token: Address;
  symbol: string;
  decimals: number;
  compliance: Address;
}

/** The platform's ManualApprovalModule on the configured chain (lower case), or null when it is not deployed. */
export async function manualApprovalModule(): Promise<Address | null> {
  const { deployments } = await readRuntimeConfig();
  const module = deployments?.modules.manualApproval;
  return module ? (module.toLowerCase() as Address) : null;
}

/**
 * The compliances among `compliances` that have `module` bound now: the last ModuleAdded/ModuleRemoved naming it
 * in each compliance's indexed events is ModuleAdded (what `getModules()` lists).
 */
export async function compliancesUsingModule(module: Address, compliances: readonly string[]): Promise<Set<string>> {
  if (compliances.length === 0) return new Set();
  const { chainId } = getServerConfig();
  const rows = await getPrisma().complianceEvent.findMany({
    where: { chainId, module: module.toLowerCase(), event: { in: ["ModuleAdded", "ModuleRemoved"] }, compliance: { in: [...compliances] } },
    orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
    select: { compliance: true, event: true },
  });
  const bound = new Map<string, boolean>();
  for (const r of rows) bound.set(r.compliance, r.event === "ModuleAdded");
  return new Set([...bound].filter(([, on]) => on).map(([c]) => c));
}

/**
 * Indexed assets (newest first) whose compliance has `module` bound now; one asset when `token` is given.
 * `atHead` (default true) first waits for the index to reach the chain head (lib/index/at-head); false reads the
 * index as it stands (menu hints, which the routes check again).
 * @throws ApiError CHAIN_UNAVAILABLE, INDEX_BEHIND (lib/index/at-head); database errors as they are
 */
export async function assetsUsingModule(module: Address, token?: Address, opts: { atHead?: boolean } = {}): Promise<ApprovalAsset[]> {
  if (opts.atHead ?? true) await indexAtHead();
  const { chainId } = getServerConfig();
  const rows = await getPrisma().asset.findMany({
    where: { chainId, ...(token ? { token: token.toLowerCase() } : {}) },
    select: { token: true, symbol: true, decimals: true, compliance: true },
    orderBy: { deployedBlock: "desc" },
  });
  const using = await compliancesUsingModule(module, rows.map((r) => r.compliance));
  return rows.filter((r) => using.has(r.compliance)).map((r) => ({ token: hex(r.token), symbol: r.symbol, decimals: r.decimals, compliance: hex(r.compliance) }));
}

/**
 * The compliances (among `compliances`, all when omitted) of which `wallet` is a transfer approver under `module`:
 * the last TransferApproverSet naming it there enabled it (what the module's `isTransferApprover` answers). Reads the index
 * as it stands: callers wait for the head first ({@link assetsUsingModule} does).
 */
export async function approverCompliances(module: Address, wallet: Address, compliances?: readonly string[]): Promise<Set<string>> {
  const { chainId } = getServerConfig();
  const rows = await getPrisma().complianceEvent.findMany({
    where: {
      chainId,
      module: module.toLowerCase(),
      event: "TransferApproverSet",
      args: { path: ["approver"], equals: wallet.toLowerCase() },
      ...(compliances ? { compliance: { in: [...compliances] } } : {}),
    },
    orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
    select: { compliance: true, args: true },
  });
  const enabled = new Map<string, boolean>();
  for (const r of rows) enabled.set(r.compliance, (r.args as { enabled?: unknown }).enabled === true);
  return new Set([...enabled].filter(([, on]) => on).map(([c]) => c));
}

/** True when `wallet` is a transfer approver of `compliance` under `module` (see {@link approverCompliances}). */
export async function isTransferApprover(module: Address, compliance: Address, wallet: Address): Promise<boolean> {
  return (await approverCompliances(module, wallet, [compliance.toLowerCase()])).has(compliance.toLowerCase());
}

/**
 * True when `wallet` is a transfer approver under the platform's ManualApprovalModule for at least one indexed asset
 * that uses it; false when the module is not deployed.
 */
export async function approvesTransfers(wallet: Address, opts: { atHead?: boolean } = {}): Promise<boolean> {
  const module = await manualApprovalModule();
  if (!module) return false;
  const assets = await assetsUsingModule(module, undefined, opts);
  if (assets.length === 0) return false;
  const approved = await approverCompliances(module, wallet, assets.map((a) => a.compliance));
  return approved.size > 0;
}
