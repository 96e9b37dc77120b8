// The test databases of @tessera/db/testing: an empty PGlite stays empty (the migration tests need one), a migrated
// one (a copy of the migrated template) has every migration recorded, and idle templates of other keys are removed.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "../src/index.ts";
import { createPgliteDatabase, removeIdleTemplates, type TestDatabase } from "../src/testing.ts";

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe("PGlite test databases", () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.dispose();
  });

  it("createPgliteDatabase() is empty: no table in public, no migration history", async () => {
    const db = await createPgliteDatabase();
    dbs.push(db);
    expect(await query(db.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).toEqual([]);
  });

  it("createPgliteDatabase({ migrated: true }) has every migration applied and recorded, nothing left to apply", async () => {
    const db = await createPgliteDatabase({ migrated: true });
    dbs.push(db);
    const rows = await query<{ migration_name: string }>(
      db.url,
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name",
    );
    expect(rows.map((r) => r.migration_name)).toEqual(readMigrations().map((m) => m.name));
    expect((await migrate(db.url)).applied).toEqual([]);
  });
});

describe("removeIdleTemplates", () => {
  it("removes other keys' templates and builds idle past the limit, keeps the current one and recent ones", () => {
    const root = mkdtempSync(path.join(tmpdir(), "tessera-templates-"));
    try {
      const old = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
      const make = (name: string, mtime?: Date) => {
        mkdirSync(path.join(root, name));
        if (mtime) utimesSync(path.join(root, name), mtime, mtime);
      };
      make("tessera-pglite-template-current", old);
      make("tessera-pglite-template-oldkey", old);
      make("tessera-pglite-template-oldkey.building-abc", old);
      make("tessera-pglite-template-recentkey");
      make("unrelated-folder", old);
      removeIdleTemplates("tessera-pglite-template-current", root, 24 * 60 * 60 * 1000);
      expect(readdirSync(root).sort()).toEqual(["tessera-pglite-template-current", "tessera-pglite-template-recentkey", "unrelated-folder"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
