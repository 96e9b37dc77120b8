import { manualApprovalModuleAbi } from "@tessera/contracts";
import { decodeFunctionData, isAddressEqual, parseEventLogs, type Address, type Hash } from "viem";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { appendAuditEntry } from "../audit/record-audit-entry";
import type { Session } from "../auth/session";
import { readMinedTransaction } from "../chain/read";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { isComplianceOfficer } from "../permissions/roles";
import { indexAtHead } from "../index/at-head";
import { approverCompliances, assetsUsingModule, compliancesUsingModule, isTransferApprover, manualApprovalModule } from "../permissions/transfer-approvers";
import { addressParam, NO_CONTROL_CHARS } from "../shared/params";
import { hex } from "../shared/serialize";
import type { ApprovalDecisionResponse, ApprovalListResponse, ApprovalRequestDto } from "./types";

/** Query of GET /api/approvals: one asset or all. */
export const approvalsQuery = z.object({ token: addressParam.optional() });

/** Body of POST /api/approvals/check: the decision a transfer approver is about to send. */
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

/** getTransferStatus of one transfer (compliance, from, to, amount) as the index has it, with its latest request. */
interface IndexedTransferStatus {
  compliance: string;
  from: string;
  to: string;
  /** Token base units, decimal string. */
  amount: string;
  requested: number;
  approved: number;
  /** The latest TransferRequested of this transfer. */
  requestedBlock: bigint;
  requestedTxHash: string;
}

type ApprovalEventArgs = { from?: unknown; to?: unknown; amount?: unknown };

/**
 * The module's counts per transfer under `compliances`, folded from its indexed events in chain order exactly as
 * ManualApprovalModule keeps them: TransferRequested adds a request; TransferApproved turns a request into an
 * approval; TransferRejected drops a request, else an approval; ApprovalUsed spends an approval. Keyed
 * `compliance:from:to:amount` (lower case), in the order of each transfer's first request. `only`: one transfer.
 * Reads the index as it stands: callers wait for the head first (assetsUsingModule does).
 */
async function transferStatuses(
  module: Address,
  compliances: readonly string[],
  only?: { from: string; to: string; amount: string },
): Promise<Map<string, IndexedTransferStatus>> {
  const out = new Map<string, IndexedTransferStatus>();
  if (compliances.length === 0) return out;
  const { chainId } = getServerConfig();
  const rows = await getPrisma().complianceEvent.findMany({
    where: {
      chainId,
      module: module.toLowerCase(),
      compliance: { in: [...compliances] },
      event: { in: ["TransferRequested", "TransferApproved", "TransferRejected", "ApprovalUsed"] },
      ...(only
        ? {
            AND: [
              { args: { path: ["from"], equals: only.from.toLowerCase() } },
              { args: { path: ["to"], equals: only.to.toLowerCase() } },
              { args: { path: ["amount"], equals: only.amount } },
            ],
          }
        : {}),
    },
    orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
    select: { compliance: true, event: true, args: true, blockNumber: true, txHash: true },
  });
  for (const r of rows) {
    const a = r.args as ApprovalEventArgs;
    const from = String(a.from);
    const to = String(a.to);
    const amount = String(a.amount);
    const key = `${r.compliance}:${from}:${to}:${amount}`;
    let s = out.get(key);
    if (r.event === "TransferRequested") {
      if (!s) {
        s = { compliance: r.compliance, from, to, amount, requested: 0, approved: 0, requestedBlock: r.blockNumber, requestedTxHash: r.txHash };
        out.set(key, s);
      }
      s.requested += 1;
      s.requestedBlock = r.blockNumber;
      s.requestedTxHash = r.txHash;
    } else if (s) {
      // A decision or a use always follows a request (the module reverts NothingToDecide otherwise).
      if (r.event === "TransferApproved") {
        s.requested -= 1;
        s.approved += 1;
      } else if (r.event === "TransferRejected") {
        if (s.requested > 0) s.requested -= 1;
        else if (s.approved > 0) s.approved -= 1;
      } else if (s.approved > 0) s.approved -= 1; // ApprovalUsed
    }
  }
  return out;
}

/**
 * The maker-checker queue: transfers requested under the ManualApprovalModule that still have a pending request or
 * an unused approval, per asset, newest first — from the index (`ComplianceEvent`: the module's TransferRequested,
 * TransferApproved, TransferRejected and ApprovalUsed, folded into getTransferStatus's counts), read once the index
 * has reached the chain head (so a request just confirmed is listed). Compliance officers see every asset with the
 * module; a transfer approver sees the assets it manages.
 * Without the module on this chain the queue is empty.
 * @throws ApiError FORBIDDEN (neither), CHAIN_UNAVAILABLE, INDEX_BEHIND
 */
