import { accessManagerAbi, identityRegistryAbi, Role, tokenAbi } from "@tessera/contracts";
import { decodeFunctionData, isAddressEqual, type Address, type Hash } from "viem";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import type { Session } from "../auth/session";
import { getPublicClient } from "../chain/public-client";
import { chainRead, readMinedTransaction } from "../chain/read";
import { getServerConfig } from "../config/server-config";
import { readRuntimeConfig } from "../config/read-deployments";
import { getPrisma } from "../db/prisma";
import { ASSET_ACTIONS, actionSelector, type AssetAction, type AssetPermissions } from "../permissions/actions";
import { requireAssetAction, requireComplianceOfficer } from "../permissions/guards";
import type { AuditEntryResponse } from "../shared/api-types";
import { NO_CONTROL_CHARS } from "../shared/params";
import { toAuditEntryDto } from "./audit-dto";

/** Body of POST /api/audit: the transaction the signed-in user just sent, and why. The server reads the rest. */
export const recordAuditBody = z.object({
  txHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x-prefixed 32-byte transaction hash").transform((s) => s.toLowerCase() as Hash),
  reason: z.string().trim().min(3, "give a reason (at least 3 characters)").max(500).regex(NO_CONTROL_CHARS, "must not contain control characters"),
});

/** What an audited call did, read from its calldata. */
interface Operation {
  action: string;
  subject?: Address;
  amount?: bigint;
  details?: Record<string, string | number | boolean>;
}

/** The role ids of `Role` by number, for the audit log's actorRole ("supply-role", "issuer-role", …). */
const ROLE_BY_ID = new Map<bigint, string>(Object.entries(Role).map(([name, id]) => [BigInt(id), name]));

/**
 * How the actor was allowed to call `fn` on the token (recorded as actorRole): "token-agent", "token-owner", or the
 * AccessManager role the manager maps the function to ("supply-role", "freezer-role", …; "access-manager" when the
 * role has no name of ours).
 */
async function actorRoleFor(fn: AssetAction, token: Address, p: AssetPermissions): Promise<string> {
  if (ASSET_ACTIONS[fn].gate === "agent" && p.agent) return "token-agent";
  if (ASSET_ACTIONS[fn].gate === "owner" && p.owner) return "token-owner";
  const client = getPublicClient();
  const authority = await chainRead(() => client.readContract({ address: token, abi: tokenAbi, functionName: "authority" }));
  if (!authority) return "access-manager";
  const roleId = await chainRead(
    () => client.readContract({ address: authority, abi: accessManagerAbi, functionName: "getTargetFunctionRole", args: [token, actionSelector(fn)] }) as Promise<bigint>,
  );
  const name = roleId === null ? undefined : ROLE_BY_ID.get(BigInt(roleId));
  return name ? `${name.toLowerCase().replace(/_/g, "-")}-role` : "access-manager";
}

/** Agent operations on a token that the audit log records, by function name. */
function tokenOperation(functionName: string, args: readonly unknown[]): Operation | null {
  const a = args as readonly [Address, unknown, unknown];
  switch (functionName) {
    case "mint":
      return { action: "mint", subject: a[0], amount: a[1] as bigint };
    case "batchMint": {
      // One entry for the whole batch (bulk issuance): the total, and the recipients and amounts in order.
      const [wallets, amounts] = args as readonly [readonly Address[], readonly bigint[]];
      return {
        action: "bulk-mint",
        amount: amounts.reduce((sum, x) => sum + x, 0n),
        details: { count: wallets.length, wallets: wallets.map((w) => w.toLowerCase()).join(" "), amounts: amounts.map(String).join(" ") },
      };
    }
    case "burn":
      return { action: "burn", subject: a[0], amount: a[1] as bigint };
    case "pause":
      return { action: "pause" };
    case "unpause":
      return { action: "unpause" };
    case "setAddressFrozen":
      return { action: a[1] ? "freeze" : "unfreeze", subject: a[0] };
    case "freezePartialTokens":
      return { action: "freeze-partial", subject: a[0], amount: a[1] as bigint };
    case "unfreezePartialTokens":
      return { action: "unfreeze-partial", subject: a[0], amount: a[1] as bigint };
    case "forcedTransfer":
      return { action: "forced-transfer", subject: a[0], amount: a[2] as bigint, details: { to: String(a[1]).toLowerCase() } };
    case "recoveryAddress":
      return {
        action: "recover-wallet",
        subject: a[0],
        details: { newWallet: String(a[1]).toLowerCase(), investorIdentity: String(a[2]).toLowerCase() },
      };
    default:
      return null;
  }
}

