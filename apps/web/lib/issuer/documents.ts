import { hexToString, keccak256, stringToHex, type Hex } from "viem";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { MULTIPART_OVERHEAD } from "../api/body";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { NO_CONTROL_CHARS } from "../shared/params";
import { getPrisma } from "../db/prisma";
import { getAssetPermissions } from "../permissions/actions";

/** Largest document file accepted: 2 MiB (stored as bytea in one row; PGlite and PostgreSQL alike). */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
/** Largest multipart body of an upload, bytes: the file plus the form fields. */
export const DOCUMENT_UPLOAD_LIMIT = MAX_DOCUMENT_BYTES + MULTIPART_OVERHEAD;

/**
 * Content types a document file may have, each with the leading bytes its content must start with (none for text).
 * Nothing the browser would run (HTML, SVG, XML, JavaScript): files are served from this app's origin.
 */
export const DOCUMENT_TYPES: Readonly<Record<string, { label: string; magic: readonly (readonly number[])[] }>> = {
  "application/pdf": { label: "PDF", magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] }, // %PDF-
  "image/png": { label: "PNG", magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  "image/jpeg": { label: "JPEG", magic: [[0xff, 0xd8, 0xff]] },
  "image/gif": { label: "GIF", magic: [[0x47, 0x49, 0x46, 0x38]] },
  "image/webp": { label: "WebP", magic: [[0x52, 0x49, 0x46, 0x46]] },
  "text/plain": { label: "text", magic: [] },
  "text/csv": { label: "CSV", magic: [] },
};

/** The type a stored file is served with: its own when on the allowlist, else a download of opaque bytes. */
export const servedContentType = (stored: string): string =>
  stored in DOCUMENT_TYPES ? (stored.startsWith("text/") ? `${stored}; charset=utf-8` : stored) : "application/octet-stream";

/** A stored document file (without its content). */
export interface DocumentFileDto {
  id: string;
  name: string;
  fileName: string;
  contentType: string;
  /** Bytes. */
  size: number;
  /** keccak256 of the content, 0x hex: the ERC-1643 `documentHash`. */
  hash: Hex;
  /** The download route: the URI to pass to `setDocument`. */
  uri: string;
  uploadedBy: string;
  createdAt: string;
}

/** One ERC-1643 document of a token as indexed from `DocumentUpdated`, with the stored file when the URI is ours. */
export interface AssetDocumentDto {
  /** The name as text (bytes32 decoded as UTF-8, trailing zeros dropped). */
  name: string;
  /** The bytes32 name, 0x hex. */
  nameHex: Hex;
  uri: string;
  /** The on-chain `documentHash`. */
  hash: Hex;
  updatedBlock: string;
  file: Omit<DocumentFileDto, "uri"> | null;
}

/** POST /api/assets/[token]/documents answer. */
export interface UploadDocumentResponse {
  document: DocumentFileDto;
}

/** GET /api/assets/[token]/documents answer. */
export interface DocumentListResponse {
  documents: AssetDocumentDto[];
}

/** The document name: text of at most 32 UTF-8 bytes (the on-chain name is a bytes32). */
export const documentNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a document name.")
  .regex(NO_CONTROL_CHARS, "The name must not contain control characters.")
  .refine((s) => new TextEncoder().encode(s).length <= 32, "The name can have at most 32 bytes (the on-chain name is a bytes32).");

/** Path of the download route of stored file `id` of `token`. */
export const documentFilePath = (token: string, id: bigint | string) => `/api/assets/${token.toLowerCase()}/documents/${id}/file`;

/** bytes32 of a document name (UTF-8, right-padded with zeros). */
export const documentNameHex = (name: string): Hex => stringToHex(name, { size: 32 });

type FileRow = { id: bigint; name: string; fileName: string; contentType: string; size: number; hash: string; uploadedBy: string; createdAt: Date };

