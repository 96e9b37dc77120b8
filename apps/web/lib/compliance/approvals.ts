import { manualApprovalModuleAbi, modularComplianceAbi } from "@tessera/contracts";
import { decodeFunctionData, getAbiItem, getAddress, isAddressEqual, parseEventLogs, type Address, type Hash } from "viem";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { appendAuditEntry } from "../audit/record-audit-entry";
import type { Session } from "../auth/session";
import { getPublicClient } from "../chain/public-client";
import { chainRead, readMinedTransaction } from "../chain/read";
import { readRuntimeConfig } from "../config/read-deployments";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { isComplianceOfficer } from "../permissions/roles";
import { assetsUsingModule, isTransferManager, manualApprovalModule } from "../permissions/transfer-managers";
import { addressParam, NO_CONTROL_CHARS } from "../shared/params";
import { hex } from "../shared/serialize";
import type { ApprovalDecisionResponse, ApprovalListResponse, ApprovalRequestDto } from "./types";

/** Query of GET /api/approvals: one asset or all. */
export const approvalsQuery = z.object({ token: addressParam.optional() });

/** Body of POST /api/approvals/check: the decision a transfer manager is about to send. */
export const decisionCheckBody = z.object({
  token: addressParam,
  from: addressParam,
  to: addressParam,
  /** Token base units, decimal string. */
  amount: z.string().regex(/^[1-9]\d{0,77}$/, "a positive whole number of token base units"),
  decision: z.enum(["approve", "reject"]),
});

/** Body of POST /api/approvals: the approveTransfer / rejectTransfer / requestTransfer transaction just sent, and why. */
export const decisionRecordBody = z.object({
  txHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x-prefixed 32-byte transaction hash").transform((s) => s.toLowerCase() as Hash),
  reason: z.string().trim().min(3, "give a reason (at least 3 characters)").max(500).regex(NO_CONTROL_CHARS, "must not contain control characters"),
});

async function approvalContext(): Promise<{ module: Address }> {
  const module = await manualApprovalModule();
  if (!module) throw new ApiError(ErrorCode.BAD_REQUEST, "The ManualApprovalModule is not deployed on this chain.");
  return { module };
}

/**
 * The maker-checker queue: transfers requested under the ManualApprovalModule (its TransferRequested events, read
 * from the chain since the platform's start block) that still have a pending request or an unused approval
 * (getTransferStatus now), per asset. Compliance officers see every asset with the module; a transfer manager sees
 * the assets it manages.
 * Without the module on this chain the queue is empty.
 * @throws ApiError FORBIDDEN (neither)
 */
