import { z } from "zod";
import { respond } from "@/lib/api/errors";
import { listDocuments, uploadDocument } from "@/lib/issuer/documents";
import { addressParam } from "@/lib/shared/params";

const params = z.object({ address: addressParam });

/** GET /api/assets/[address]/documents: the token's ERC-1643 documents (indexed), each with our stored file if any. */
export async function GET(_req: Request, ctx: { params: Promise<{ address: string }> }): Promise<Response> {
  return respond(async () => {
    const { address } = params.parse(await ctx.params);
    return listDocuments(address);
  });
}

/**
 * POST /api/assets/[address]/documents (multipart: name, file ≤ 2 MiB): stores the file for an agent of the token
 * and answers its download URI and keccak256, to pass to setDocument. 401 signed out, 403 not an agent, 400 bad input.
 */
export async function POST(req: Request, ctx: { params: Promise<{ address: string }> }): Promise<Response> {
  return respond(async () => {
    const { address } = params.parse(await ctx.params);
    return uploadDocument(req, address);
  });
}
