// Prisma 7 configuration: where the schema and migrations live.
// `npm run generate` needs no database; the datasource URL is only read by Prisma's own migrate/db
// commands (for users who have Prisma's schema engine). Our own migrator is @tessera/db's `migrate()`.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
