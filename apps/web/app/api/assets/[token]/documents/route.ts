import { z } from "zod";
import { withPublic, withSession } from "@/lib/api/with-session";
import { DOCUMENT_UPLOAD_LIMIT, listDocuments, uploadDocument } from "@/lib/issuer/documents";
import { addressParam } from "@/lib/shared/params";

const params = z.object({ token: addressParam });

/** GET /api/assets/[token]/documents: the token's ERC-1643 documents (indexed), each with our stored file if any. */
export const GET = withPublic(({ params }) => listDocuments(params.token), { params });

/**
 * POST /api/assets/[token]/documents (multipart: name, file ≤ 2 MiB): stores the file for a wallet the token lets
 * call setDocument (its owner or an ISSUER role holder) and answers its download URI and keccak256, to pass to
 * setDocument. 401 signed out, 403 not allowed, 404 unknown asset, 400 bad input, 413 too large.
 */
export const POST = withSession(({ session, params, form }) => uploadDocument(session, params.token, form), {
  params,
  form: DOCUMENT_UPLOAD_LIMIT,
  permission: { asset: "token", can: "setDocument" },
});