function toFileDto(row: FileRow, origin: string, token: string): DocumentFileDto {
  return {
    id: row.id.toString(),
    name: row.name,
    fileName: row.fileName,
    contentType: row.contentType,
    size: row.size,
    hash: row.hash as Hex,
    uri: `${origin}${documentFilePath(token, row.id)}`,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Stores a document file uploaded by an issuer or agent of `token` (multipart form: `name`, `file`), computes its
 * keccak256 and answers the URI and hash the wallet then passes to ERC-1643 `setDocument(name, uri, hash)`.
 * Nothing is stored unless every check passes (one insert). The route checks first that the token would accept the
 * wallet's setDocument (its owner or an ISSUER role holder, read on-chain; 403/404) and reads the form with
 * {@link DOCUMENT_UPLOAD_LIMIT} (413).
 * @param token lower-case token address
 * @throws ApiError BAD_REQUEST (no file, empty, over {@link MAX_DOCUMENT_BYTES}, a type not in
 *   {@link DOCUMENT_TYPES} or content that does not match it, bad name, not multipart)
 */
export async function uploadDocument(session: Session, token: `0x${string}`, form: FormData): Promise<UploadDocumentResponse> {
  const name = documentNameSchema.parse(form.get("name") ?? "");
  const file = form.get("file");
  if (!(file instanceof Blob)) throw new ApiError(ErrorCode.BAD_REQUEST, "Attach the document file (field file).");
  if (file.size === 0) throw new ApiError(ErrorCode.BAD_REQUEST, "The file is empty.");
  if (file.size > MAX_DOCUMENT_BYTES) throw new ApiError(ErrorCode.BAD_REQUEST, `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const fileName = (file instanceof File && file.name ? file.name : "document").replace(/[\u0000-\u001f\u007f"\\/]/g, "_").slice(0, 200);
  const contentType = (file.type || "").split(";")[0].trim().toLowerCase();
  const type = DOCUMENT_TYPES[contentType];
  if (!type) {
    throw new ApiError(ErrorCode.BAD_REQUEST, `Documents can be ${Object.values(DOCUMENT_TYPES).map((t) => t.label).join(", ")} files only.`);
  }
  if (type.magic.length && !type.magic.some((m) => m.every((b, i) => bytes[i] === b))) {
    throw new ApiError(ErrorCode.BAD_REQUEST, `The file is not a valid ${type.label} file.`);
  }
  const { chainId } = getServerConfig();
  const row = await getPrisma().documentFile.create({
    data: { chainId, token, name, fileName, contentType, size: bytes.length, hash: keccak256(bytes), content: bytes, uploadedBy: session.address.toLowerCase() },
    select: { id: true, name: true, fileName: true, contentType: true, size: true, hash: true, uploadedBy: true, createdAt: true },
  });
  // The URI is on the configured public origin (TESSERA_PUBLIC_ORIGIN), never on the request's Host.
  return { document: toFileDto(row, getServerConfig().publicOrigin, token) };
}

/**
 * The token's current ERC-1643 documents (indexed `AssetDocument`, removed ones left out), each with the stored file
 * its URI points at, if it is one of ours. Public: the same data is on-chain.
 * @param token lower-case token address
 */
export async function listDocuments(token: `0x${string}`): Promise<DocumentListResponse> {
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const docs = await prisma.assetDocument.findMany({ where: { chainId, token, removed: false }, orderBy: { name: "asc" } });
  const ids = docs.map((d) => /\/api\/assets\/0x[0-9a-f]{40}\/documents\/(\d{1,18})\/file$/.exec(d.uri)?.[1]).filter((x): x is string => Boolean(x));
  const files = ids.length
    ? await prisma.documentFile.findMany({
        where: { chainId, token, id: { in: ids.map((i) => BigInt(i)) } },
        select: { id: true, name: true, fileName: true, contentType: true, size: true, hash: true, uploadedBy: true, createdAt: true },
      })
    : [];
  const byId = new Map(files.map((f) => [f.id.toString(), f]));
  return {
    documents: docs.map((d) => {
      const id = /\/documents\/(\d{1,18})\/file$/.exec(d.uri)?.[1];
      const f = id ? byId.get(id) : undefined;
      let name: string;
      try {
        name = hexToString(d.name as Hex, { size: 32 }).replace(/\0+$/, "");
      } catch {
        name = d.name;
      }
      return {
        name,
        nameHex: d.name as Hex,
        uri: d.uri,
        hash: d.documentHash as Hex,
        updatedBlock: d.updatedBlock.toString(),
        file: f ? (({ uri: _uri, ...rest }) => rest)(toFileDto(f, "", token)) : null,
      };
    }),
  };
}

/**
 * The stored file `id` of `token` as a download: always `attachment`, with a type from {@link DOCUMENT_TYPES} (else
 * application/octet-stream), `nosniff` and a sandboxing CSP, the keccak256 in `x-document-hash`.
 * Public once registered on-chain (an indexed, not removed ERC-1643 document of the token whose URI is this file's
 * route and whose hash is its content's), like the on-chain URI that points here. Before that, only the uploader or a
 * wallet that may call the token's setDocument can fetch it (to check it); everyone else gets 404.
 * @throws ApiError NOT_FOUND
 */
export async function downloadDocument(session: Session | null, token: `0x${string}`, id: bigint): Promise<Response> {
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const row = await prisma.documentFile.findFirst({ where: { id, chainId, token } });
  if (!row) throw new ApiError(ErrorCode.NOT_FOUND, "No such document file.");
  const registered = await prisma.assetDocument.findFirst({
    where: { chainId, token, removed: false, documentHash: row.hash, uri: { endsWith: documentFilePath(token, id) } },
    select: { name: true },
  });
  if (!registered) {
    const mayCheck =
      session !== null &&
      (session.address === row.uploadedBy || (await getAssetPermissions(session.address, token, ["setDocument"])).can.setDocument);
    if (!mayCheck) throw new ApiError(ErrorCode.NOT_FOUND, "No such document file.");
  }
  return new Response(new Uint8Array(row.content), {
    headers: {
      "content-type": servedContentType(row.contentType),
      "content-length": String(row.size),
      "content-disposition": `attachment; filename="${row.fileName.replace(/[^\w.\- ]/g, "_")}"`,
      "x-document-hash": row.hash,
      "cache-control": registered ? "public, max-age=31536000, immutable" : "private, no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
    },
  });
}