export async function listApprovalRequests(session: Session, q: z.infer<typeof approvalsQuery>): Promise<ApprovalListResponse> {
  const { deployments } = await readRuntimeConfig();
  if (!deployments?.modules.manualApproval) {
    // No module on this chain: an empty queue for officers (nothing to manage), 403 for everyone else.
    if (await isComplianceOfficer(session.address)) return { assets: [], requests: [] };
    throw new ApiError(ErrorCode.FORBIDDEN, "Only a compliance officer can see the approval queue.");
  }
  const module = deployments.modules.manualApproval as Address;
  const all = await assetsUsingModule(module, q.token);
  const officer = await isComplianceOfficer(session.address);
  const managed = await Promise.all(all.map((a) => isTransferManager(module, a.compliance, session.address)));
  const visible = all.filter((_, i) => officer || managed[i]);
  if (!officer && visible.length === 0) {
    throw new ApiError(ErrorCode.FORBIDDEN, "Only a compliance officer or a transfer manager of an asset with manual approval can see the approval queue.");
  }
  const requests: ApprovalRequestDto[] = [];
  if (visible.length) {
    const client = getPublicClient();
    const logs = await client.getLogs({
      address: module,
      event: getAbiItem({ abi: manualApprovalModuleAbi, name: "TransferRequested" }),
      args: { compliance: visible.map((a) => getAddress(a.compliance)) },
      fromBlock: BigInt(deployments.startBlock ?? 0),
      toBlock: "latest",
    });
    const latest = new Map<string, (typeof logs)[number]>();
    for (const l of logs) latest.set(`${l.args.compliance}:${l.args.from}:${l.args.to}:${l.args.amount}`.toLowerCase(), l);
    const keys = [...latest.values()].reverse(); // newest first
    const statuses = await Promise.all(
      keys.map(
        (l) =>
          client.readContract({
            address: module,
            abi: manualApprovalModuleAbi,
            functionName: "getTransferStatus",
            args: [l.args.compliance!, l.args.from!, l.args.to!, l.args.amount!],
          }) as Promise<readonly [bigint, bigint]>,
      ),
    );
    keys.forEach((l, i) => {
      const [requested, approved] = statuses[i];
      if (requested === 0n && approved === 0n) return;
      const a = visible.find((x) => isAddressEqual(x.compliance, l.args.compliance!))!;
      requests.push({
        token: a.token,
        symbol: a.symbol,
        decimals: a.decimals,
        compliance: a.compliance,
        from: hex(l.args.from!),
        to: hex(l.args.to!),
        amount: l.args.amount!.toString(),
        requested: Number(requested),
        approved: Number(approved),
        requestedBlock: l.blockNumber!.toString(),
        requestedTxHash: l.transactionHash!,
      });
    });
  }
  return {
    assets: visible.map((a) => ({ token: a.token, symbol: a.symbol, compliance: a.compliance, manager: managed[all.indexOf(a)] })),
    requests,
  };
}

/**
 * Refuses a decision the signed-in wallet may not take: it must be a transfer manager of the asset's compliance
 * (403), must not be the requester of the transfer — maker-checker, the approver differs from the requester (409) —
 * and a request must be pending (409). Called before the wallet signs, and again when the decision is recorded.
 * @throws ApiError FORBIDDEN, CONFLICT, NOT_FOUND (asset without the module), BAD_REQUEST
 */
export async function checkDecision(session: Session, body: z.infer<typeof decisionCheckBody>): Promise<ApprovalDecisionResponse> {
  const { module } = await approvalContext();
  const [asset] = await assetsUsingModule(module, body.token);
  if (!asset) throw new ApiError(ErrorCode.NOT_FOUND, "This asset does not use manual transfer approval.");
  await assertMayDecide(module, asset.compliance, session.address, body.from);
  const [requested] = (await getPublicClient().readContract({
    address: module,
    abi: manualApprovalModuleAbi,
    functionName: "getTransferStatus",
    args: [getAddress(asset.compliance), getAddress(body.from), getAddress(body.to), BigInt(body.amount)],
  })) as readonly [bigint, bigint];
  if (requested === 0n && body.decision === "approve") throw new ApiError(ErrorCode.CONFLICT, "No request of this transfer is waiting for a decision.");
  return { ok: true };
}

async function assertMayDecide(module: Address, compliance: Address, wallet: Address, requester: Address): Promise<void> {
  if (!(await isTransferManager(module, compliance, wallet))) {
    throw new ApiError(ErrorCode.FORBIDDEN, "Only a transfer manager of this asset can approve or reject its transfers.");
  }
  if (isAddressEqual(wallet, requester)) {
    throw new ApiError(ErrorCode.CONFLICT, "You requested this transfer: another transfer manager must decide on it (maker-checker).");
  }
}

/**
 * Records a maker-checker transaction in the audit log after the server has read it from the chain: it must have
 * succeeded and been sent by the signed-in wallet to the ManualApprovalModule. `approveTransfer` / `rejectTransfer`
 * are checked as in checkDecision (transfer manager, not the requester); `requestTransfer` is recorded for its
 * requester, the `from` of the module's TransferRequested event, which must be the signed-in wallet. The compliance
 * must be that of an asset the platform knows (indexed), and the module's event for the transfer must be in the
 * receipt. Idempotent per transaction.
 * @throws ApiError FORBIDDEN, CONFLICT, NOT_FOUND (a compliance of no known asset), BAD_REQUEST
 *   (unknown, failed or other transaction)
 */
