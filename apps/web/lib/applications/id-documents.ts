import { createHash } from "node:crypto";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import type { Session } from "../auth/session";
import { requireOfficerOrSelf } from "../permissions/guards";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import type { IdDocumentDto, IdDocumentListResponse } from "../investor/types";
import type { ApplicationResponse } from "../shared/api-types";
import { idParam } from "../shared/params";
import { isUniqueViolation } from "../db/errors";
import { applicationBody, OPEN_APPLICATION_CONFLICT } from "./applications";

/** Largest ID file accepted, bytes (2 MiB). */
export const ID_FILE_MAX_BYTES = 2 * 1024 * 1024;
/** Most ID files per application. */
export const ID_FILES_PER_APPLICATION = 6;
/** Largest multipart body accepted before parsing it (the files plus the form fields): the routes' form limit. */
export const ID_UPLOAD_BODY_LIMIT = ID_FILES_PER_APPLICATION * ID_FILE_MAX_BYTES + 64 * 1024;

/** Accepted types, each with the leading bytes its content must start with (the browser's type is not trusted). */
const TYPES = {
  "application/pdf": { ext: "pdf", magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] }, // %PDF-
  "image/png": { ext: "png", magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  "image/jpeg": { ext: "jpg", magic: [[0xff, 0xd8, 0xff]] },
} as const;
type ContentType = keyof typeof TYPES;

/** Document kinds an applicant can upload. */
export const idDocumentKind = z.enum(["passport", "national-id", "proof-of-address", "other"]);

/** One uploaded file, checked: name, declared type, size, and content that matches the type. */
export const idFile = z
  .instanceof(File, { message: "must be a file" })
  .refine((f) => f.size > 0, "is empty")
  .refine((f) => f.size <= ID_FILE_MAX_BYTES, `is larger than ${ID_FILE_MAX_BYTES / 1024 / 1024} MB`)
  .refine((f) => f.type in TYPES, "must be a PDF, PNG or JPEG file")
  .refine((f) => f.name.trim().length > 0 && f.name.length <= 200, "needs a file name of at most 200 characters");

/** Multipart fields of an upload: `kind` and one or more `file` parts. */
export const idUpload = z.object({
  kind: idDocumentKind,
  files: z.array(idFile).min(1, "choose at least one file").max(ID_FILES_PER_APPLICATION, `at most ${ID_FILES_PER_APPLICATION} files`),
});

interface CheckedFile {
  kind: string;
  fileName: string;
  contentType: ContentType;
  content: Uint8Array<ArrayBuffer>;
  sha256: string;
}

