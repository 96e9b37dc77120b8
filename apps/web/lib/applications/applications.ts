import { identityRegistryAbi } from "@tessera/contracts";
import { decodeFunctionData, isAddressEqual, type Hash } from "viem";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { appendAuditEntry } from "../audit/record-audit-entry";
import type { Session } from "../auth/session";
import { readMinedTransaction } from "../chain/read";
import { readRuntimeConfig } from "../config/read-deployments";
import { getServerConfig } from "../config/server-config";
import { isUniqueViolation } from "../db/errors";
import { getPrisma } from "../db/prisma";
import type { ApplicationDto, ApplicationListResponse, ApplicationResponse } from "../shared/api-types";
import { hex } from "../shared/serialize";
import { idParam, NO_CONTROL_CHARS, paginationQuery } from "../shared/params";

/** Body of POST /api/applications: the investor's profile. */
export const applicationBody = z.object({
  name: z.string().trim().min(2, "enter your full name").max(120).regex(NO_CONTROL_CHARS, "must not contain control characters"),
  country: z.number().int().min(1).max(999),
  investorType: z.enum(["individual", "entity"]),
  accredited: z.boolean(),
  email: z.email().max(200).optional().or(z.literal("").transform(() => undefined)),
});

/** Query of GET /api/applications. */
export const applicationsQuery = paginationQuery.extend({ status: z.enum(["pending", "approved", "rejected", "all"]).default("pending") });

/** Body of POST /api/applications/[id]/reject. */
export const rejectBody = z.object({
  reason: z.string().trim().min(3, "give the applicant a reason (at least 3 characters)").max(500).regex(NO_CONTROL_CHARS, "must not contain control characters"),
});

/** Body of POST /api/applications/[id]/approve: the registry transaction that registered the applicant. */
export const approveBody = z.object({
  txHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/).transform((s) => s.toLowerCase() as Hash),
  reason: z.string().trim().max(500).regex(NO_CONTROL_CHARS, "must not contain control characters").optional(),
});

/** The id path parameter. */
export const applicationId = z.object({ id: idParam });

type Row = Awaited<ReturnType<ReturnType<typeof getPrisma>["onboardingApplication"]["findFirstOrThrow"]>>;