export async function listApprovalRequests(session: Session, q: z.infer<typeof approvalsQuery>): Promise<ApprovalListResponse> {
  const module = await manualApprovalModule();
  if (!module) {
    // No module on this chain: an empty queue for officers (nothing to manage), 403 for everyone else.
    if (await isComplianceOfficer(session.address)) return { assets: [], requests: [] };
    throw new ApiError(ErrorCode.FORBIDDEN, "Only a compliance officer can see the approval queue.");
  }
  const all = await assetsUsingModule(module, q.token);
  const [officer, managedSet] = await Promise.all([
    isComplianceOfficer(session.address),
    approverCompliances(module, session.address, all.map((a) => a.compliance)),
  ]);
  const managed = all.map((a) => managedSet.has(a.compliance));
  const visible = all.filter((_, i) => officer || managed[i]);
  if (!officer && visible.length === 0) {
    throw new ApiError(ErrorCode.FORBIDDEN, "Only a compliance officer or a transfer approver of an asset with manual approval can see the approval queue.");
  }
  const statuses = [...(await transferStatuses(module, visible.map((a) => a.compliance))).values()].reverse(); // newest first
  const requests: ApprovalRequestDto[] = [];
  for (const s of statuses) {
    if (s.requested === 0 && s.approved === 0) continue;
    const a = visible.find((x) => x.compliance === s.compliance);
    if (!a) continue;
    requests.push({
      token: a.token,
      symbol: a.symbol,
      decimals: a.decimals,
      compliance: a.compliance,
      from: hex(s.from),
      to: hex(s.to),
      amount: s.amount,
      requested: s.requested,
      approved: s.approved,
      requestedBlock: s.requestedBlock.toString(),
      requestedTxHash: hex(s.requestedTxHash),
    });
  }
  return {
    assets: visible.map((a) => ({ token: a.token, symbol: a.symbol, compliance: a.compliance, approver: managed[all.indexOf(a)] })),
    requests,
  };
}

/**
 * Refuses a decision the signed-in wallet may not take: it must be a transfer approver of the asset's compliance
 * (403), must not be the requester of the transfer — maker-checker, the approver differs from the requester (409) —
 * and a request must be pending (409). Called before the wallet signs, and again when the decision is recorded.
 * @throws ApiError FORBIDDEN, CONFLICT, NOT_FOUND (asset without the module), BAD_REQUEST
 */
export async function checkDecision(session: Session, body: z.infer<typeof decisionCheckBody>): Promise<ApprovalDecisionResponse> {
  const { module } = await approvalContext();
  const [asset] = await assetsUsingModule(module, body.token);
  if (!asset) throw new ApiError(ErrorCode.NOT_FOUND, "This asset does not use manual transfer approval.");
  await assertMayDecide(module, asset.compliance, session.address, body.from);
  const status = (await transferStatuses(module, [asset.compliance], body)).values().next().value;
  const requested = status?.requested ?? 0;
  if (requested === 0 && body.decision === "approve") throw new ApiError(ErrorCode.CONFLICT, "No request of this transfer is waiting for a decision.");
  return { ok: true };
}

async function assertMayDecide(module: Address, compliance: Address, wallet: Address, requester: Address): Promise<void> {
  if (!(await isTransferApprover(module, compliance, wallet))) {
    throw new ApiError(ErrorCode.FORBIDDEN, "Only a transfer approver of this asset can approve or reject its transfers.");
  }
  if (isAddressEqual(wallet, requester)) {
    throw new ApiError(ErrorCode.CONFLICT, "You requested this transfer: another transfer approver must decide on it (maker-checker).");
  }
}

/**
 * Records a maker-checker transaction in the audit log after the server has read it from the chain: it must have
 * succeeded and been sent by the signed-in wallet to the ManualApprovalModule. `approveTransfer` / `rejectTransfer`
 * are checked as in checkDecision (transfer approver, not the requester); `requestTransfer` is recorded for its
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
  const asset = await prisma.asset.findFirst({ where: { chainId, compliance: compliance.toLowerCase() }, select: { token: true, compliance: true } });
  if (!asset) throw new ApiError(ErrorCode.NOT_FOUND, "This transaction concerns a compliance of no asset of this platform.");
  // The module must be bound to that compliance now (index, once at the head: this transaction is in it).
  await indexAtHead();
  if (!(await compliancesUsingModule(module, [asset.compliance])).has(asset.compliance)) {
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
      actorRole: action === "transfer-requested" ? "investor" : "transfer-approver",
      action,
      reason: body.reason,
      subject: event.args.from,
      token: asset.token,
      txHash: body.txHash,
      blockNumber: receipt.blockNumber,
      details: { to: to.toLowerCase(), compliance: compliance.toLowerCase() },
      amount,
    });
  }
  return { ok: true };
}