/** Validates the upload fields and each file's content against its declared type. @throws ZodError, ApiError BAD_REQUEST */
async function checkFiles(form: FormData): Promise<CheckedFile[]> {
  const { kind, files } = idUpload.parse({ kind: form.get("kind") ?? undefined, files: form.getAll("file") });
  const out: CheckedFile[] = [];
  for (const f of files) {
    const content = new Uint8Array(await f.arrayBuffer());
    if (content.length > ID_FILE_MAX_BYTES) throw new ApiError(ErrorCode.BAD_REQUEST, `${f.name} is larger than 2 MB.`);
    const type = f.type as ContentType;
    const ok = TYPES[type].magic.some((m) => m.every((b, i) => content[i] === b));
    if (!ok) throw new ApiError(ErrorCode.BAD_REQUEST, `${f.name} is not a valid ${TYPES[type].ext.toUpperCase()} file.`);
    out.push({ kind, fileName: f.name.trim().replace(/[\u0000-\u001f"\\/]/g, "_"), contentType: type, content, sha256: createHash("sha256").update(content).digest("hex") });
  }
  return out;
}

type DocRow = { id: bigint; applicationId: bigint; kind: string; fileName: string; contentType: string; size: number; sha256: string; createdAt: Date };
const META = { id: true, applicationId: true, kind: true, fileName: true, contentType: true, size: true, sha256: true, createdAt: true } as const;

function toDto(r: DocRow): IdDocumentDto {
  return {
    id: r.id.toString(),
    applicationId: r.applicationId.toString(),
    kind: r.kind,
    fileName: r.fileName,
    contentType: r.contentType,
    size: r.size,
    sha256: r.sha256,
    createdAt: r.createdAt.toISOString(),
  };
}

function rows(files: CheckedFile[], chainId: number, applicationId: bigint, wallet: string) {
  return files.map((f) => ({ chainId, applicationId, wallet, kind: f.kind, fileName: f.fileName, contentType: f.contentType, size: f.content.length, sha256: f.sha256, content: f.content }));
}

/**
 * POST /api/applications as multipart/form-data: the signed-in wallet applies with its profile (the JSON fields of
 * {@link applicationBody} as form fields; `accredited` "true"/"on") and its ID files (`kind`, `file` parts) in one
 * request. Everything is validated first; the application and its files are then written in one transaction, so a
 * refused file leaves no application behind.
 * @throws ApiError CONFLICT (an application pending or approved), BAD_REQUEST (profile or files)
 */
export async function submitApplicationWithDocuments(session: Session, form: FormData): Promise<ApplicationResponse & IdDocumentListResponse> {
  const accredited = String(form.get("accredited") ?? "");
  const body = applicationBody.parse({
    name: form.get("name") ?? undefined,
    country: Number(form.get("country")),
    investorType: form.get("investorType") ?? undefined,
    accredited: accredited === "true" || accredited === "on",
    email: String(form.get("email") ?? ""),
  });
  const files = await checkFiles(form);
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const open = await prisma.onboardingApplication.findFirst({ where: { chainId, wallet: session.address, status: { in: ["pending", "approved"] } } });
  if (open) throw new ApiError(ErrorCode.CONFLICT, open.status === "pending" ? "You already have an application under review." : "Your application was already approved.");
  // One interactive transaction on one connection (no other connection is awaited inside: PGlite-safe).
  // A concurrent submission that won the race trips the one-open-application-per-wallet index: 409, nothing written.
  const { app, docs } = await prisma
    .$transaction(async (tx) => {
      const app = await tx.onboardingApplication.create({
        data: { chainId, wallet: session.address, name: body.name, country: body.country, investorType: body.investorType, accredited: body.accredited, email: body.email ?? null },
      });
      await tx.applicationDocument.createMany({ data: rows(files, chainId, app.id, session.address) });
      const docs = await tx.applicationDocument.findMany({ where: { chainId, applicationId: app.id }, select: META, orderBy: { id: "asc" } });
      return { app, docs };
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw new ApiError(ErrorCode.CONFLICT, OPEN_APPLICATION_CONFLICT);
      throw err;
    });
  return {
    application: {
      id: app.id.toString(), wallet: session.address, name: app.name, country: app.country, investorType: app.investorType as "individual" | "entity",
      accredited: app.accredited, email: app.email, status: app.status, reason: app.reason, reviewedBy: null, reviewedAt: null, txHash: null,
      createdAt: app.createdAt.toISOString(),
    },
    applicationId: app.id.toString(),
    documents: docs.map(toDto),
  };
}

/** The signed-in wallet's latest application (any status), or null. */
async function latestApplication(wallet: string) {
  const { chainId } = getServerConfig();
  return getPrisma().onboardingApplication.findFirst({ where: { chainId, wallet }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

/**
 * POST /api/applications/mine/documents (multipart: `kind`, `file` parts): the signed-in applicant adds ID files to
 * its pending application, up to {@link ID_FILES_PER_APPLICATION} in all.
 * @throws ApiError CONFLICT (no pending application, or too many files), BAD_REQUEST
 */
export async function addMyIdDocuments(session: Session, form: FormData): Promise<IdDocumentListResponse> {
  const files = await checkFiles(form);
  const app = await latestApplication(session.address);
  if (app?.status !== "pending") throw new ApiError(ErrorCode.CONFLICT, "Documents can be added only to an application under review.");
  const { chainId } = getServerConfig();
  // Check and write in one transaction that first locks the application row: concurrent uploads to one application
  // take turns, so the count each sees includes the others' files and the limit holds (and the status is re-read).
  await getPrisma().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<Array<{ status: string }>>`SELECT status::text AS status FROM "OnboardingApplication" WHERE id = ${app.id} AND "chainId" = ${chainId} FOR UPDATE`;
    if (locked?.status !== "pending") throw new ApiError(ErrorCode.CONFLICT, "Documents can be added only to an application under review.");
    const have = await tx.applicationDocument.count({ where: { chainId, applicationId: app.id } });
    if (have + files.length > ID_FILES_PER_APPLICATION) {
      throw new ApiError(ErrorCode.CONFLICT, `An application holds at most ${ID_FILES_PER_APPLICATION} documents (${have} uploaded).`);
    }
    await tx.applicationDocument.createMany({ data: rows(files, chainId, app.id, session.address) });
  });
  return listFor(app.id);
}

async function listFor(applicationId: bigint): Promise<IdDocumentListResponse> {
  const { chainId } = getServerConfig();
  const docs = await getPrisma().applicationDocument.findMany({ where: { chainId, applicationId }, select: META, orderBy: { id: "asc" } });
  return { applicationId: applicationId.toString(), documents: docs.map(toDto) };
}

/** GET /api/applications/mine/documents: the files of the signed-in wallet's latest application. */
export async function listMyIdDocuments(session: Session): Promise<IdDocumentListResponse> {
  const app = await latestApplication(session.address);
  return app ? listFor(app.id) : { applicationId: null, documents: [] };
}

/**
 * GET /api/applications/[id]/documents: an application's files (metadata), for compliance officers and the applicant.
 * @throws ApiError FORBIDDEN, NOT_FOUND
 */
export async function listApplicationIdDocuments(session: Session, id: bigint): Promise<IdDocumentListResponse> {
  const { chainId } = getServerConfig();
  const app = await getPrisma().onboardingApplication.findFirst({ where: { chainId, id }, select: { wallet: true } });
  await requireOfficerOrSelf(session, app?.wallet, "Only compliance officers and the applicant can see these documents.");
  if (!app) throw new ApiError(ErrorCode.NOT_FOUND, `No application ${id}.`);
  return listFor(id);
}

/**
 * POST /api/applications/[id]/documents/[documentId]: a compliance officer downloads an ID file (as an attachment,
 * with its stored type; never rendered inline). Each download is recorded in the audit log, so the route takes POST
 * from this origin only (not a GET that a cross-site navigation could trigger).
 * Compliance officers only (checked by the route).
 * @throws ApiError NOT_FOUND
 */
export async function downloadIdDocument(session: Session, id: bigint, documentId: bigint): Promise<Response> {
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const doc = await prisma.applicationDocument.findFirst({ where: { chainId, id: documentId, applicationId: id } });
  if (!doc) throw new ApiError(ErrorCode.NOT_FOUND, `No document ${documentId} in application ${id}.`);
  await prisma.auditEntry.create({
    data: {
      chainId, actor: session.address, actorRole: "compliance-officer", action: "id-document-downloaded", subject: doc.wallet,
      reason: `Downloaded ${doc.kind} ${doc.fileName} for review`, details: { application: id.toString(), document: documentId.toString(), sha256: doc.sha256 },
    },
  });
  return new Response(doc.content, {
    headers: {
      "content-type": doc.contentType,
      "content-length": String(doc.size),
      "content-disposition": `attachment; filename="${doc.fileName.replace(/[^A-Za-z0-9._ -]/g, "_")}"`,
      "x-content-type-options": "nosniff",
      "cache-control": "no-store, private",
    },
  });
}

/** Path params of the document routes. */
export const documentParams = z.object({ id: idParam, documentId: idParam });
export const applicationParams = z.object({ id: idParam });
