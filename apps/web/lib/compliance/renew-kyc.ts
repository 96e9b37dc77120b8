import { identityRegistryAbi, onchainIdentityAbi } from "@tessera/contracts";
import { TesseraError } from "@tessera/sdk";
import { KYC_RENEWAL_MAX_WALLETS, planKycRenewal } from "@tessera/sdk/identity";
import { decodeFunctionData, isAddressEqual, parseEventLogs, type Abi, type Address, type Hash, type PublicClient } from "viem";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import type { Session } from "../auth/session";
import { toAuditEntryDto } from "../audit/audit-dto";
import { getPublicClient } from "../chain/public-client";
import { readRuntimeConfig } from "../config/read-deployments";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { addressParam } from "../shared/params";
import { hex } from "../shared/serialize";
import type { KycRenewalCheckResponse, KycRenewalMethodDto, KycRenewalRecordResponse, KycRenewedDto } from "./kyc-renewal-types";

export { KYC_RENEWAL_MAX_WALLETS };

/** Latest KYC expiry a renewal may set: 10 years after the chain's time (a later date is taken for a typo). */
export const KYC_RENEWAL_MAX_SECONDS = 10n * 366n * 86_400n;

/** Unix seconds as a decimal string or an integer. */
const unixSeconds = z
  .union([z.string().trim().regex(/^\d{1,20}$/, "must be unix seconds"), z.number().int().nonnegative()])
  .transform((v) => BigInt(v))
  .pipe(z.bigint().lt(1n << 64n, "too large"));

/** Body of POST /api/investors/kyc-renewals/check: registered wallets (1..50, each once) and the new expiry. */
export const kycRenewalCheckBody = z.object({
  wallets: z
    .array(addressParam)
    .min(1, "name at least one wallet")
    .max(KYC_RENEWAL_MAX_WALLETS, `at most ${KYC_RENEWAL_MAX_WALLETS} wallets per renewal`)
    .refine((ws) => new Set(ws).size === ws.length, "a wallet is listed twice"),
  /** The new KYC expiry, unix seconds; in the future, at most 10 years ahead. */
  expiresAt: unixSeconds,
});