/** Compliance operations on the identity registry that the audit log records. */
function registryOperation(functionName: string, args: readonly unknown[]): Operation | null {
  const a = args as readonly [Address, Address, number, bigint];
  switch (functionName) {
    case "registerInvestor":
      return { action: "register-investor", subject: a[0], details: { identity: a[1].toLowerCase(), country: Number(a[2]), kycExpiresAt: a[3].toString() } };
    case "setKycExpiry":
      return { action: "set-kyc-expiry", subject: a[0], details: { kycExpiresAt: String(args[1]) } };
    case "updateCountry":
      return { action: "update-country", subject: a[0], details: { country: Number(args[1]) } };
    case "updateIdentity":
      return { action: "update-identity", subject: a[0], details: { identity: String(args[1]).toLowerCase() } };
    case "deleteIdentity":
      return { action: "delete-identity", subject: a[0] };
    case "registerIdentity":
      return { action: "register-investor", subject: a[0], details: { identity: a[1].toLowerCase(), country: Number(a[2]) } };
    case "batchRegisterIdentity": {
      // One entry for the whole batch: the wallets and countries, in order, in the details.
      const [wallets, , countries] = args as readonly [readonly Address[], readonly Address[], readonly number[]];
      return {
        action: "bulk-register",
        details: { count: wallets.length, wallets: wallets.map((w) => w.toLowerCase()).join(" "), countries: countries.map(Number).join(" ") },
      };
    }
    default:
      return null;
  }
}

/**
 * Records an issuer or compliance action in the audit log, after its transaction: the server reads the transaction
 * from the chain (it must have succeeded, been sent by the signed-in wallet, and called an audited function of a
 * token the platform knows — the contract must accept the user's call of that function now: an agent, the owner, or an
 * AccessManager role holder for it — or of the identity registry — the user must be a compliance officer) and
 * stores who, what (decoded from the calldata), when, the hash and block, and the reason. Idempotent per transaction.
 * @throws ApiError FORBIDDEN (role or another wallet's transaction), NOT_FOUND (a token the platform
 *   does not know), BAD_REQUEST (unknown, failed or unaudited transaction), CHAIN_UNAVAILABLE
 */
export async function recordAuditEntry(session: Session, body: z.infer<typeof recordAuditBody>): Promise<AuditEntryResponse> {
  const { tx, receipt } = await readMinedTransaction(body.txHash);
  if (!isAddressEqual(tx.from, session.address)) {
    throw new ApiError(ErrorCode.FORBIDDEN, "This transaction was sent by another wallet.");
  }
  if (receipt.status !== "success") throw new ApiError(ErrorCode.BAD_REQUEST, "This transaction failed; nothing to record.");
  if (!tx.to) throw new ApiError(ErrorCode.BAD_REQUEST, "A contract deployment is not an audited operation.");

  const { deployments } = await readRuntimeConfig();
  const toRegistry = deployments ? isAddressEqual(tx.to, deployments.identityRegistry) : false;
  let op: Operation | null = null;
  let fn = "";
  try {
    const decoded = decodeFunctionData({ abi: toRegistry ? identityRegistryAbi : tokenAbi, data: tx.input });
    fn = decoded.functionName;
    op = toRegistry ? registryOperation(decoded.functionName, decoded.args ?? []) : tokenOperation(decoded.functionName, decoded.args ?? []);
  } catch {
    op = null;
  }
  if (!op) throw new ApiError(ErrorCode.BAD_REQUEST, "This transaction is not an audited issuer or compliance operation.");
  let actorRole = "compliance-officer";
  if (toRegistry) await requireComplianceOfficer(session);
  else {
    // Exactly what the token accepts for this function now: agent/owner, or the AccessManager's canCall
    // (ARCHITECTURE.md "Roles"); only assets the platform knows (indexed) count. A former role holder is refused.
    const permissions = await requireAssetAction(session, tx.to, fn as AssetAction);
    actorRole = await actorRoleFor(fn as AssetAction, tx.to, permissions);
  }

  const { chainId } = getServerConfig();
  const row = await getPrisma().auditEntry.upsert({
    where: { chainId_txHash_action: { chainId, txHash: body.txHash, action: op.action } },
    update: {},
    create: {
      chainId,
      actor: session.address,
      actorRole,
      action: op.action,
      token: toRegistry ? null : tx.to.toLowerCase(),
      subject: op.subject?.toLowerCase() ?? null,
      amount: op.amount === undefined ? null : op.amount.toString(),
      txHash: body.txHash,
      blockNumber: receipt.blockNumber,
      reason: body.reason,
      details: op.details ?? undefined,
    },
  });
  return { entry: toAuditEntryDto(row) };
}

/**
 * Appends an entry for an action without a transaction of its own (e.g. an application rejected), or whose
 * transaction the caller has already checked. Callers check the role first. `db`: a transaction client, to write the
 * entry in the same transaction as the change it records (default: the process's client).
 */
export async function appendAuditEntry(entry: {
  actor: string;
  actorRole: string;
  action: string;
  reason: string;
  subject?: string | null;
  token?: string | null;
  txHash?: string | null;
  blockNumber?: bigint | null;
  details?: Record<string, string | number | boolean | null>;
  /** Token base units, if the action concerns an amount. */
  amount?: bigint | null;
}, db: Pick<ReturnType<typeof getPrisma>, "auditEntry"> = getPrisma()): Promise<void> {
  const { chainId } = getServerConfig();
  await db.auditEntry.create({
    data: {
      chainId,
      actor: entry.actor.toLowerCase(),
      actorRole: entry.actorRole,
      action: entry.action,
      reason: entry.reason,
      subject: entry.subject?.toLowerCase() ?? null,
      token: entry.token?.toLowerCase() ?? null,
      txHash: entry.txHash?.toLowerCase() ?? null,
      blockNumber: entry.blockNumber ?? null,
      amount: entry.amount === undefined || entry.amount === null ? null : entry.amount.toString(),
      details: entry.details ?? undefined,
    },
  });
}
