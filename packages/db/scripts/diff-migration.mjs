#!/usr/bin/env node
// Writes a new migration folder prisma/migrations/<UTC timestamp>_<name>/migration.sql with the SQL that takes
// the database from the schema at a git revision (default HEAD) to the working tree's prisma/schema.prisma.
// It runs Prisma's own schema engine (its WebAssembly build, @prisma/schema-engine-wasm: the same `diff` as
// `prisma migrate diff --from-schema … --to-schema … --script`), because the CLI's native engine cannot be
// downloaded here. Needs DATABASE_URL (any PostgreSQL server; nothing is written). Usage: node packages/db/scripts/diff-migration.mjs <name> [--from <git rev>] [--dry-run]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith("--") && args[args.indexOf(a) - 1] !== "--from");
const fromRev = args.includes("--from") ? args[args.indexOf("--from") + 1] : "HEAD";
const dryRun = args.includes("--dry-run");
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: diff-migration.mjs <name: lower_snake_case> [--from <git rev>] [--dry-run]");
  process.exit(2);
}

const require = createRequire(path.join(root, "packages/db/package.json"));
const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
const bg = await import(bgPath);
const instance = new WebAssembly.Instance(
  new WebAssembly.Module(readFileSync(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"))),
  { "./schema_engine_bg.js": bg },
);
bg.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();
const { PrismaPg } = await import(require.resolve("@prisma/adapter-pg"));
const { bindMigrationAwareSqlAdapterFactory } = await import(require.resolve("@prisma/driver-adapter-utils"));
// The engine connects to a PostgreSQL server even for a schema-to-schema diff (it reads nothing from it).
if (!process.env.DATABASE_URL) {
  console.error("set DATABASE_URL to any reachable PostgreSQL server (nothing is written to it)");
  process.exit(2);
}
const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: process.env.DATABASE_URL }));

const schemaPath = path.join(root, "prisma/schema.prisma");
const before = execFileSync("git", ["show", `${fromRev}:prisma/schema.prisma`], { cwd: root, encoding: "utf8" });
const after = readFileSync(schemaPath, "utf8");
const engine = await bg.SchemaEngine.new({ datamodels: [["schema.prisma", after]] }, () => {}, adapter);
let sql;
try {
  const result = await engine.diff({
    from: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: before }] },
    to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: after }] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  sql = result.stdout ?? "";
} finally {
  engine.free();
}
if (!sql.trim() || /empty migration/i.test(sql)) {
  console.error(`prisma/schema.prisma has no changes since ${fromRev}`);
  process.exit(1);
}
if (dryRun) {
  process.stdout.write(sql);
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join(root, "prisma/migrations", `${stamp}_${name}`);
if (existsSync(dir)) throw new Error(`${dir} exists`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
