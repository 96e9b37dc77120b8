import { getPrisma } from "../db/prisma";
/**
 * SQL over the index for what each controller of an asset's vault has Pending now: the subscriptions' payment-token
 * base units and the redemptions' token base units (locked in the controller's wallet). Per controller and kind: the
 * requests since its last cancelation (a cancelation takes the whole Pending amount) minus the fulfilments since then,
 * at least 0 — the same reading as the vault queue's (lib/vault/list-vault-queue.ts), summed per controller.
 */

/**
 * The CTEs `ev, cut, live` (to follow a `WITH`; one pass over the vault's rows: `ev` is read once, `cut` marks each
 * row with its controller's last cancelation by a window, so nothing is materialized twice): `live` has one row (controller, kind 'deposit' | 'redeem',
 * "firstBlock" numeric, total numeric) per controller and kind with something Pending: requests since its last
 * cancelation minus fulfilments since then, when positive; "firstBlock" is the block of the first of those requests.
 * @param chainParam the SQL parameter holding the chain id, e.g. "$1"
 * @param tokenParam the SQL parameter holding the asset's token (lower-case), e.g. "$2"
 * @param vaultExpr SQL giving the vault's address (lower-case): a parameter, or a subquery on "Asset"
 */
export function pendingRequestsCtes(chainParam: string, tokenParam: string, vaultExpr: string): string {
  return `
    ev AS (
      SELECT "args"->>'controller' AS controller,
             CASE WHEN "event" IN ('DepositRequest', 'DepositFulfilled', 'CancelDepositRequest') THEN 'deposit' ELSE 'redeem' END AS kind,
             "event",
             "blockNumber",
             ("blockNumber"::numeric * 1000000 + "logIndex") AS ord,
             CASE "event"
               WHEN 'DepositRequest' THEN ("args"->>'assets')::numeric
               WHEN 'DepositFulfilled' THEN -("args"->>'assets')::numeric
               WHEN 'RedeemRequest' THEN ("args"->>'shares')::numeric
               WHEN 'RedeemFulfilled' THEN -("args"->>'shares')::numeric
               ELSE 0 END AS delta
      FROM "MoneyLegEvent"
      WHERE "chainId" = ${chainParam} AND "token" = ${tokenParam} AND "source" = 'vault' AND "contract" = ${vaultExpr}
        AND "event" IN ('DepositRequest', 'DepositFulfilled', 'CancelDepositRequest', 'RedeemRequest', 'RedeemFulfilled', 'CancelRedeemRequest')
    ),
    cut AS (
      SELECT ev.*, max(ord) FILTER (WHERE "event" LIKE 'Cancel%') OVER (PARTITION BY controller, kind) AS cut FROM ev
    ),
    live AS (
      SELECT controller, kind, min("blockNumber") FILTER (WHERE delta > 0) AS "firstBlock", sum(delta) AS total
      FROM cut
      WHERE ord > coalesce(cut, -1)
      GROUP BY controller, kind
      HAVING sum(delta) > 0
    )`;
}

/** What one controller of an asset's vault has Pending: decimal strings of base units. */
export interface PendingOfController {
  /** Lower-case. */
  controller: string;
  /** Payment-token base units of its Pending subscription requests. */
  deposit: string;
  /** Token base units of its Pending redemption requests. */
  redeem: string;
}

/**
 * Every controller of the asset's vault with something Pending, read in one statement over the vault's request,
 * fulfilment and cancelation rows (the index on (chainId, token, source, blockNumber) finds the asset's vault rows).
 * Read once per cap-table request and handed to its statements as a parameter ({@link pendingJson}), so that they
 * never rescan the vault's events.
 */
export async function pendingByController(chainId: number, token: string, vault: string): Promise<PendingOfController[]> {
  return getPrisma().$queryRawUnsafe<PendingOfController[]>(
    `WITH ${pendingRequestsCtes("$1", "$2", "$3")}
     SELECT lower(controller) AS controller,
            COALESCE(sum(total) FILTER (WHERE kind = 'deposit'), 0)::text AS deposit,
            COALESCE(sum(total) FILTER (WHERE kind = 'redeem'), 0)::text AS redeem
     FROM live GROUP BY lower(controller)`,
    chainId,
    token,
    vault,
  );
}

/**
 * The Pending amounts as one JSON object, controller → [deposit, redeem] (decimal strings): a jsonb parameter whose
 * lookup by wallet (`j -> wallet`) is a binary search over its keys, so a cap-table page reads the Pending columns of
 * its own rows only.
 */
export function pendingJson(pending: PendingOfController[]): string {
  return JSON.stringify(Object.fromEntries(pending.map((p) => [p.controller, [p.deposit, p.redeem]])));
}
