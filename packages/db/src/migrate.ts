import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** The repository's `prisma/migrations` folder (Prisma's folder format). */
// The `turbopackIgnore` hints below keep Next's file tracing (apps/web imports this package for the client) from
// treating these runtime paths as "the whole project": migrations are read by Node processes, never bundled.
export const defaultMigrationsDir = path.resolve(
  /*turbopackIgnore: true*/ path.dirname(fileURLToPath(import.meta.url)),
  "../../../prisma/migrations",
);

/** The advisory lock key `prisma migrate` takes, so our migrator and Prisma's never run at once. */
const PRISMA_ADVISORY_LOCK = 72707369;

/** Prisma's bookkeeping table, column for column as `prisma migrate deploy` creates it on PostgreSQL. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

/** One migration folder: `<timestamp>_<name>/migration.sql`. */
export interface MigrationFile {
  /** Folder name, e.g. `20261122000000_init`; recorded as `migration_name`. */
  name: string;
  /** The SQL script, exactly as on disk. */
  sql: string;
  /** Lower-case hex sha256 of the script's UTF-8 bytes (Prisma's checksum). */
  checksum: string;
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** Folder holding the migration folders (default: the repository's `prisma/migrations`). */
  migrationsDir?: string;
  /** Progress messages (default: silent). */
  log?: (message: string) => void;
}

/** What {@link migrate} did. */
export interface MigrateResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations that were already recorded as finished (checksums verified). */
  skipped: string[];
}

/** A migration already applied to the database differs from the file on disk. */
export class MigrationChecksumMismatchError extends Error {
  constructor(
    readonly migrationName: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `Migration ${migrationName} was modified after it was applied: the database recorded checksum ${actual}, ` +
        `the file has ${expected}. Never edit an applied migration; add a new one instead.`,
    );
    this.name = "MigrationChecksumMismatchError";
  }
}

/** A migration is recorded as started but not finished (for example by a failed `prisma migrate deploy`). */
export class FailedMigrationError extends Error {
  constructor(readonly migrationName: string) {
    super(
      `Migration ${migrationName} is recorded as failed in _prisma_migrations (started, never finished). ` +
        `Fix the database, then mark it with \`prisma migrate resolve --rolled-back ${migrationName}\` ` +
        `(or delete its row) and migrate again.`,
    );
    this.name = "FailedMigrationError";
  }
}

/** Prisma's migration checksum: sha256 over the script's bytes, lower-case hex. */
export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/**
 * Lists the migrations of a folder in Prisma's format, ordered by folder name (timestamp first).
 * @throws Error if `migration_lock.toml` names a provider other than postgresql.
 */
export function readMigrations(migrationsDir: string = defaultMigrationsDir): MigrationFile[] {
  const lock = path.join(migrationsDir, "migration_lock.toml");
  if (existsSync(/*turbopackIgnore: true*/ lock)) {
    const provider = /provider\s*=\s*"([^"]+)"/.exec(readFileSync(/*turbopackIgnore: true*/ lock, "utf8"))?.[1];
    if (provider && provider !== "postgresql") {
      throw new Error(`${lock} says provider = "${provider}"; @tessera/db applies PostgreSQL migrations only`);
    }
  }
  return readdirSync(/*turbopackIgnore: true*/ migrationsDir)
    .filter((entry) => statSync(/*turbopackIgnore: true*/ path.join(migrationsDir, entry)).isDirectory())
    .filter((entry) => existsSync(/*turbopackIgnore: true*/ path.join(migrationsDir, entry, "migration.sql")))
    .sort()
    .map((name) => {
      const sql = readFileSync(/*turbopackIgnore: true*/ path.join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: migrationChecksum(sql) };
    });
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies the pending migrations of `prisma/migrations` to the database at `databaseUrl`, each in its own
 * transaction together with its `_prisma_migrations` row (same table, columns and sha256 checksum as
 * `prisma migrate deploy`, so Prisma's CLI sees the same history). Idempotent: a second run applies nothing.
 * Takes Prisma's advisory lock for the duration. Works on PostgreSQL and on PGlite served over the wire.
 *
 * @param databaseUrl `postgres://…` URL of an existing database.
 * @throws MigrationChecksumMismatchError if an applied migration's file has changed.
 * @throws FailedMigrationError if a migration is recorded as started but unfinished.
 * @throws Error naming the migration whose SQL failed (that migration is rolled back entirely).
 */
export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const migrations = readMigrations(options.migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const result: MigrateResult = { applied: [], skipped: [] };
  try {
    await client.query(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK})`);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<MigrationRow>(
        `SELECT id, checksum, migration_name, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at ASC`,
      );
      const live = rows.filter((r) => r.rolled_back_at === null);
      const local = new Set(migrations.map((m) => m.name));
      for (const row of live) {
        if (!local.has(row.migration_name)) {
          log(`warning: migration ${row.migration_name} is applied to the database but missing from the migrations folder`);
        }
      }
      for (const migration of migrations) {
        const recorded = live.filter((r) => r.migration_name === migration.name);
        if (recorded.some((r) => r.finished_at === null)) throw new FailedMigrationError(migration.name);
        const done = recorded.find((r) => r.finished_at !== null);
        if (done) {
          if (!checksumMatches(migration.sql, done.checksum)) {
            throw new MigrationChecksumMismatchError(migration.name, migration.checksum, done.checksum);
          }
          result.skipped.push(migration.name);
          continue;
        }
        log(`applying migration ${migration.name}`);
        await applyOne(client, migration);
        result.applied.push(migration.name);
      }
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK})`).catch(() => {});
    }
  } finally {
    await client.end();
  }
  return result;
}

/** Prisma accepts a script whose line endings changed (CRLF checkout on Windows) as unchanged. */
function checksumMatches(sql: string, recorded: string): boolean {
  if (migrationChecksum(sql) === recorded) return true;
  const lf = sql.replace(/\r\n/g, "\n");
  return migrationChecksum(lf) === recorded || migrationChecksum(lf.replace(/\n/g, "\r\n")) === recorded;
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
      [id, migration.checksum, migration.name],
    );
    // Simple-query protocol (no parameters): the whole multi-statement script runs as Prisma would send it.
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${message}`, { cause: err });
  }
}