export async function recordDecision(session: Session, body: z.infer<typeof decisionRecordBody>): Promise<ApprovalDecisionResponse> {
  const { module } = await approvalContext();
  const { tx, receipt } = await readMinedTransaction(body.txHash);
  if (!isAddressEqual(tx.from, session.address)) throw new ApiError(ErrorCode.FORBIDDEN, "This transaction was sent by another wallet.");
  if (receipt.status !== "success") throw new ApiError(ErrorCode.BAD_REQUEST, "This transaction failed; nothing to record.");
  if (!tx.to || !isAddressEqual(tx.to, module)) throw new ApiError(ErrorCode.BAD_REQUEST, "This transaction is not a manual-approval operation.");
  let compliance: Address, from: Address, to: Address, amount: bigint, action: string;
  try {
    const d = decodeFunctionData({ abi: manualApprovalModuleAbi, data: tx.input });
    const args = d.args as readonly unknown[];
    if (d.functionName === "approveTransfer" || d.functionName === "rejectTransfer") {
      [compliance, from, to, amount] = args as [Address, Address, Address, bigint];
      action = d.functionName === "approveTransfer" ? "transfer-approved" : "transfer-rejected";
    } else if (d.functionName === "requestTransfer") {
      [compliance, to, amount] = args as [Address, Address, bigint];
      from = tx.from;
      action = "transfer-requested";
    } else throw new Error("other function");
  } catch {
    throw new ApiError(ErrorCode.BAD_REQUEST, "This transaction is not a manual-approval request or decision.");
  }
  // Only a compliance of an asset the platform knows (indexed, deployed by its factory) reaches an asset's audit log:
  // anyone can call the module for a compliance of its own making.
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const asset = await prisma.asset.findFirst({ where: { chainId, compliance: compliance.toLowerCase() }, select: { address: true } });
  if (!asset) throw new ApiError(ErrorCode.NOT_FOUND, "This transaction concerns a compliance of no asset of this platform.");
  const modules = await chainRead(() => getPublicClient().readContract({ address: getAddress(compliance), abi: modularComplianceAbi, functionName: "getModules" }));
  if (!modules || !(modules as readonly Address[]).some((m) => isAddressEqual(m, module))) {
    throw new ApiError(ErrorCode.BAD_REQUEST, "This asset does not use manual transfer approval: nothing to record.");
  }
  // The module's own event in this transaction says what happened; the entry records that, not the calldata alone.
  const eventName = action === "transfer-requested" ? "TransferRequested" : action === "transfer-approved" ? "TransferApproved" : "TransferRejected";
  const event = parseEventLogs({ abi: manualApprovalModuleAbi, eventName, logs: receipt.logs }).find(
    (l) =>
      isAddressEqual(l.address, module) &&
      isAddressEqual(l.args.compliance, compliance) &&
      isAddressEqual(l.args.from, from) &&
      isAddressEqual(l.args.to, to) &&
      l.args.amount === amount,
  );
  if (!event) throw new ApiError(ErrorCode.BAD_REQUEST, `This transaction emitted no ${eventName} for this transfer.`);
  if (action === "transfer-requested") {
    // The requester is the request's on-chain `from`, which must be the signed-in wallet.
    if (!isAddressEqual(event.args.from, session.address)) throw new ApiError(ErrorCode.FORBIDDEN, "Only the requester of a transfer can record its request.");
  } else await assertMayDecide(module, compliance, session.address, from);
  const existing = await prisma.auditEntry.findFirst({ where: { chainId, txHash: body.txHash, action } });
  if (!existing) {
    await appendAuditEntry({
      actor: session.address,
      actorRole: action === "transfer-requested" ? "investor" : "transfer-manager",
      action,
      reason: body.reason,
      subject: event.args.from,
      token: asset.address,
      txHash: body.txHash,
      blockNumber: receipt.blockNumber,
      details: { to: to.toLowerCase(), compliance: compliance.toLowerCase() },
      amount,
    });
  }
  return { ok: true };
}
