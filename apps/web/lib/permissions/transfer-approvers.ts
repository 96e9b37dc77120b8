import { manualApprovalModuleAbi, modularComplianceAbi } from "@tessera/contracts";
import { getAddress, isAddressEqual, type Address } from "viem";
import { getPublicClient } from "../chain/public-client";
import { readRuntimeConfig } from "../config/read-deployments";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { hex } from "../shared/serialize";

/**
 * Transfer managers: the maker-checker approvers of the ManualApprovalModule (ARCHITECTURE.md "Modules"), per asset
 * compliance. A role predicate, so it lives with the other permissions; the approval queue itself is
 * lib/compliance/approvals.
 */

/** An indexed asset whose compliance uses the ManualApprovalModule. */
export interface ApprovalAsset {
  token: Address;
  symbol: string;
  decimals: number;
  compliance: Address;
}

/** The platform's ManualApprovalModule on the configured chain, or null when it is not deployed. */
export async function manualApprovalModule(): Promise<Address | null> {
  const { deployments } = await readRuntimeConfig();
  return (deployments?.modules.manualApproval as Address | undefined) ?? null;
}

/**
 * Indexed assets (newest first) whose compliance lists `module` now (`getModules`, read from the chain); one asset
 * when `token` is given. A compliance that cannot be read counts as not using it.
 */
export async function assetsUsingModule(module: Address, token?: Address): Promise<ApprovalAsset[]> {
  const { chainId } = getServerConfig();
  const rows = await getPrisma().asset.findMany({
    where: { chainId, ...(token ? { address: token.toLowerCase() } : {}) },
    select: { address: true, symbol: true, decimals: true, compliance: true },
    orderBy: { deployedBlock: "desc" },
  });
  const client = getPublicClient();
  const uses = await Promise.all(
    rows.map((r) =>
      client
        .readContract({ address: getAddress(r.compliance), abi: modularComplianceAbi, functionName: "getModules" })
        .then((m) => (m as readonly Address[]).some((a) => isAddressEqual(a, module)))
        .catch(() => false),
    ),
  );
  return rows.filter((_, i) => uses[i]).map((r) => ({ token: hex(r.address), symbol: r.symbol, decimals: r.decimals, compliance: hex(r.compliance) }));
}

/**
 * True when `wallet` is a transfer manager of `compliance` under `module` (`isTransferManager`, read from the chain).
 * @throws the node's error when it cannot answer
 */
export async function isTransferManager(module: Address, compliance: Address, wallet: Address): Promise<boolean> {
  return (await getPublicClient().readContract({
    address: module,
    abi: manualApprovalModuleAbi,
    functionName: "isTransferManager",
    args: [compliance, wallet],
  })) as boolean;
}

/**
 * True when `wallet` is a transfer manager under the platform's ManualApprovalModule for at least one indexed asset
 * that uses it; false when the module is not deployed.
 */
export async function managesTransferApprovals(wallet: Address): Promise<boolean> {
  const module = await manualApprovalModule();
  if (!module) return false;
  const assets = await assetsUsingModule(module);
  const managed = await Promise.all(assets.map((a) => isTransferManager(module, a.compliance, wallet).catch(() => false)));
  return managed.some(Boolean);
}
