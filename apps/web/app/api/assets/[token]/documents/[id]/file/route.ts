import { z } from "zod";
import { withPublic } from "@/lib/api/with-session";
import { loadSession } from "@/lib/auth/session";
import { downloadDocument } from "@/lib/issuer/documents";
import { addressParam } from "@/lib/shared/params";

const params = z.object({
  token: addressParam,
  id: z.string().regex(/^\d{1,18}$/, "must be a document id").transform((s) => BigInt(s)),
});

/**
 * GET /api/assets/[token]/documents/[id]/file: the stored document (the URI registered with setDocument); 404
 * otherwise. Public once registered; before that the uploader or a wallet that may call setDocument (session optional).
 */
export const GET = withPublic(async ({ req, params: { token, id } }) => downloadDocument(await loadSession(req), token, id), { params });
