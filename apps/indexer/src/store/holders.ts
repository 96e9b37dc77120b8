// Holder counts after an identity registry change. `Asset.holderCount` counts holders: investors (identities) with a
// positive balance over all their wallets (ARCHITECTURE.md glossary, "holder"). Transfers move it set-based
// (transfers.ts, RECOUNT_CROSSED_HOLDERS); this file covers the other way a count changes: the registry's record of a
// holding wallet names another identity (a registration after holding, a re-registration, IdentityUpdated).
import type pg from "pg";
import type { Journal } from "./journal.ts";

/**
 * Recounts `Asset.holderCount` of every asset of identity registry `registry` in which one of `wallets` holds a
 * positive balance, after the registry's record of those wallets changed (call it after the Investor rows are
 * written, in the range's transaction). The count is a full distinct count of holder keys over the asset's holdings:
 * a holding wallet's key is its identity in `registry` (Investor row, registered or since removed), or the wallet
 * itself when the registry has no record of it. A full count of just those assets, not a delta, because this is rare
 * (a wallet's identity changes while it holds tokens) and off the transfer hot path; wallets that hold nothing (the
 * usual registration) cost one index probe and no recount. Holding is what is settled so far: during a backfill the
 * later settlement moves the count by the crossings from there, with the identities then on record, so the result
 * is the same. Journals each recounted asset first (reorgs restore the count from its pre-image).
 * @param wallets lower-case wallet addresses whose Investor row of `registry` changed identity.
 * @returns the tokens recounted.
 */
export async function recountHoldersOf(
  client: pg.PoolClient,
  chainId: number,
  journal: Journal | undefined,
  registry: string,
  wallets: string[],
): Promise<string[]> {
  if (wallets.length === 0) return [];
  const { rows } = await client.query<{ token: string }>(
    `SELECT DISTINCT h."token" FROM "Holding" AS h
     WHERE h."chainId" = $1 AND h."wallet" = ANY($3::text[]) AND h."balance" > 0
       AND EXISTS (SELECT 1 FROM "Asset" AS a WHERE a."chainId" = $1 AND a."token" = h."token" AND a."identityRegistry" = $2)`,
    [chainId, registry, wallets],
  );
  const tokens = rows.map((r) => r.token);
  if (tokens.length === 0) return tokens;
  await journal?.assets(tokens);
  await client.query(
    `UPDATE "Asset" AS a SET "holderCount" = (
       SELECT count(DISTINCT COALESCE(i."identity", h."wallet"))::int FROM "Holding" AS h
       LEFT JOIN "Investor" AS i ON i."chainId" = $1 AND i."identityRegistry" = $2 AND i."wallet" = h."wallet"
       WHERE h."chainId" = $1 AND h."token" = a."token" AND h."balance" > 0)
     WHERE a."chainId" = $1 AND a."token" = ANY($3::text[])`,
    [chainId, registry, tokens],
  );
  return tokens;
}
