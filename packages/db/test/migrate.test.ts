import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MigrationChecksumMismatchError,
  defaultMigrationsDir,
  migrate,
  migrationChecksum,
  readMigrations,
} from "../src/index.ts";
import { backends, type TestDatabase } from "../src/testing.ts";

/** Every table the migration scripts create, plus Prisma's bookkeeping table. */
const TABLES = [
  ...readMigrations().flatMap((m) => [...m.sql.matchAll(/CREATE TABLE "([^"]+)"/g)].map((x) => x[1]!)),
  "_prisma_migrations",
];

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

describe("readMigrations", () => {
  it("lists prisma/migrations in order with Prisma's sha256 checksum of the file bytes", () => {
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations[0].name).toMatch(/^\d{14}_init$/);
    expect(migrations.map((m) => m.name)).toEqual([...migrations.map((m) => m.name)].sort());
    const bytes = readFileSync(path.join(defaultMigrationsDir, migrations[0].name, "migration.sql"));
    expect(migrations[0].checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(migrationChecksum("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});

describe.each(backends())("migrate on $name", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await backend.create();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it("applies every migration to an empty database and records it as prisma migrate deploy does", async () => {
    const result = await migrate(db.url);
    const local = readMigrations();
    expect(result.applied).toEqual(local.map((m) => m.name));
    expect(result.skipped).toEqual([]);

    const tables = await query<{ table_name: string }>(
      db.url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual([...TABLES].sort());

    const rows = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      logs: string | null;
      applied_steps_count: number;
    }>(db.url, `SELECT * FROM "_prisma_migrations" ORDER BY started_at`);
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.checksum).toBe(local[i].checksum);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    const columns = await query<{ column_name: string; data_type: string }>(
      db.url,
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => `${c.column_name}:${c.data_type}`)).toEqual([
      "id:character varying",
      "checksum:character varying",
      "finished_at:timestamp with time zone",
      "migration_name:character varying",
      "logs:text",
      "rolled_back_at:timestamp with time zone",
      "started_at:timestamp with time zone",
      "applied_steps_count:integer",
    ]);
  });

  it("is a no-op when run again", async () => {
    const before = await query(db.url, `SELECT id, finished_at FROM "_prisma_migrations" ORDER BY started_at`);
    const result = await migrate(db.url);
    expect(result.applied).toEqual([]);
    expect(result.skipped).toEqual(readMigrations().map((m) => m.name));
    expect(await query(db.url, `SELECT id, finished_at FROM "_prisma_migrations" ORDER BY started_at`)).toEqual(before);
  });

  it("refuses to go on when an applied migration's file no longer matches its checksum", async () => {
    const [first] = readMigrations();
    await query(db.url, `UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, ["0".repeat(64), first.name]);
    try {
      const err = await migrate(db.url).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(MigrationChecksumMismatchError);
      expect((err as Error).message).toContain(first.name);
      expect((err as Error).message).toContain("modified after it was applied");
    } finally {
      await query(db.url, `UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [first.checksum, first.name]);
    }
    expect((await migrate(db.url)).applied).toEqual([]);
  });
});

/** The migrations folder as it was before `last`: every migration named before it (and the lock file). */
function migrationsBefore(last: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tessera-migrations-"));
  cpSync(path.join(defaultMigrationsDir, "migration_lock.toml"), path.join(dir, "migration_lock.toml"));
  for (const m of readMigrations()) {
    if (m.name >= last) break;
    cpSync(path.join(defaultMigrationsDir, m.name), path.join(dir, m.name), { recursive: true });
  }
  return dir;
}

describe.each(backends())("20261205200000_asset_token on $name: an indexed database upgraded in place", (backend) => {
  const TOKEN = "0x" + "ab".repeat(20);
  let db: TestDatabase;
  let before: string;
  beforeAll(async () => {
    db = await backend.create();
    before = migrationsBefore("20261205200000_asset_token");
  });
  afterAll(async () => {
    await db?.dispose();
    rmSync(before, { recursive: true, force: true });
  });

  it("renames Asset.address to token, keeping the row, its keys and the reorg journal's Asset pre-images restorable", async () => {
    expect((await migrate(db.url, { migrationsDir: before })).applied).not.toContain("20261205200000_asset_token");
    await query(
      db.url,
      `INSERT INTO "Asset" ("chainId", "address", "issuer", "compliance", "identityRegistry", "name", "symbol", "decimals",
         "assetClass", "totalSupply", "holderCount", "allowedCountries", "maxHolders", "maxBalance", "deployedBlock",
         "deployedTxHash", "deployedAt")
       VALUES (31337, $1, '0x01', '0x02', '0x03', 'Fund', 'FND', 18, 0, 100, 1, '{276}', 0, 0, 5, '0xaa', now())`,
      [TOKEN],
    );
    await query(
      db.url,
      `INSERT INTO "Holding" ("chainId", "token", "wallet", "balance", "updatedBlock") VALUES (31337, $1, '0x04', 100, 6)`,
      [TOKEN],
    );
    // Journal entries as the indexer writes them: an Asset pre-image (to_jsonb of the row), an Asset that did not
    // exist (null), and a Holding pre-image (whose "token" key is its own column).
    await query(
      db.url,
      `INSERT INTO "IndexerUndo" ("chainId", "rangeFrom", "tableName", "key", "row")
       SELECT 31337, 7, 'Asset', jsonb_build_array($1::text), to_jsonb(a) FROM "Asset" AS a
       UNION ALL SELECT 31337, 7, 'Asset', jsonb_build_array('0x05'), NULL
       UNION ALL SELECT 31337, 7, 'Holding', jsonb_build_array($1::text, '0x04'), to_jsonb(h) FROM "Holding" AS h`,
      [TOKEN],
    );
    const journalBefore = await query<{ tableName: string; row: Record<string, unknown> | null }>(
      db.url,
      `SELECT "tableName", "row" FROM "IndexerUndo" ORDER BY id`,
    );

    // This migration first, then any later one.
    expect((await migrate(db.url)).applied[0]).toBe("20261205200000_asset_token");

    const columns = await query<{ column_name: string }>(
      db.url,
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'Asset' AND column_name IN ('address', 'token')`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(["token"]);
    expect(await query(db.url, `SELECT "token", "name", "totalSupply"::text AS supply FROM "Asset"`)).toEqual([
      { token: TOKEN, name: "Fund", supply: "100" },
    ]);
    // Primary key and foreign keys keep the names Prisma gives them for the renamed schema.
    const constraints = await query<{ conname: string; def: string }>(
      db.url,
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conname IN ('Asset_pkey', 'Holding_chainId_token_fkey', 'Transfer_chainId_token_fkey') ORDER BY conname`,
    );
    expect(constraints).toEqual([
      { conname: "Asset_pkey", def: `PRIMARY KEY ("chainId", token)` },
      { conname: "Holding_chainId_token_fkey", def: expect.stringContaining(`REFERENCES "Asset"("chainId", token)`) },
      { conname: "Transfer_chainId_token_fkey", def: expect.stringContaining(`REFERENCES "Asset"("chainId", token)`) },
    ]);

    const journal = await query<{ tableName: string; row: Record<string, unknown> | null }>(
      db.url,
      `SELECT "tableName", "row" FROM "IndexerUndo" ORDER BY id`,
    );
    const { address, ...rest } = journalBefore[0]!.row!;
    expect(address).toBe(TOKEN);
    expect(journal).toEqual([
      { tableName: "Asset", row: { ...rest, token: TOKEN } },
      { tableName: "Asset", row: null },
      journalBefore[2],
    ]);
    // What a reorg's rollback does with the pre-image (jsonb_populate_record): the token column comes back.
    expect(
      await query(
        db.url,
        `SELECT (jsonb_populate_record(NULL::"Asset", "row")).token, (jsonb_populate_record(NULL::"Asset", "row")).name
         FROM "IndexerUndo" WHERE "tableName" = 'Asset' AND "row" IS NOT NULL`,
      ),
    ).toEqual([{ token: TOKEN, name: "Fund" }]);
  });
});

describe.each(backends())("20261206060000_distribution_record_block on $name: drafts upgraded in place", (backend) => {
  const TOKEN = "0x" + "cd".repeat(20);
  const ROOT = "0x" + "12".repeat(32);
  let db: TestDatabase;
  let before: string;
  beforeAll(async () => {
    db = await backend.create();
    before = migrationsBefore("20261206060000_distribution_record_block");
  });
  afterAll(async () => {
    await db?.dispose();
    rmSync(before, { recursive: true, force: true });
  });

  it("keeps each draft and its leaves, the leaves taking their draft's record block; then one root drafts at two record blocks", async () => {
    expect((await migrate(db.url, { migrationsDir: before })).applied).not.toContain("20261206060000_distribution_record_block");
    const draft = (root: string, recordBlock: number) =>
      query(
        db.url,
        `INSERT INTO "Distribution" ("chainId", "token", "root", "kind", "recordBlock", "paymentToken", "totalAmount", "withholdingBps",
           "excluded", "includeFrozen", "claimDeadline", "holders", "units", "gross", "withholding", "net", "storedLeaves", "createdBy", "updatedAt")
         VALUES (31337, $1, $2, 'dividend', $3, '0x05', 100, '{}', '{}', true, 2000000000, 2, 30, 100, 0, 100, 2, '0x06', now())`,
        [TOKEN, root, recordBlock],
      );
    await draft(ROOT, 7);
    await query(
      db.url,
      `INSERT INTO "DistributionEntitlement" ("chainId", "token", "root", "index", "identity", "wallet", "country", "units", "gross", "withholding", "net")
       VALUES (31337, $1, $2, 0, '0x0a', '0x0b', 840, 20, 60, 0, 60), (31337, $1, $2, 1, '0x0c', '0x0d', 826, 10, 40, 0, 40)`,
      [TOKEN, ROOT],
    );

    expect((await migrate(db.url)).applied[0]).toBe("20261206060000_distribution_record_block");
    expect(await query(db.url, `SELECT "root", "recordBlock"::int AS at, "net"::text AS net FROM "Distribution"`)).toEqual([{ root: ROOT, at: 7, net: "100" }]);
    expect(await query(db.url, `SELECT "index", "recordBlock"::int AS at, "net"::text AS net FROM "DistributionEntitlement" ORDER BY "index"`)).toEqual([
      { index: 0, at: 7, net: "60" },
      { index: 1, at: 7, net: "40" },
    ]);
    const keys = await query<{ conname: string; def: string }>(
      db.url,
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname IN ('Distribution_pkey', 'DistributionEntitlement_pkey') ORDER BY conname`,
    );
    expect(keys).toEqual([
      { conname: "DistributionEntitlement_pkey", def: `PRIMARY KEY ("chainId", token, root, "recordBlock", index)` },
      { conname: "Distribution_pkey", def: `PRIMARY KEY ("chainId", token, root, "recordBlock")` },
    ]);
    // The same root at another record block is another draft now, with its own leaves.
    await draft(ROOT, 9);
    await query(
      db.url,
      `INSERT INTO "DistributionEntitlement" ("chainId", "token", "root", "recordBlock", "index", "identity", "wallet", "country", "units", "gross", "withholding", "net")
       VALUES (31337, $1, $2, 9, 0, '0x0a', '0x0b', 840, 20, 60, 0, 60)`,
      [TOKEN, ROOT],
    );
    expect(await query(db.url, `SELECT "recordBlock"::int AS at, count(*)::int AS n FROM "DistributionEntitlement" GROUP BY 1 ORDER BY 1`)).toEqual([
      { at: 7, n: 2 },
      { at: 9, n: 1 },
    ]);
  });
});
