import { z } from "zod";

/** Database settings read from the environment. */
export interface DatabaseConfig {
  /**
   * PostgreSQL connection URL (`postgres://user:pass@host:port/db`). Undefined means "use the embedded
   * PGlite served by `npm start`" (see ARCHITECTURE.md: `postgres://postgres:postgres@127.0.0.1:54321/postgres`).
   */
  databaseUrl: string | undefined;
}

const schema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: "DATABASE_URL must start with postgres:// or postgresql://" })
    .optional(),
});

/**
 * Reads and validates the database settings from `env` (default `process.env`).
 * An empty `DATABASE_URL` counts as unset.
 * @throws Error naming the offending variable when `DATABASE_URL` is set but not a postgres URL.
 */
export function databaseConfig(env: Record<string, string | undefined> = process.env): DatabaseConfig {
  const raw = env.DATABASE_URL === "" ? undefined : env.DATABASE_URL;
  const parsed = schema.safeParse({ DATABASE_URL: raw });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`).join("; ");
    throw new Error(`Invalid database configuration: ${issues}`);
  }
  return { databaseUrl: parsed.data.DATABASE_URL };
}

/** The URL the embedded PGlite server listens on for a given port (default 54321). */
export function pgliteUrl(port = 54321): string {
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}
