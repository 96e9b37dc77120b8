// The indexer's write path: one block range (or several merged ranges) and the cursor in ONE transaction.
//
// Why hand-written SQL and COPY instead of Prisma here: on the backfill hot path Prisma's per-row writes cost about
// 0.5 ms a row (Prisma `createMany` ≈ 2k events/s, per-event create + upsert ≈ 170 ev/s; `$executeRaw` with unnest
// ≈ 15k), while COPY with the balances aggregated in memory and flushed by one set-based upsert reaches most of what
// psql's server-side COPY does (see /work/shared/PERFORMANCE.md and `npm run bench:indexer`, which prints both in the
// same run: 1,000,000 Transfer logs on 2 shared cores, 84% of the ceiling with 10,000 holders, 58% with 1,000,000
// holders, where updating existing holders' rows batch after batch costs what the ceiling's single aggregation
// avoids). The transaction therefore runs on one `pg` connection of the pool shared with Prisma (`createPool` of
// @tessera/db); Prisma stays the schema's owner and the API's read path.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { DecodedEvent } from "./decode.ts";

/** Everything fetched from the chain for one block range, ready to be written in one transaction. */
export interface RangeBatch {
  chainId: number;
  fromBlock: bigint;
  toBlock: bigint;
  /** Hash of `toBlock`, stored with the cursor and in IndexerBlock (reorg detection). */
  toBlockHash: string;
  /** Decoded events in chain order (block number, then log index). */
  events: DecodedEvent[];
  /** Unix seconds of every block holding a Transfer or AssetDeployed event. */
  blockTimes: Map<bigint, number>;
  /** Module singletons (lower-case): a removed module turns its rule off. */
  modules: { countryAllow: string; maxHolders: string; maxBalance: string };
  /** The identity registry whose investors are indexed (lower-case). */
  identityRegistry: string;
  /**
   * Record pre-images of every changed row in IndexerUndo, so that a reorg can revert this range alone
   * (set for ranges within the finality depth of the head; backfill far below the head skips it).
   */
  journal?: boolean;
  /** Blocks of reorg history (IndexerBlock, IndexerUndo) kept below `toBlock` (default 256). */
  keepBlocks?: number;
}

/** What {@link writeRange} changed. */
export interface WriteResult {
  /** Transfers inserted now (0 when the range had been written before). */
  transfers: number;
  /** Assets created now: token → compliance. */
  newAssets: Map<string, string>;
  /** Tokens whose compliance changed: token → new compliance. */
  complianceChanges: Map<string, string>;
  /** False when the stored cursor was already at or past `toBlock` (nothing applied). */
  applied: boolean;
}

const ZERO = "0x0000000000000000000000000000000000000000";
/** Rows per unnest statement on the PGlite path (arrays, so far below the 65,535 bind-parameter cap). */
const CHUNK = 5000;
/** Rows per chunk handed to the COPY stream (lets Node format the next chunk while the server parses this one). */
const COPY_CHUNK = 2000;
/** Two int4 keys of the transaction-scoped advisory lock that serializes writers of one chain. */
const LOCK_NAMESPACE = 0x7e55e4a;

/** ISO text of a UTC timestamp without zone, for `timestamp(3)` columns (Prisma stores UTC). */
const utcText = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, -1);

const copySupport = new WeakMap<pg.Pool, Promise<boolean>>();

/**
 * Whether the database behind `pool` takes `COPY … FROM STDIN`. PostgreSQL does; PGlite served by
 * pglite-socket 0.2.17 does not (tried: the server answers FATAL 08P01 "protocol synchronization was lost" and
 * drops the connection), so on PGlite the same rows go through `INSERT … SELECT FROM unnest(…)` instead.
 */
export function supportsCopy(pool: pg.Pool): Promise<boolean> {
  let known = copySupport.get(pool);
  if (!known) {
    known = pool.query<{ v: string }>("SELECT version() AS v").then((r) => !/PGlite/i.test(r.rows[0]!.v));
    known.catch(() => copySupport.delete(pool));
    copySupport.set(pool, known);
  }
  return known;
}