/** Body of POST /api/investors/kyc-renewals: the same, the renewal's transactions and the reason for the audit log. */
export const kycRenewalRecordBody = kycRenewalCheckBody.extend({
  txHashes: z
    .array(z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x-prefixed 32-byte transaction hash").transform((s) => s.toLowerCase() as Hash))
    .min(1, "name the renewal's transactions")
    .max(2 * KYC_RENEWAL_MAX_WALLETS)
    .refine((hs) => new Set(hs).size === hs.length, "a transaction is listed twice"),
  reason: z.string().trim().min(3, "give a reason (at least 3 characters)").max(500),
});

/** The registry, the chain's time and a reader of registry views. */
async function renewalContext() {
  const { deployments } = await readRuntimeConfig();
  if (!deployments) throw new ApiError(ErrorCode.BAD_REQUEST, "The platform is not deployed on this chain.");
  const client = getPublicClient();
  let now: bigint;
  try {
    now = (await client.getBlock()).timestamp;
  } catch {
    throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable.");
  }
  const registry = deployments.identityRegistry;
  const read = <T>(functionName: string, args: readonly unknown[], blockNumber?: bigint) =>
    client.readContract({ address: registry, abi: identityRegistryAbi, functionName, args, blockNumber } as never) as Promise<T>;
  return { deployments, client, registry, now, read };
}

/** Refuses an expiry in the past (by the chain's clock) or absurdly far ahead. @throws ApiError BAD_REQUEST */
function assertExpiry(expiresAt: bigint, now: bigint): void {
  if (expiresAt <= now) throw new ApiError(ErrorCode.BAD_REQUEST, "expiresAt: the new KYC expiry must be in the future.");
  if (expiresAt > now + KYC_RENEWAL_MAX_SECONDS) throw new ApiError(ErrorCode.BAD_REQUEST, "expiresAt: the new KYC expiry must be at most 10 years ahead.");
}

/** The SDK's refusals in API terms: bad input 400, a chain state that refuses the renewal 409. */
function apiErrorOf(err: unknown): unknown {
  if (!(err instanceof TesseraError)) return err;
  switch (err.errorName) {
    case "InvalidInput":
    case "WalletNotRegistered":
      return new ApiError(ErrorCode.BAD_REQUEST, err.message);
    case "CallerNotAgent":
      return new ApiError(ErrorCode.FORBIDDEN, "Only a compliance officer (an agent of the identity registry) can do this.");
    case "IssuerNotTrusted":
    case "ClaimSignerNotKey":
    case "NoClaimKey":
      return new ApiError(ErrorCode.CONFLICT, err.message);
    default:
      return new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable.");
  }
}

/**
 * Before signing: may the signed-in officer renew these wallets' KYC to `expiresAt`, and how (the registry's source of
 * truth decides: a refreshed ONCHAINID claim when it requires claim topics, else the officer's attestation, or the
 * claim where the officer holds a claim key)? Reads the chain through the SDK's planKycRenewal, the same preflight the
 * browser's renewKyc runs. Writes nothing.
 * Compliance officers only (checked by the route).
 * @throws ApiError BAD_REQUEST (bad body, past or far expiry, too many
 *   or repeated wallets, an unregistered wallet), CONFLICT (claims required and the officer cannot refresh a claim)
 */
export async function checkKycRenewal(session: Session, body: z.infer<typeof kycRenewalCheckBody>): Promise<KycRenewalCheckResponse> {
  const ctx = await renewalContext();
  assertExpiry(body.expiresAt, ctx.now);
  let plan: Awaited<ReturnType<typeof planKycRenewal>>;
  try {
    plan = await planKycRenewal(
      ctx.client as PublicClient,
      { identityRegistry: ctx.registry, claimIssuer: ctx.deployments.claimIssuer, wallets: body.wallets as Address[], expiresAt: body.expiresAt },
      { officer: session.address as Address },
    );
  } catch (err) {
    throw apiErrorOf(err);
  }
  const wallets: KycRenewalCheckResponse["wallets"] = [];
  for (const g of plan.groups) {
    for (const w of g.wallets) {
      wallets.push({ wallet: hex(w), identity: hex(g.identity), method: g.method, kycExpiresAt: (await ctx.read<bigint>("kycExpiry", [w])).toString() });
    }
  }
  return { mode: plan.mode, expiresAt: plan.expiresAt.toString(), wallets };
}

/** A registry KycUpdated event of one of the renewal's transactions. */
interface KycWrite {
  wallet: Address;
  expiresAt: bigint;
  txHash: Hash;
  blockNumber: bigint;
  logIndex: number;
  functionName: string;
}

/**
 * After the renewal's transactions: checks on the chain that each named wallet's KYC expiry was really written by one
 * of them (the registry's KycUpdated event, in a successful transaction sent by the signed-in officer, still the
 * registry's value now and in the future), then records one "renew-kyc" audit entry per transaction with the wallet,
 * the previous and new expiry, the requested expiry, the method (claim or attestation) and the reason, all in one
 * database transaction. The other transactions may only be the KYC claims added to those wallets' identities.
 * Idempotent per transaction.
 * @returns Each wallet renewed and the audit entries.
 * Compliance officers only (checked by the route).
 * @throws ApiError FORBIDDEN (another wallet's transaction), BAD_REQUEST (bad body,
 *   past expiry, a transaction unknown, failed or not part of this renewal, a wallet not renewed by them),
 *   CONFLICT (a wallet's expiry changed since, or the renewal left it unverified)
 */
export async function recordKycRenewal(session: Session, body: z.infer<typeof kycRenewalRecordBody>): Promise<KycRenewalRecordResponse> {
  const ctx = await renewalContext();
  assertExpiry(body.expiresAt, ctx.now);
  const listed = new Set<string>(body.wallets);

  const writes = new Map<string, KycWrite>();
  const claimTxByIdentity = new Map<string, Hash>();
  for (const hash of body.txHashes) {
    let tx: Awaited<ReturnType<typeof ctx.client.getTransaction>>;
    let receipt: Awaited<ReturnType<typeof ctx.client.getTransactionReceipt>>;
    try {
      [tx, receipt] = await Promise.all([ctx.client.getTransaction({ hash }), ctx.client.getTransactionReceipt({ hash })]);
    } catch {
      throw new ApiError(ErrorCode.BAD_REQUEST, `No confirmed transaction ${hash} on this chain.`);
    }
    if (!isAddressEqual(tx.from, session.address as Address)) throw new ApiError(ErrorCode.FORBIDDEN, `Transaction ${hash} was sent by another wallet.`);
    if (receipt.status !== "success") throw new ApiError(ErrorCode.BAD_REQUEST, `Transaction ${hash} failed; nothing to record.`);
    if (tx.to && isAddressEqual(tx.to, ctx.registry)) {
      let functionName = "unknown";
      try {
        functionName = decodeFunctionData({ abi: identityRegistryAbi as Abi, data: tx.input }).functionName;
      } catch {
        /* kept as unknown: the event is what counts */
      }
      const events = parseEventLogs({ abi: identityRegistryAbi as Abi, logs: receipt.logs, eventName: "KycUpdated" }) as unknown as {
        address: Address;
        logIndex: number;
        args: { investorAddress: Address; expiresAt: bigint };
      }[];
      let ours = 0;
      for (const e of events) {
        const wallet = e.args.investorAddress.toLowerCase();
        if (!isAddressEqual(e.address, ctx.registry) || !listed.has(wallet)) continue;
        ours++;
        const w: KycWrite = { wallet: wallet as Address, expiresAt: e.args.expiresAt, txHash: hash, blockNumber: receipt.blockNumber, logIndex: e.logIndex, functionName };
        const prev = writes.get(wallet);
        if (!prev || prev.blockNumber < w.blockNumber || (prev.blockNumber === w.blockNumber && prev.logIndex < w.logIndex)) writes.set(wallet, w);
      }
      if (ours === 0) throw new ApiError(ErrorCode.BAD_REQUEST, `Transaction ${hash} did not update the KYC of the wallets named.`);
    } else {
      let functionName: string | null = null;
      try {
        functionName = tx.to ? decodeFunctionData({ abi: onchainIdentityAbi as Abi, data: tx.input }).functionName : null;
      } catch {
        functionName = null;
      }
      if (functionName !== "addClaim") throw new ApiError(ErrorCode.BAD_REQUEST, `Transaction ${hash} is not part of a KYC renewal.`);
      claimTxByIdentity.set(tx.to!.toLowerCase(), hash);
    }
  }

  const renewed: (KycRenewedDto & { blockNumber: bigint })[] = [];
  const identities = new Set<string>();
  for (const wallet of body.wallets) {
    const w = writes.get(wallet);
    if (!w) throw new ApiError(ErrorCode.BAD_REQUEST, `Wallet ${wallet}: none of these transactions updated its KYC.`);
    const [current, identity] = await Promise.all([ctx.read<bigint>("kycExpiry", [wallet]), ctx.read<Address>("identity", [wallet])]);
    if (current !== w.expiresAt) throw new ApiError(ErrorCode.CONFLICT, `Wallet ${wallet}: its KYC expiry has changed since this renewal.`);
    if (w.expiresAt <= ctx.now) throw new ApiError(ErrorCode.CONFLICT, `Wallet ${wallet}: the renewal left it unverified (no valid claim?).`);
    const previous = await ctx.read<bigint>("kycExpiry", [wallet], w.blockNumber - 1n).catch(() => null);
    const id = identity.toLowerCase();
    identities.add(id);
    const method: KycRenewalMethodDto = w.functionName === "refreshVerification" || claimTxByIdentity.has(id) ? "claim" : "attestation";
    renewed.push({
      wallet: hex(wallet),
      identity: hex(id),
      method,
      previousKycExpiresAt: previous === null ? null : previous.toString(),
      kycExpiresAt: w.expiresAt.toString(),
      txHash: hex(w.txHash),
      blockNumber: w.blockNumber,
    });
  }
  for (const identity of claimTxByIdentity.keys()) {
    if (!identities.has(identity)) throw new ApiError(ErrorCode.BAD_REQUEST, `Transaction ${claimTxByIdentity.get(identity)} added a claim to another identity.`);
  }

  // One entry per transaction (the audit log's key); a transaction that renewed several wallets lists them all.
  const byTx = new Map<string, typeof renewed>();
  for (const r of renewed) byTx.set(r.txHash, [...(byTx.get(r.txHash) ?? []), r]);
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const rows = await prisma.$transaction(
    [...byTx].map(([txHash, rs]) =>
      prisma.auditEntry.upsert({
        where: { chainId_txHash_action: { chainId, txHash, action: "renew-kyc" } },
        update: {},
        create: {
          chainId,
          actor: session.address.toLowerCase(),
          actorRole: "compliance-officer",
          action: "renew-kyc",
          subject: rs.length === 1 ? rs[0]!.wallet : null,
          txHash,
          blockNumber: rs[0]!.blockNumber,
          reason: body.reason,
          details: {
            wallets: rs.map((r) => r.wallet).join(" "),
            identity: rs[0]!.identity,
            method: rs[0]!.method,
            previousKycExpiresAt: rs[0]!.previousKycExpiresAt,
            kycExpiresAt: rs[0]!.kycExpiresAt,
            requestedExpiresAt: body.expiresAt.toString(),
            claimTxHash: claimTxByIdentity.get(rs[0]!.identity) ?? null,
            batchSize: body.wallets.length,
          },
        },
      }),
    ),
  );
  return { renewed: renewed.map(({ blockNumber: _b, ...r }) => r), entries: rows.map(toAuditEntryDto) };
}
