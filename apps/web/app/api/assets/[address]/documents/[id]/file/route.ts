import { z } from "zod";
import { errorResponse } from "@/lib/api/errors";
import { downloadDocument } from "@/lib/issuer/documents";
import { addressParam } from "@/lib/shared/params";

const params = z.object({
  address: addressParam,
  id: z.string().regex(/^\d{1,18}$/, "must be a document id").transform((s) => BigInt(s)),
});

/** GET /api/assets/[address]/documents/[id]/file: the stored document (the URI registered with setDocument); 404 otherwise. */
export async function GET(req: Request, ctx: { params: Promise<{ address: string; id: string }> }): Promise<Response> {
  try {
    const { address, id } = params.parse(await ctx.params);
    return await downloadDocument(req, address, id);
  } catch (err) {
    return errorResponse(err);
  }
}