function toDto(r: Row): ApplicationDto {
  return {
    id: r.id.toString(),
    wallet: hex(r.wallet),
    name: r.name,
    country: r.country,
    investorType: r.investorType as ApplicationDto["investorType"],
    accredited: r.accredited,
    email: r.email,
    status: r.status,
    reason: r.reason,
    reviewedBy: r.reviewedBy ? hex(r.reviewedBy) : null,
    reviewedAt: r.reviewedAt ? r.reviewedAt.toISOString() : null,
    txHash: r.txHash as `0x${string}` | null,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * The signed-in wallet applies for onboarding with its profile (the route checks the session before it validates the body). One open application at a time: refused (409)
 * while one is pending or approved; a rejected applicant may apply again.
 * @throws ApiError CONFLICT
 */
export async function submitApplication(session: Session, body: z.infer<typeof applicationBody>): Promise<ApplicationResponse> {
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const open = await prisma.onboardingApplication.findFirst({
    where: { chainId, wallet: session.address, status: { in: ["pending", "approved"] } },
  });
  if (open) {
    throw new ApiError(ErrorCode.CONFLICT, open.status === "pending" ? "You already have an application under review." : "Your application was already approved.");
  }
  let row: Row;
  try {
    row = await prisma.onboardingApplication.create({
      data: {
        chainId,
        wallet: session.address,
        name: body.name,
        country: body.country,
        investorType: body.investorType,
        accredited: body.accredited,
        email: body.email ?? null,
      },
    });
  } catch (err) {
    // A concurrent submission won (the database allows one open application per wallet).
    if (isUniqueViolation(err)) throw new ApiError(ErrorCode.CONFLICT, OPEN_APPLICATION_CONFLICT);
    throw err;
  }
  return { application: toDto(row) };
}

/** The signed-in wallet's applications, newest first. */
export async function listMyApplications(session: Session): Promise<{ applications: ApplicationDto[] }> {
  const { chainId } = getServerConfig();
  const rows = await getPrisma().onboardingApplication.findMany({
    where: { chainId, wallet: session.address },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 20,
  });
  return { applications: rows.map(toDto) };
}

/** The review queue (compliance officers, checked by the route): by status, oldest first. */
export async function listApplications(q: z.infer<typeof applicationsQuery>): Promise<ApplicationListResponse> {
  const { chainId } = getServerConfig();
  const where = { chainId, ...(q.status === "all" ? {} : { status: q.status }) };
  const prisma = getPrisma();
  const [total, rows] = await Promise.all([
    prisma.onboardingApplication.count({ where }),
    prisma.onboardingApplication.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
  ]);
  return { page: q.page, pageSize: q.pageSize, total, applications: rows.map(toDto) };
}

/** Message of the 409 when the wallet already has an open application (found, or raced by the unique index). */
export const OPEN_APPLICATION_CONFLICT = "You already have an application under review or approved.";

/**
 * Moves a pending application to its decision and writes its audit entry in one transaction. The update is
 * conditional on the status still being pending, so of two concurrent decisions exactly one wins; the other gets 409
 * and leaves nothing behind.
 * @throws ApiError CONFLICT when the application is no longer pending
 */
async function decide(
  app: Row,
  data: { status: "approved" | "rejected"; reason: string; reviewedBy: string; txHash?: string },
  audit: Parameters<typeof appendAuditEntry>[0],
): Promise<Row> {
  const { chainId } = getServerConfig();
  return getPrisma().$transaction(async (tx) => {
    const { count } = await tx.onboardingApplication.updateMany({
      where: { id: app.id, chainId, status: "pending" },
      data: { ...data, reviewedAt: new Date() },
    });
    if (count !== 1) throw new ApiError(ErrorCode.CONFLICT, "This application was already reviewed.");
    await appendAuditEntry(audit, tx);
    return tx.onboardingApplication.findFirstOrThrow({ where: { id: app.id, chainId } });
  });
}

async function pendingApplication(id: bigint): Promise<Row> {
  const { chainId } = getServerConfig();
  const row = await getPrisma().onboardingApplication.findFirst({ where: { id, chainId } });
  if (!row) throw new ApiError(ErrorCode.NOT_FOUND, `No application ${id}.`);
  if (row.status !== "pending") throw new ApiError(ErrorCode.CONFLICT, `This application was already ${row.status}.`);
  return row;
}

/**
 * A compliance officer (checked by the route) rejects a pending application with a reason the applicant sees; recorded in the audit log.
 * @throws ApiError NOT_FOUND, CONFLICT (already reviewed)
 */
export async function rejectApplication(session: Session, id: bigint, body: z.infer<typeof rejectBody>): Promise<ApplicationResponse> {
  const app = await pendingApplication(id);
  const row = await decide(
    app,
    { status: "rejected", reason: body.reason, reviewedBy: session.address },
    {
      actor: session.address,
      actorRole: "compliance-officer",
      action: "application-rejected",
      subject: app.wallet,
      reason: body.reason,
      details: { application: app.id.toString(), name: app.name },
    },
  );
  return { application: toDto(row) };
}

/**
 * A compliance officer approves a pending application after registering the wallet on-chain: the server checks the
 * transaction (succeeded, sent by this officer, `registerInvestor` of the applicant's wallet on the platform's
 * identity registry), then marks the application approved and records it in the audit log.
 * @throws ApiError FORBIDDEN (another wallet's transaction), NOT_FOUND, CONFLICT, BAD_REQUEST (transaction does not match)
 */
export async function approveApplication(session: Session, id: bigint, body: z.infer<typeof approveBody>): Promise<ApplicationResponse> {
  const app = await pendingApplication(id);
  const { deployments } = await readRuntimeConfig();
  if (!deployments) throw new ApiError(ErrorCode.BAD_REQUEST, "The platform is not deployed on this chain.");
  const { tx, receipt } = await readMinedTransaction(body.txHash);
  if (!isAddressEqual(tx.from, session.address)) throw new ApiError(ErrorCode.FORBIDDEN, "This transaction was sent by another wallet.");
  let registered: string | null = null;
  try {
    const d = decodeFunctionData({ abi: identityRegistryAbi, data: tx.input });
    if (d.functionName === "registerInvestor" || d.functionName === "registerIdentity") registered = String(d.args[0]).toLowerCase();
  } catch {
    registered = null;
  }
  if (receipt.status !== "success" || !tx.to || !isAddressEqual(tx.to, deployments.identityRegistry) || registered !== app.wallet) {
    throw new ApiError(ErrorCode.BAD_REQUEST, "This transaction did not register the applicant's wallet in the identity registry.");
  }
  const reason = body.reason && body.reason.length >= 3 ? body.reason : "Application approved";
  const row = await decide(
    app,
    { status: "approved", reason, reviewedBy: session.address, txHash: body.txHash },
    {
      actor: session.address,
      actorRole: "compliance-officer",
      action: "application-approved",
      subject: app.wallet,
      reason,
      txHash: body.txHash,
      blockNumber: receipt.blockNumber,
      details: { application: app.id.toString(), name: app.name, country: app.country },
    },
  );
  return { application: toDto(row) };
}
