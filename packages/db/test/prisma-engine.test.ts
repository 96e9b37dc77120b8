// Prisma's own schema engine (its WebAssembly build, the same code as `prisma migrate deploy`) must agree with
// our migrator: after `migrate()`, it finds the history in sync, no edited or failed migration, nothing to apply.
// PostgreSQL only: the WebAssembly engine cannot read PGlite's catalog over the wire.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultMigrationsDir, migrate } from "../src/index.ts";
import { createPostgresDatabase, type TestDatabase } from "../src/testing.ts";

interface Engine {
  diagnoseMigrationHistory(input: unknown): Promise<{
    editedMigrationNames: string[];
    failedMigrationNames: string[];
    hasMigrationsTable: boolean;
    history: unknown;
  }>;
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  free(): void;
}

/** Instantiates @prisma/schema-engine-wasm by hand (its ESM entry imports a .wasm file, which Node cannot). */
async function loadEngine(url: string, schema: string): Promise<Engine> {
  const require = createRequire(import.meta.url);
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const dir = path.dirname(bgPath);
  const bg = await import(bgPath);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path.join(dir, "schema_engine_bg.wasm"))), {
    "./schema_engine_bg.js": bg,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: url }));
  return bg.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, adapter);
}

function migrationsList() {
  const base = defaultMigrationsDir;
  return {
    baseDir: base,
    lockfile: { path: "migration_lock.toml", content: readFileSync(path.join(base, "migration_lock.toml"), "utf8") },
    shadowDbInitScript: "",
    migrationDirectories: readdirSync(base)
      .filter((d) => statSync(path.join(base, d)).isDirectory())
      .sort()
      .map((d) => ({
        path: d,
        migrationFile: { path: "migration.sql", content: { tag: "ok", value: readFileSync(path.join(base, d, "migration.sql"), "utf8") } },
      })),
  };
}

const adminUrl = process.env.DATABASE_URL;

describe.skipIf(!adminUrl)("Prisma's schema engine agrees with migrate() on PostgreSQL", () => {
  let db: TestDatabase;
  let engine: Engine;
  beforeAll(async () => {
    db = await createPostgresDatabase(adminUrl!);
    await migrate(db.url);
    const schema = readFileSync(path.join(defaultMigrationsDir, "..", "schema.prisma"), "utf8");
    engine = await loadEngine(db.url, schema);
  });
  afterAll(async () => {
    engine?.free();
    await db?.dispose();
  });

  it("diagnoses the history as in sync and has nothing to apply", async () => {
    const filters = { externalTables: [], externalEnums: [] };
    const diagnosis = await engine.diagnoseMigrationHistory({ migrationsList: migrationsList(), optInToShadowDatabase: false, filters });
    expect(diagnosis).toMatchObject({ editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null });
    expect(await engine.applyMigrations({ migrationsList: migrationsList(), filters })).toEqual({ appliedMigrationNames: [] });
  });
});
