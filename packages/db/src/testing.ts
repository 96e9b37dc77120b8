// Test helpers (`@tessera/db/testing`): the databases every @tessera/db, indexer and web test runs against. PGlite always (served over
// the wire on a free port in 55400-55499, like `npm start` does), PostgreSQL too when DATABASE_URL is set: a fresh
// throwaway database per run, dropped afterwards.
//
// A migrated PGlite database starts from a copy of a migrated template data folder (one per PGlite version and set of
// migrations, under the OS temp folder), then `migrate` runs as usual (a no-op unless the template lacks a
// migration): a fresh PGlite's initdb costs 10-20 s on 2 busy cores, the copy about 2 s.
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate, readMigrations, startPgliteServer, type PgliteServer } from "./index.ts";

/** A fresh database (empty, or migrated when asked) and how to dispose of it. */
export interface TestDatabase {
  url: string;
  dispose(): Promise<void>;
}

/** A database backend under test. */
export interface Backend {
  name: "pglite" | "postgres";
  /** An empty database (no table, no `_prisma_migrations`): for tests of the migrations themselves. */
  create(): Promise<TestDatabase>;
  /** A database with every migration applied (`migrate` has run on it); on PGlite a copy of the migrated template. */
  createMigrated(): Promise<TestDatabase>;
}

/** Options of {@link createPgliteDatabase}. */
export interface PgliteDatabaseOptions {
  /**
   * true: every migration applied, starting from a copy of the migrated template ({@link pgliteTemplate}), then
   * `migrate` on it. Default false: an empty database (initdb only).
   */
  migrated?: boolean;
}

let nextPort = 55400 + Math.floor(Math.random() * 50);

/**
 * PGlite in this process, served over the socket on its own port with its own temporary data folder (removed on
 * dispose).
 * @throws the server's error when no port in 55400-55499 could be bound after 20 tries, or the migrator's.
 */
export async function createPgliteDatabase(options: PgliteDatabaseOptions = {}): Promise<TestDatabase> {
  const template = options.migrated ? await pgliteTemplate() : undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), "tessera-pglite-"));
  let server: PgliteServer | undefined;
  try {
    if (template) cpSync(template, dataDir, { recursive: true });
    server = await servePglite(dataDir);
    if (template) await migrate(server.url);
  } catch (err) {
    await server?.stop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const running = server;
  return {
    url: running.url,
    async dispose() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** PGlite serving `dataDir` on the next port of 55400-55499 (the next one is tried while EADDRINUSE, 20 times). */
async function servePglite(dataDir: string): Promise<PgliteServer> {
  for (let attempt = 0; ; attempt++) {
    const port = nextPort;
    nextPort = nextPort >= 55499 ? 55400 : nextPort + 1;
    try {
      return await startPgliteServer({ dataDir, port });
    } catch (err) {
      if (attempt >= 20 || !String((err as Error)?.message ?? err).includes("EADDRINUSE")) throw err;
    }
  }
}

// ------------------------------------------------------------------------------------------------------------
// PGlite from a migrated template

const TEMPLATE_PREFIX = "tessera-pglite-template-";
/** Templates of other keys (and abandoned builds) unused for this long are removed. */
const TEMPLATE_MAX_IDLE_MS = 24 * 60 * 60 * 1000;

/** The installed PGlite's version (from its package.json, found above its resolved entry point). */
function pgliteVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  for (;;) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "@electric-sql/pglite" && pkg.version) return pkg.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("@tessera/db/testing: the package.json of @electric-sql/pglite was not found");
    dir = parent;
  }
}

/** The template folder's name for this PGlite version and these migrations (names and checksums). */
function templateName(): string {
  const hash = createHash("sha256").update(`pglite ${pgliteVersion()}\n`);
  for (const m of readMigrations()) hash.update(`${m.name} ${m.checksum}\n`);
  return `${TEMPLATE_PREFIX}${hash.digest("hex").slice(0, 16)}`;
}

let templateBuild: Promise<string> | undefined;

/**
 * The migrated template data folder for this PGlite version and these migrations, built on first use: a PGlite in a
 * temporary folder, migrated, closed, then renamed into place. A rename is atomic, so a folder under that name is
 * always complete; when another process renamed its build first, the rename fails, this build is dropped and the
 * winner's is used. Each use touches the template (its mtime is its last use); templates of other keys and abandoned
 * builds idle for a day are removed (best effort).
 * @returns the template folder's absolute path (read-only for callers: copy it, never serve it).
 */
export function pgliteTemplate(): Promise<string> {
  templateBuild ??= buildPgliteTemplate().catch((err: unknown) => {
    templateBuild = undefined;
    throw err;
  });
  return templateBuild;
}

async function buildPgliteTemplate(): Promise<string> {
  const name = templateName();
  const dir = path.join(tmpdir(), name);
  removeIdleTemplates(name);
  if (!existsSync(dir)) {
    const building = mkdtempSync(`${dir}.building-`);
    try {
      const server = await servePglite(building);
      try {
        await migrate(server.url);
      } finally {
        await server.stop();
      }
      try {
        renameSync(building, dir);
      } catch (err) {
        if (!existsSync(dir)) throw err;
      }
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
  }
  const now = new Date();
  try {
    utimesSync(dir, now, now);
  } catch {
    // Best effort: the template is still usable.
  }
  return dir;
}

/**
 * Removes the templates other than `keep` (and abandoned `.building-` folders) under `root` whose last use (mtime) is
 * older than `maxIdleMs`; best effort: a folder another process removes or holds meanwhile is left alone.
 * @param keep the current template's folder name (never removed).
 * @param root default: the OS temp folder. @param maxIdleMs default: a day.
 */
export function removeIdleTemplates(keep: string, root: string = tmpdir(), maxIdleMs: number = TEMPLATE_MAX_IDLE_MS): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const entry of names) {
    if (!entry.startsWith(TEMPLATE_PREFIX) || entry === keep) continue;
    const full = path.join(root, entry);
    try {
      if (Date.now() - statSync(full).mtimeMs > maxIdleMs) rmSync(full, { recursive: true, force: true });
    } catch {
      // Another process removed or is using it: leave it.
    }
  }
}

// ------------------------------------------------------------------------------------------------------------
// PostgreSQL

/** A new database on the PostgreSQL server of `adminUrl`, dropped (with its connections) on dispose. */
export async function createPostgresDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `tessera_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async dispose() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Runs `migrate` on a new database of `create`; the database is disposed of when migrating fails. */
async function migrated(create: () => Promise<TestDatabase>): Promise<TestDatabase> {
  const db = await create();
  try {
    await migrate(db.url);
    return db;
  } catch (err) {
    await db.dispose().catch(() => {});
    throw err;
  }
}

/** PGlite, plus PostgreSQL when DATABASE_URL is set. */
export function backends(): Backend[] {
  const list: Backend[] = [
    { name: "pglite", create: () => createPgliteDatabase(), createMigrated: () => createPgliteDatabase({ migrated: true }) },
  ];
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const create = () => createPostgresDatabase(adminUrl);
    list.push({ name: "postgres", create, createMigrated: () => migrated(create) });
  }
  return list;
}