interface Column {
  name: string;
  /** SQL type of the column, for the unnest path. */
  type: string;
}

/** COPY text format needs escaping only for backslash, tab, newline and carriage return: none of our values has one. */
const copyValue = (v: unknown): string => (v === null || v === undefined ? "\\N" : String(v));

/**
 * Loads `count` rows (`row(i)` gives row i's values) into `table`: COPY FROM STDIN where the server takes it, else
 * INSERT … SELECT FROM unnest in chunks. `suffix` is appended to the INSERT (e.g. ON CONFLICT) on the unnest path.
 */
async function bulkLoad(
  client: pg.PoolClient,
  useCopy: boolean,
  table: string,
  columns: Column[],
  count: number,
  row: (i: number) => unknown[],
): Promise<void> {
  if (count === 0) return;
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  if (useCopy) {
    // Format everything first, then stream: the server then ingests at full speed while this thread goes on
    // decoding the next range (formatting lazily inside the stream made the server wait for this thread).
    // Each chunk becomes a flat Buffer at once: the string rope built for it dies young instead of being promoted
    // to the old generation while the COPY is in flight (that garbage, not live data, drove the peak RSS).
    const chunks: Buffer[] = [];
    for (let i = 0; i < count; i += COPY_CHUNK) {
      let text = "";
      const end = Math.min(count, i + COPY_CHUNK);
      for (let j = i; j < end; j++) {
        const values = row(j);
        let line = copyValue(values[0]);
        for (let k = 1; k < values.length; k++) line += "\t" + copyValue(values[k]);
        text += line + "\n";
      }
      chunks.push(Buffer.from(text));
    }
    await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY ${table} (${names}) FROM STDIN`)));
    return;
  }
  const unnest = columns.map((c, k) => `$${k + 1}::${c.type}[]`).join(", ");
  for (let i = 0; i < count; i += CHUNK) {
    const end = Math.min(count, i + CHUNK);
    const arrays: unknown[][] = columns.map(() => []);
    for (let j = i; j < end; j++) {
      const values = row(j);
      for (let k = 0; k < values.length; k++) arrays[k]!.push(values[k] ?? null);
    }
    await client.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest})`, arrays);
  }
}

const TRANSFER_COLUMNS: Column[] = [
  { name: "chainId", type: "int" },
  { name: "blockNumber", type: "bigint" },
  { name: "logIndex", type: "int" },
  { name: "txHash", type: "text" },
  { name: "token", type: "text" },
  { name: "from", type: "text" },
  { name: "to", type: "text" },
  { name: "amount", type: "numeric" },
  { name: "kind", type: '"TransferKind"' },
  { name: "blockTime", type: "timestamp(3)" },
];

const HOLDING_STAGE_COLUMNS: Column[] = [
  { name: "token", type: "text" },
  { name: "wallet", type: "text" },
  { name: "delta", type: "numeric" },
  { name: "first_acquired", type: "bigint" },
  { name: "updated", type: "bigint" },
];

// Session-local staging tables, emptied at every commit. IF NOT EXISTS: pooled connections keep theirs.
const CREATE_STAGES = `
  CREATE TEMP TABLE IF NOT EXISTS tessera_transfer_stage (LIKE "Transfer") ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS tessera_holding_stage (
    token text NOT NULL, wallet text NOT NULL, delta numeric(78,0) NOT NULL, first_acquired bigint, updated bigint NOT NULL
  ) ON COMMIT DELETE ROWS;`;

