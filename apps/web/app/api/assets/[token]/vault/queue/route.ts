import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { requireTokenReader } from "@/lib/permissions/guards";
import { addressParam } from "@/lib/shared/params";
import { listVaultQueue, queueQuery } from "@/lib/vault/list-vault-queue";

const params = z.object({ token: addressParam });

/**
 * GET /api/assets/[token]/vault/queue?kind&page&pageSize: Pending subscription and redemption requests per controller
 * with their dealing dates (who from the index, amounts and dates from the chain now). The token's agents, owner and
 * role holders, and compliance officers (401/403); 404 not indexed; 503 node or index behind.
 */
export const GET = withSession(({ params, query }) => listVaultQueue(params.token, query), {
  params,
  query: queueQuery,
  permission: (session, { params }) => requireTokenReader(session, params.token),
});
