import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
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
