import { z } from "zod";
import { withSession } from "@/lib/api/with-session";
import { requireWalletReader } from "@/lib/permissions/guards";
import { addressParam } from "@/lib/shared/params";
import { listInvestorOrders, ordersQuery } from "@/lib/vault/list-investor-orders";

const params = z.object({ wallet: addressParam });

/**
 * GET /api/investors/[wallet]/orders?page&pageSize: the wallet's subscriptions and redemptions per vault (Pending with
 * dealing date, Claimable, canceled: read from the chain now) and its vault events (index, newest first, paged). The
 * wallet itself or a compliance officer (401/403); 503 when the node cannot answer.
 */
export const GET = withSession(({ params, query }) => listInvestorOrders(params.wallet, query), {
  params,
  query: ordersQuery,
  permission: (session, { params }) => requireWalletReader(session, params.wallet),
});