// The aggregated balance deltas, applied set-based in one statement: an UPDATE … FROM the staging table for the
// holdings that exist, a plain INSERT for the others (no ON CONFLICT: its speculative insertion cost ~15% more here,
// and the chain's writer lock excludes a concurrent insert), and each asset's holder count moved by the wallets whose
// balance crossed zero (UPDATE's RETURNING gives the new balance and the staged delta, so old = new − delta).
const APPLY_HOLDING_DELTAS = `
  WITH upd AS (
    UPDATE "Holding" AS h SET
      "balance" = h."balance" + s.delta,
      "firstAcquiredBlock" = COALESCE(h."firstAcquiredBlock", s.first_acquired),
      "updatedBlock" = GREATEST(h."updatedBlock", s.updated)
    FROM tessera_holding_stage AS s
    WHERE h."chainId" = $1 AND h."token" = s.token AND h."wallet" = s.wallet
    RETURNING h."token", CASE WHEN h."balance" > 0 AND h."balance" - s.delta <= 0 THEN 1
                              WHEN h."balance" <= 0 AND h."balance" - s.delta > 0 THEN -1 ELSE 0 END AS d
  ), ins AS (
    INSERT INTO "Holding" ("chainId", "token", "wallet", "balance", "frozen", "frozenAmount", "firstAcquiredBlock", "updatedBlock")
    SELECT $1::int, s.token, s.wallet, s.delta, false, 0, s.first_acquired, s.updated FROM tessera_holding_stage AS s
    WHERE NOT EXISTS (SELECT 1 FROM "Holding" AS h WHERE h."chainId" = $1 AND h."token" = s.token AND h."wallet" = s.wallet)
    RETURNING "token", CASE WHEN "balance" > 0 THEN 1 ELSE 0 END AS d
  ), moved AS (
    SELECT "token", sum(d)::int AS d FROM (SELECT * FROM upd UNION ALL SELECT * FROM ins) AS x GROUP BY "token"
  )
  UPDATE "Asset" AS a SET "holderCount" = a."holderCount" + moved.d
  FROM moved WHERE a."chainId" = $1 AND a."address" = moved."token" AND moved.d <> 0`;

