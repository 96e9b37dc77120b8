/**
 * SQL over the index for what each controller of an asset's vault has Pending now: the subscriptions' payment-token
 * base units and the redemptions' token base units (locked in the controller's wallet). Per controller and kind: the
 * requests since its last cancelation (a cancelation takes the whole Pending amount) minus the fulfilments since then,
 * at least 0 — the same reading as the vault queue's (lib/vault/list-vault-queue.ts), summed per controller.
 */

/**
 * A CTE body (use as `WITH pend AS (${pendingByControllerSql(...)})`) with rows (controller, deposit numeric, redeem
 * numeric), one per controller of the asset's vault (`Asset.vault`) with something Pending.
 * @param chainParam the SQL parameter holding the chain id, e.g. "$1"
 * @param tokenParam the SQL parameter holding the asset's token (lower-case), e.g. "$2"
 */
export function pendingByControllerSql(chainParam: string, tokenParam: string): string {
  return `
    WITH ev AS (
      SELECT "args"->>'controller' AS controller,
             CASE WHEN "event" IN ('DepositRequest', 'DepositFulfilled', 'CancelDepositRequest') THEN 'deposit' ELSE 'redeem' END AS kind,
             "event",
             ("blockNumber"::numeric * 1000000 + "logIndex") AS ord,
             CASE "event"
               WHEN 'DepositRequest' THEN ("args"->>'assets')::numeric
               WHEN 'DepositFulfilled' THEN -("args"->>'assets')::numeric
               WHEN 'RedeemRequest' THEN ("args"->>'shares')::numeric
               WHEN 'RedeemFulfilled' THEN -("args"->>'shares')::numeric
               ELSE 0 END AS delta
      FROM "MoneyLegEvent"
      WHERE "chainId" = ${chainParam} AND "token" = ${tokenParam} AND "source" = 'vault'
        AND "contract" = (SELECT "vault" FROM "Asset" WHERE "chainId" = ${chainParam} AND "token" = ${tokenParam})
        AND "event" IN ('DepositRequest', 'DepositFulfilled', 'CancelDepositRequest', 'RedeemRequest', 'RedeemFulfilled', 'CancelRedeemRequest')
    ),
    cut AS (
      SELECT controller, kind, max(ord) AS ord FROM ev WHERE "event" LIKE 'Cancel%' GROUP BY controller, kind
    ),
    live AS (
      SELECT ev.controller, ev.kind, GREATEST(sum(ev.delta), 0) AS total
      FROM ev LEFT JOIN cut ON cut.controller = ev.controller AND cut.kind = ev.kind
      WHERE ev.ord > coalesce(cut.ord, -1)
      GROUP BY ev.controller, ev.kind
    )
    SELECT lower(controller) AS controller,
           COALESCE(sum(total) FILTER (WHERE kind = 'deposit'), 0) AS deposit,
           COALESCE(sum(total) FILTER (WHERE kind = 'redeem'), 0) AS redeem
    FROM live GROUP BY lower(controller) HAVING sum(total) > 0`;
}
