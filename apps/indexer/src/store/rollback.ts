// Reorg reconciliation's write side: reverting the chain's derived tables to a common ancestor from the undo journal,
// and an operator's full re-index (rollbackAll).
import type pg from "pg";
import { rollbackCrosschain } from "../handlers/crosschain.ts";
import { inTransaction } from "./sql.ts";

const ASSET_COLUMNS = [
  "issuer", "compliance", "identityRegistry", "name", "symbol", "decimals", "assetClass", "totalSupply", "holderCount",
  "paused", "allowedCountries", "maxHolders", "maxBalance", "deployedBlock", "deployedTxHash", "deployedAt", "accessManager", "vault", "bridge",
];
const ROLE_MEMBER_COLUMNS = ["token", "active", "since", "executionDelay", "grantedBlock", "updatedBlock"];
const HOLDING_COLUMNS = ["balance", "frozen", "frozenAmount", "lockedAmount", "firstAcquiredBlock", "updatedBlock"];
const INVESTOR_COLUMNS = ["identity", "country", "kycExpiresAt", "registered", "registeredBlock", "updatedBlock"];
const setFrom = (columns: string[], source: string) => columns.map((c) => `"${c}" = ${source}."${c}"`).join(", ");

/**
 * Reverts the chain's derived tables to the state right after block `ancestor` (a range end recorded in
 * IndexerBlock, with every later range journaled): deletes the transfers above it, restores for every row
 * changed since its oldest pre-image from IndexerUndo (deleting rows that did not exist), and sets the cursor to
 * `ancestor`/`hash`. One transaction, under the chain's writer lock.
 */
export async function rollbackTo(pool: pg.Pool, chainId: number, ancestor: bigint, hash: string): Promise<void> {
  const a = ancestor.toString();
  await inTransaction(pool, chainId, async (client) => {
    for (const table of ["Transfer", "RoleChange", "ComplianceEvent", "MoneyLegEvent"]) {
      await client.query(`DELETE FROM "${table}" WHERE "chainId" = $1 AND "blockNumber" > $2`, [chainId, a]);
    }
    await rollbackCrosschain(client, chainId, a);
    await client.query(
      `CREATE TEMP TABLE tessera_undo ON COMMIT DROP AS
       SELECT DISTINCT ON ("tableName", "key") "tableName" AS tbl, "key" AS k, "row" AS r
       FROM "IndexerUndo" WHERE "chainId" = $1 AND "rangeFrom" > $2 ORDER BY "tableName", "key", "id"`,
      [chainId, a],
    );
    const restore = (table: string, keys: string[], columns: string[]) =>
      client.query(
        `INSERT INTO "${table}" SELECT (jsonb_populate_record(NULL::"${table}", r)).* FROM tessera_undo WHERE tbl = '${table}' AND r IS NOT NULL
         ON CONFLICT (${keys.map((k) => `"${k}"`).join(", ")}) DO UPDATE SET ${setFrom(columns, "EXCLUDED")}`,
      );
    await restore("Asset", ["chainId", "token"], ASSET_COLUMNS);
    await client.query(
      `DELETE FROM "Holding" AS h USING tessera_undo AS u
       WHERE u.tbl = 'Holding' AND u.r IS NULL AND h."chainId" = $1 AND h."token" = u.k->>0 AND h."wallet" = u.k->>1`,
      [chainId],
    );
    await restore("Holding", ["chainId", "token", "wallet"], HOLDING_COLUMNS);
    await client.query(
      `DELETE FROM "Investor" AS i USING tessera_undo AS u
       WHERE u.tbl = 'Investor' AND u.r IS NULL AND i."chainId" = $1 AND i."identityRegistry" = u.k->>0 AND i."wallet" = u.k->>1`,
      [chainId],
    );
    await restore("Investor", ["chainId", "identityRegistry", "wallet"], INVESTOR_COLUMNS);
    for (const [table, second, columns] of [
      ["AssetDocument", "name", ["uri", "documentHash", "removed", "updatedBlock"]],
      ["AssetAgent", "agent", ["active", "updatedBlock"]],
    ] as const) {
      await client.query(
        `DELETE FROM "${table}" AS x USING tessera_undo AS u
         WHERE u.tbl = '${table}' AND u.r IS NULL AND x."chainId" = $1 AND x."token" = u.k->>0 AND x."${second}" = u.k->>1`,
        [chainId],
      );
      await restore(table, ["chainId", "token", second], [...columns]);
    }
    await client.query(
      `DELETE FROM "RoleMember" AS x USING tessera_undo AS u
       WHERE u.tbl = 'RoleMember' AND u.r IS NULL AND x."chainId" = $1 AND x."accessManager" = u.k->>0
         AND x."roleId" = (u.k->>1)::numeric AND x."account" = u.k->>2`,
      [chainId],
    );
    await restore("RoleMember", ["chainId", "accessManager", "roleId", "account"], ROLE_MEMBER_COLUMNS);
    await client.query(
      `DELETE FROM "Asset" AS x USING tessera_undo AS u WHERE u.tbl = 'Asset' AND u.r IS NULL AND x."chainId" = $1 AND x."token" = u.k->>0`,
      [chainId],
    );
    await client.query(`DELETE FROM "IndexerUndo" WHERE "chainId" = $1 AND "rangeFrom" > $2`, [chainId, a]);
    await client.query(`DELETE FROM "IndexerBlock" WHERE "chainId" = $1 AND "number" > $2`, [chainId, a]);
    // With a backfill pending above lastBlock (its ranges are never journaled, so the ancestor is at or above
    // lastBlock), only the unsettled stretch shrinks to the ancestor; otherwise the cursor moves back to it.
    await client.query(
      `UPDATE "IndexerCursor" SET
         "lastBlockHash" = CASE WHEN "backfillBlock" IS NOT NULL AND $2 > "lastBlock" THEN "lastBlockHash" ELSE $3 END,
         "backfillBlockHash" = CASE WHEN "backfillBlock" IS NOT NULL AND $2 > "lastBlock" THEN $3 END,
         "backfillBlock" = CASE WHEN "backfillBlock" IS NOT NULL AND $2 > "lastBlock" THEN $2 END,
         "lastBlock" = LEAST("lastBlock", $2), "updatedAt" = now() AT TIME ZONE 'UTC'
       WHERE "chainId" = $1`,
      [chainId, a, hash],
    );
  });
}

/**
 * Deletes every derived row of the chain, the cursor (and its `haltedReason`) included: an operator's full re-index,
 * for example after a reorg deeper than the journal halted the indexer. The indexer never calls it by itself: the
 * tables stay empty or partial until the re-index catches up.
 */
export async function rollbackAll(pool: pg.Pool, chainId: number): Promise<void> {
  await inTransaction(pool, chainId, async (client) => {
    await rollbackCrosschain(client, chainId, "-1");
    for (const table of ["Transfer", "Holding", "AssetDocument", "AssetAgent", "RoleMember", "RoleChange", "ComplianceEvent", "MoneyLegEvent", "Asset",
      "Investor", "IndexerUndo", "IndexerBlock", "IndexerCursor"]) {
      await client.query(`DELETE FROM "${table}" WHERE "chainId" = $1`, [chainId]);
    }
  });
}
