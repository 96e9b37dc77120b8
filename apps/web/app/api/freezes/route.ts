import { withSession } from "@/lib/api/with-session";
import { freezesQuery, listFreezes } from "@/lib/compliance/list-freezes";
import { requireFreezeReader } from "@/lib/permissions/guards";

/** GET /api/freezes?token&page&pageSize: frozen wallets and partially frozen amounts (officers: all; agents: their token). */
export const GET = withSession(({ query }) => listFreezes(query), {
  query: freezesQuery,
  permission: (session, { query }) => requireFreezeReader(session, query.token),
});
