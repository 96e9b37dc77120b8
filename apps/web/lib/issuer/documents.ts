import { hexToString, keccak256, stringToHex, type Hex } from "viem";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { requireTokenAgent } from "../auth/require";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";

/** Largest document file accepted: 2 MiB (stored as bytea in one row; PGlite and PostgreSQL alike). */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

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

/** POST /api/assets/[address]/documents answer. */
export interface UploadDocumentResponse {
  document: DocumentFileDto;
}

/** GET /api/assets/[address]/documents answer. */
export interface DocumentListResponse {
  documents: AssetDocumentDto[];
}

/** The document name: text of at most 32 UTF-8 bytes (the on-chain name is a bytes32). */
export const documentNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a document name.")
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
 * Nothing is stored unless every check passes (one insert).
 * @param token lower-case token address
 * @throws ApiError UNAUTHENTICATED / FORBIDDEN (not an agent of the token, read on-chain), BAD_REQUEST (no file, empty,
 *   over {@link MAX_DOCUMENT_BYTES}, bad name, not multipart)
 */
export async function uploadDocument(req: Request, token: `0x${string}`): Promise<UploadDocumentResponse> {
  const session = await requireTokenAgent(req, token);
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_DOCUMENT_BYTES + 64 * 1024) throw new ApiError(ErrorCode.BAD_REQUEST, `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB.`);
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new ApiError(ErrorCode.BAD_REQUEST, "Send the document as multipart/form-data with the fields name and file.");
  }
  const name = documentNameSchema.parse(form.get("name") ?? "");
  const file = form.get("file");
  if (!(file instanceof Blob)) throw new ApiError(ErrorCode.BAD_REQUEST, "Attach the document file (field file).");
  if (file.size === 0) throw new ApiError(ErrorCode.BAD_REQUEST, "The file is empty.");
  if (file.size > MAX_DOCUMENT_BYTES) throw new ApiError(ErrorCode.BAD_REQUEST, `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const fileName = (file instanceof File && file.name ? file.name : "document").slice(0, 200);
  const contentType = (file.type || "application/octet-stream").slice(0, 100);
  const { chainId } = getServerConfig();
  const row = await getPrisma().documentFile.create({
    data: { chainId, token, name, fileName, contentType, size: bytes.length, hash: keccak256(bytes), content: bytes, uploadedBy: session.address.toLowerCase() },
    select: { id: true, name: true, fileName: true, contentType: true, size: true, hash: true, uploadedBy: true, createdAt: true },
  });
  return { document: toFileDto(row, new URL(req.url).origin, token) };
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
 * The stored file `id` of `token` as a download (its content type, `attachment`, the keccak256 in `x-document-hash`).
 * Public, like the on-chain URI that points here.
 * @throws ApiError NOT_FOUND
 */
export async function downloadDocument(token: `0x${string}`, id: bigint): Promise<Response> {
  const { chainId } = getServerConfig();
  const row = await getPrisma().documentFile.findFirst({ where: { id, chainId, token } });
  if (!row) throw new ApiError(ErrorCode.NOT_FOUND, "No such document file.");
  return new Response(new Uint8Array(row.content), {
    headers: {
      "content-type": row.contentType,
      "content-length": String(row.size),
      "content-disposition": `attachment; filename="${row.fileName.replace(/[^\w.\- ]/g, "_")}"`,
      "x-document-hash": row.hash,
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    },
  });
}