/** Runs `body` in a transaction on one connection of `pool`; a connection that failed mid-way is discarded. */
async function inTransaction<T>(pool: pg.Pool, chainId: number, body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A connection lost between two queries (database restart, outage) is reported as an 'error' event of the
  // checked-out client: record it (the next query fails, the caller retries) instead of crashing the process.
  const onError = (err: Error) => (broken = err);
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    // Serializes writers of this chain (two indexers, or a writer and a reorg), including the very first range.
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", [LOCK_NAMESPACE, chainId]);
    const result = await body(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}

/**
 * Writes one block range and the cursor in ONE database transaction. Idempotent: under a per-chain lock the stored
 * cursor is re-read and only events of blocks after it are applied. Transfers go straight into "Transfer" by COPY
 * when the table provably holds no row of this chain above the cursor (checked in the same transaction: rows and
 * cursor only ever commit together); otherwise through a staging table and `INSERT … ON CONFLICT DO NOTHING`, and
 * balances, total supply and holder counts are derived from the rows actually inserted. Balance deltas are
 * aggregated in memory and applied by one set-based upsert. The transaction awaits nothing but its own connection
 * (safe on PGlite, which serializes whole transactions).
 */
export async function writeRange(pool: pg.Pool, batch: RangeBatch): Promise<WriteResult> {
  const { chainId } = batch;
  const useCopy = await supportsCopy(pool);
  const result: WriteResult = { transfers: 0, newAssets: new Map(), complianceChanges: new Map(), applied: false };
  await inTransaction(pool, chainId, async (client) => {
    const cursorRows = await client.query<{ lastBlock: string }>(
      `SELECT "lastBlock"::text AS "lastBlock" FROM "IndexerCursor" WHERE "chainId" = $1`,
      [chainId],
    );
    const stored = cursorRows.rows[0] ? BigInt(cursorRows.rows[0].lastBlock) : undefined;
    if (stored !== undefined && stored >= batch.toBlock) return;
    const events = stored === undefined ? batch.events : batch.events.filter((e) => e.blockNumber > stored);
    const journal = batch.journal ? new Journal(client, chainId, batch.fromBlock) : undefined;

    // 1. Assets first: deployAsset emits module and token events before AssetDeployed in the same transaction.
    const assets = await client.query<{ address: string; compliance: string }>(
      `SELECT "address", "compliance" FROM "Asset" WHERE "chainId" = $1`,
      [chainId],
    );
    const complianceToToken = new Map(assets.rows.map((a) => [a.compliance, a.address]));
    const knownTokens = new Set(complianceToToken.values());
    if (journal) await journal.assets(touchedAssets(events, complianceToToken));
    for (const e of events) {
      if (e.source !== "factory" || e.name !== "AssetDeployed") continue;
      const a = e.args as { token: string; issuer: string; compliance: string; identityRegistry: string; name: string; symbol: string; decimals: number; assetClass: number };
      if (knownTokens.has(a.token)) continue;
      await client.query(
        `INSERT INTO "Asset" ("chainId", "address", "issuer", "compliance", "identityRegistry", "name", "symbol", "decimals",
           "assetClass", "totalSupply", "allowedCountries", "maxHolders", "maxBalance", "deployedBlock", "deployedTxHash", "deployedAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, '{}', 0, 0, $10, $11, $12)`,
        [chainId, a.token, a.issuer, a.compliance, a.identityRegistry, a.name, a.symbol, Number(a.decimals), Number(a.assetClass),
          e.blockNumber.toString(), e.txHash, utcText(batch.blockTimes.get(e.blockNumber) ?? 0)],
      );
      knownTokens.add(a.token);
      complianceToToken.set(a.compliance, a.token);
      result.newAssets.set(a.token, a.compliance);
    }

    // 2. Transfers.
    const transfers = events.filter((e) => e.source === "token" && e.name === "Transfer" && knownTokens.has(e.address));
    const times = new Map<bigint, string>();
    const timeOf = (block: bigint) => {
      let t = times.get(block);
      if (t === undefined) times.set(block, (t = utcText(batch.blockTimes.get(block) ?? 0)));
      return t;
    };
    const transferRow = (i: number): unknown[] => {
      const e = transfers[i]!;
      const { from, to, value } = e.args as { from: string; to: string; value: bigint };
      return [chainId, e.blockNumber, e.logIndex, e.txHash, e.address, from, to, value, transferKind(from, to), timeOf(e.blockNumber)];
    };
    const above = await client.query(
      `SELECT 1 FROM "Transfer" WHERE "chainId" = $1 AND "blockNumber" > $2 LIMIT 1`,
      [chainId, (stored ?? -1n).toString()],
    );
    await client.query(CREATE_STAGES);
    let applied: DecodedEvent[] = transfers;
    if (above.rowCount === 0 && useCopy) {
      // Nothing of this chain above the cursor: every row is new (and the primary key would refuse a duplicate).
      await bulkLoad(client, true, `"Transfer"`, TRANSFER_COLUMNS, transfers.length, transferRow);
    } else {
      await bulkLoad(client, useCopy, "tessera_transfer_stage", TRANSFER_COLUMNS, transfers.length, transferRow);
      const inserted = await client.query<{ b: string; li: number }>(
        `INSERT INTO "Transfer" SELECT * FROM tessera_transfer_stage ON CONFLICT ("chainId", "blockNumber", "logIndex") DO NOTHING
         RETURNING "blockNumber"::text AS b, "logIndex" AS li`,
      );
      if (inserted.rows.length !== transfers.length) {
        const keys = new Set(inserted.rows.map((r) => `${r.b}:${r.li}`));
        applied = transfers.filter((e) => keys.has(`${e.blockNumber}:${e.logIndex}`));
      }
    }
    result.transfers = applied.length;

    // 3. Balances, supply and holder counts from the inserted transfers only, aggregated in memory.
    const deltas = new Map<string, { token: string; wallet: string; delta: bigint; firstAcquired: bigint | null; updated: bigint }>();
    const supply = new Map<string, bigint>();
    const bump = (token: string, wallet: string, delta: bigint, block: bigint, acquired: boolean) => {
      const key = token + wallet;
      let d = deltas.get(key);
      if (!d) deltas.set(key, (d = { token, wallet, delta: 0n, firstAcquired: null, updated: block }));
      d.delta += delta;
      d.updated = block;
      if (acquired && d.firstAcquired === null) d.firstAcquired = block;
    };
    for (const e of applied) {
      const { from, to, value } = e.args as { from: string; to: string; value: bigint };
      if (from === ZERO) supply.set(e.address, (supply.get(e.address) ?? 0n) + value);
      else bump(e.address, from, -value, e.blockNumber, false);
      if (to === ZERO) supply.set(e.address, (supply.get(e.address) ?? 0n) - value);
      else bump(e.address, to, value, e.blockNumber, value > 0n);
    }
    if (deltas.size > 0) {
      const holdings = [...deltas.values()];
      deltas.clear();
      await bulkLoad(client, useCopy, "tessera_holding_stage", HOLDING_STAGE_COLUMNS, holdings.length, (i) => {
        const h = holdings[i]!;
        return [h.token, h.wallet, h.delta, h.firstAcquired, h.updated];
      });
      if (journal) await journal.stagedHoldings();
      await client.query(APPLY_HOLDING_DELTAS, [chainId]);
    }
    if (supply.size > 0) {
      await client.query(
        `UPDATE "Asset" AS a SET "totalSupply" = a."totalSupply" + u.d
         FROM unnest($2::text[], $3::numeric[]) AS u(tok, d)
         WHERE a."chainId" = $1 AND a."address" = u.tok`,
        [chainId, [...supply.keys()], [...supply.values()].map(String)],
      );
    }

    // 4. Everything else, rare and state-setting, row by row in chain order.
    for (const e of events) {
      if (e.name === "Transfer") continue;
      await applyStateEvent(client, journal, batch, e, complianceToToken, knownTokens, result);
    }

    // 5. Reorg history and the cursor, in the same transaction.
    const keep = BigInt(batch.keepBlocks ?? 256);
    await client.query(
      `INSERT INTO "IndexerBlock" ("chainId", "number", "hash", "journaled") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("chainId", "number") DO UPDATE SET "hash" = EXCLUDED."hash", "journaled" = EXCLUDED."journaled"`,
      [chainId, batch.toBlock.toString(), batch.toBlockHash, Boolean(batch.journal)],
    );
    await client.query(`DELETE FROM "IndexerBlock" WHERE "chainId" = $1 AND "number" < $2`, [chainId, (batch.toBlock - keep).toString()]);
    await client.query(`DELETE FROM "IndexerUndo" WHERE "chainId" = $1 AND "rangeFrom" <= $2`, [chainId, (batch.toBlock - keep).toString()]);
    await client.query(
      `INSERT INTO "IndexerCursor" ("chainId", "lastBlock", "lastBlockHash", "updatedAt") VALUES ($1, $2, $3, now() AT TIME ZONE 'UTC')
       ON CONFLICT ("chainId") DO UPDATE SET "lastBlock" = EXCLUDED."lastBlock", "lastBlockHash" = EXCLUDED."lastBlockHash",
         "updatedAt" = EXCLUDED."updatedAt"`,
      [chainId, batch.toBlock.toString(), batch.toBlockHash],
    );
    result.applied = true;
  });
  return result;
}

function transferKind(from: string, to: string): "mint" | "burn" | "transfer" {
  if (from === ZERO) return "mint";
  if (to === ZERO) return "burn";
  return "transfer";
}

/** Assets a range may change (their pre-images are journaled before anything is written). */
function touchedAssets(events: DecodedEvent[], complianceToToken: Map<string, string>): string[] {
  const touched = new Set<string>();
  for (const e of events) {
    if (e.source === "token") touched.add(e.address);
    else if (e.source === "factory" && e.name === "AssetDeployed") touched.add(e.args.token as string);
    else if (e.source === "compliance") {
      const t = complianceToToken.get(e.address);
      if (t) touched.add(t);
    } else if (e.source === "countryAllow" || e.source === "maxHolders" || e.source === "maxBalance") {
      const t = complianceToToken.get(e.args.compliance as string);
      if (t) touched.add(t);
    }
  }
  return [...touched];
}

/** Writes pre-images of rows about to change into IndexerUndo (see {@link rollbackTo}). */
class Journal {
  constructor(
    private readonly client: pg.PoolClient,
    private readonly chainId: number,
    private readonly rangeFrom: bigint,
  ) {}

  private insert(table: string, keys: string, from: string, join: string, params: unknown[]) {
    return this.client.query(
      `INSERT INTO "IndexerUndo" ("chainId", "rangeFrom", "tableName", "key", "row")
       SELECT $1, $2, '${table}', ${keys}, to_jsonb(t) FROM ${from} LEFT JOIN "${table}" AS t ON t."chainId" = $1 AND ${join}`,
      [this.chainId, this.rangeFrom.toString(), ...params],
    );
  }

  async assets(tokens: string[]): Promise<void> {
    if (tokens.length === 0) return;
    await this.insert("Asset", "jsonb_build_array(k.a)", "unnest($3::text[]) AS k(a)", `t."address" = k.a`, [tokens]);
  }

  async holdings(pairs: [token: string, wallet: string][]): Promise<void> {
    if (pairs.length === 0) return;
    await this.insert("Holding", "jsonb_build_array(k.tok, k.w)", "unnest($3::text[], $4::text[]) AS k(tok, w)",
      `t."token" = k.tok AND t."wallet" = k.w`, [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
  }

  async stagedHoldings(): Promise<void> {
    await this.insert("Holding", "jsonb_build_array(s.token, s.wallet)", "tessera_holding_stage AS s",
      `t."token" = s.token AND t."wallet" = s.wallet`, []);
  }

  async document(token: string, name: string): Promise<void> {
    await this.insert("AssetDocument", "jsonb_build_array($3::text, $4::text)", "(SELECT 1) AS k", `t."token" = $3 AND t."name" = $4`, [token, name]);
  }

  async agent(token: string, agent: string): Promise<void> {
    await this.insert("AssetAgent", "jsonb_build_array($3::text, $4::text)", "(SELECT 1) AS k", `t."token" = $3 AND t."agent" = $4`, [token, agent]);
  }

  async investors(registry: string, wallets: string[]): Promise<void> {
    if (wallets.length === 0) return;
    await this.insert("Investor", "jsonb_build_array($3::text, k.w)", "unnest($4::text[]) AS k(w)",
      `t."identityRegistry" = $3 AND t."wallet" = k.w`, [registry, wallets]);
  }
}

async function applyStateEvent(
  client: pg.PoolClient,
  journal: Journal | undefined,
  batch: RangeBatch,
  e: DecodedEvent,
  complianceToToken: Map<string, string>,
  knownTokens: Set<string>,
  result: WriteResult,
): Promise<void> {
  const { chainId } = batch;
  const block = e.blockNumber.toString();
  const args = e.args;
  const setAsset = (token: string, assignments: string, values: unknown[], extra = "") =>
    client.query(`UPDATE "Asset" SET ${assignments} WHERE "chainId" = $1 AND "address" = $2${extra}`, [chainId, token, ...values]);

  if (e.source === "token") {
    if (!knownTokens.has(e.address)) return;
    const token = e.address;
    switch (e.name) {
      case "Paused":
      case "Unpaused":
        await setAsset(token, `"paused" = $3`, [e.name === "Paused"]);
        return;
      case "UpdatedTokenInformation":
        await setAsset(token, `"name" = $3, "symbol" = $4, "decimals" = $5`, [args.name, args.symbol, Number(args.decimals)]);
        return;
      case "ComplianceAdded": {
        const compliance = args.compliance as string;
        const current = await client.query<{ compliance: string }>(
          `SELECT "compliance" FROM "Asset" WHERE "chainId" = $1 AND "address" = $2`,
          [chainId, token],
        );
        if (current.rows[0] && current.rows[0].compliance !== compliance) {
          await setAsset(token, `"compliance" = $3`, [compliance]);
          complianceToToken.set(compliance, token);
          result.complianceChanges.set(token, compliance);
        }
        return;
      }
      case "DocumentUpdated":
      case "DocumentRemoved": {
        const name = args.name as string;
        await journal?.document(token, name);
        await client.query(
          `INSERT INTO "AssetDocument" ("chainId", "token", "name", "uri", "documentHash", "removed", "updatedBlock")
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT ("chainId", "token", "name") DO UPDATE SET "uri" = EXCLUDED."uri", "documentHash" = EXCLUDED."documentHash",
             "removed" = EXCLUDED."removed", "updatedBlock" = EXCLUDED."updatedBlock"`,
          [chainId, token, name, args.uri as string, args.documentHash as string, e.name === "DocumentRemoved", block],
        );
        return;
      }
      case "AgentAdded":
      case "AgentRemoved": {
        const agent = args.agent as string;
        await journal?.agent(token, agent);
        await client.query(
          `INSERT INTO "AssetAgent" ("chainId", "token", "agent", "active", "updatedBlock") VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT ("chainId", "token", "agent") DO UPDATE SET "active" = EXCLUDED."active", "updatedBlock" = EXCLUDED."updatedBlock"`,
          [chainId, token, agent, e.name === "AgentAdded", block],
        );
        return;
      }
      case "AddressFrozen":
        await journal?.holdings([[token, args.userAddress as string]]);
        await upsertHolding(client, chainId, token, args.userAddress as string, block, Boolean(args.isFrozen), 0n);
        return;
      case "TokensFrozen":
      case "TokensUnfrozen": {
        const amount = args.amount as bigint;
        await journal?.holdings([[token, args.userAddress as string]]);
        await upsertHolding(client, chainId, token, args.userAddress as string, block, null, e.name === "TokensFrozen" ? amount : -amount);
        return;
      }
      default:
        return;
    }
  }

  if (e.source === "countryAllow" || e.source === "maxHolders" || e.source === "maxBalance") {
    const token = complianceToToken.get(args.compliance as string);
    if (!token) return;
    switch (e.name) {
      case "CountryAllowed":
        await setAsset(token, `"allowedCountries" = array_append("allowedCountries", $3::int)`, [Number(args.country)],
          ` AND NOT ($3::int = ANY("allowedCountries"))`);
        return;
      case "CountryUnallowed":
        await setAsset(token, `"allowedCountries" = array_remove("allowedCountries", $3::int)`, [Number(args.country)]);
        return;
      case "HolderLimitSet":
        await setAsset(token, `"maxHolders" = $3::numeric`, [(args.limit as bigint).toString()]);
        return;
      case "MaxBalanceSet":
        await setAsset(token, `"maxBalance" = $3::numeric`, [(args.maxBalance as bigint).toString()]);
        return;
      default:
        return;
    }
  }

  if (e.source === "compliance" && e.name === "ModuleRemoved") {
    const token = complianceToToken.get(e.address);
    if (!token) return;
    const module = args.module as string;
    if (module === batch.modules.countryAllow) await setAsset(token, `"allowedCountries" = '{}'`, []);
    if (module === batch.modules.maxHolders) await setAsset(token, `"maxHolders" = 0`, []);
    if (module === batch.modules.maxBalance) await setAsset(token, `"maxBalance" = 0`, []);
    return;
  }

  if (e.source === "identityRegistry" && e.address === batch.identityRegistry) {
    const registry = e.address;
    const wallet = args.investorAddress as string;
    const setInvestor = async (assignments: string, values: unknown[]) => {
      await journal?.investors(registry, [wallet]);
      await client.query(
        `UPDATE "Investor" SET ${assignments}, "updatedBlock" = $4 WHERE "chainId" = $1 AND "identityRegistry" = $2 AND "wallet" = $3`,
        [chainId, registry, wallet, block, ...values],
      );
    };
    switch (e.name) {
      case "IdentityRegistered":
        await journal?.investors(registry, [wallet]);
        await client.query(
          `INSERT INTO "Investor" ("chainId", "identityRegistry", "wallet", "identity", "country", "registered", "registeredBlock", "updatedBlock")
           VALUES ($1, $2, $3, $4, 0, true, $5, $5)
           ON CONFLICT ("chainId", "identityRegistry", "wallet") DO UPDATE SET "identity" = EXCLUDED."identity", "registered" = true,
             "kycExpiresAt" = NULL, "registeredBlock" = EXCLUDED."registeredBlock", "updatedBlock" = EXCLUDED."updatedBlock"`,
          [chainId, registry, wallet, args.identity as string, block],
        );
        return;
      case "CountryUpdated":
        await setInvestor(`"country" = $5`, [Number(args.country)]);
        return;
      case "KycUpdated": {
        const expiresAt = BigInt(args.expiresAt as bigint);
        await setInvestor(`"kycExpiresAt" = $5::bigint`, [expiresAt === 0n ? null : expiresAt.toString()]);
        return;
      }
      case "IdentityRemoved":
        await setInvestor(`"registered" = false`, []);
        return;
      case "IdentityUpdated": {
        const holders = await client.query<{ wallet: string }>(
          `SELECT "wallet" FROM "Investor" WHERE "chainId" = $1 AND "identityRegistry" = $2 AND "identity" = $3 AND "registered"`,
          [chainId, registry, args.oldIdentity as string],
        );
        await journal?.investors(registry, holders.rows.map((r) => r.wallet));
        await client.query(
          `UPDATE "Investor" SET "identity" = $4, "updatedBlock" = $5
           WHERE "chainId" = $1 AND "identityRegistry" = $2 AND "identity" = $3 AND "registered"`,
          [chainId, registry, args.oldIdentity as string, args.newIdentity as string, block],
        );
        return;
      }
      default:
        return;
    }
  }
}

async function upsertHolding(
  client: pg.PoolClient,
  chainId: number,
  token: string,
  wallet: string,
  block: string,
  frozen: boolean | null,
  frozenDelta: bigint,
): Promise<void> {
  await client.query(
    `INSERT INTO "Holding" ("chainId", "token", "wallet", "balance", "frozen", "frozenAmount", "updatedBlock")
     VALUES ($1, $2, $3, 0, COALESCE($4::boolean, false), $5::numeric, $6)
     ON CONFLICT ("chainId", "token", "wallet") DO UPDATE SET
       "frozen" = COALESCE($4::boolean, "Holding"."frozen"),
       "frozenAmount" = "Holding"."frozenAmount" + $5::numeric,
       "updatedBlock" = GREATEST("Holding"."updatedBlock", $6)`,
    [chainId, token, wallet, frozen, frozenDelta.toString(), block],
  );
}

const ASSET_COLUMNS = [
  "issuer", "compliance", "identityRegistry", "name", "symbol", "decimals", "assetClass", "totalSupply", "holderCount",
  "paused", "allowedCountries", "maxHolders", "maxBalance", "deployedBlock", "deployedTxHash", "deployedAt",
];
const HOLDING_COLUMNS = ["balance", "frozen", "frozenAmount", "firstAcquiredBlock", "updatedBlock"];
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
    await client.query(`DELETE FROM "Transfer" WHERE "chainId" = $1 AND "blockNumber" > $2`, [chainId, a]);
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
    await restore("Asset", ["chainId", "address"], ASSET_COLUMNS);
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
      `DELETE FROM "Asset" AS x USING tessera_undo AS u WHERE u.tbl = 'Asset' AND u.r IS NULL AND x."chainId" = $1 AND x."address" = u.k->>0`,
      [chainId],
    );
    await client.query(`DELETE FROM "IndexerUndo" WHERE "chainId" = $1 AND "rangeFrom" > $2`, [chainId, a]);
    await client.query(`DELETE FROM "IndexerBlock" WHERE "chainId" = $1 AND "number" > $2`, [chainId, a]);
    await client.query(
      `UPDATE "IndexerCursor" SET "lastBlock" = $2, "lastBlockHash" = $3, "updatedAt" = now() AT TIME ZONE 'UTC' WHERE "chainId" = $1`,
      [chainId, a, hash],
    );
  });
}

/** Deletes every derived row of the chain (a reorg deeper than the journal, or a full re-index). */
export async function rollbackAll(pool: pg.Pool, chainId: number): Promise<void> {
  await inTransaction(pool, chainId, async (client) => {
    for (const table of ["Transfer", "Holding", "AssetDocument", "AssetAgent", "Asset", "Investor", "IndexerUndo", "IndexerBlock", "IndexerCursor"]) {
      await client.query(`DELETE FROM "${table}" WHERE "chainId" = $1`, [chainId]);
    }
  });
}
