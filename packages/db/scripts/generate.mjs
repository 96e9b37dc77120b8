#!/usr/bin/env node
// Runs `prisma generate` offline. Prisma 7's CLI insists on finding its native schema engine before it
// generates, even though generate never runs it; the engine cannot be downloaded on machines without
// the internet. PRISMA_SCHEMA_ENGINE_BINARY must merely name an existing file, so unless the caller set
// it (a machine with a real engine), point it at this script.
//
// `--if-stale`: generate only when the client is missing or was generated from another schema or Prisma version
// (a fingerprint of both is kept beside the client). `npm install` (postinstall) and `npm start` call it that way,
// so a fresh clone, a `git pull` that changed the schema and an install with --ignore-scripts all end with the
// client the schema describes; so does `npm test`. `npm run generate` always generates.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const schema = path.join(root, "prisma", "schema.prisma");
const generated = path.join(root, "packages", "db", "src", "generated");
const fingerprintFile = path.join(generated, ".fingerprint");
const cli = path.join(root, "node_modules", "prisma", "build", "index.js");

const args = process.argv.slice(2);
const ifStale = args.includes("--if-stale");
const prismaArgs = args.filter((a) => a !== "--if-stale");

function fingerprint() {
  const prismaVersion = JSON.parse(readFileSync(path.join(root, "node_modules", "prisma", "package.json"), "utf8")).version;
  return createHash("sha256").update(prismaVersion).update("\0").update(readFileSync(schema)).digest("hex");
}

if (!existsSync(cli)) {
  console.error(`prisma generate: the Prisma CLI is not installed (${cli}). Run npm install first.`);
  process.exit(1);
}
const wanted = fingerprint();
if (ifStale && existsSync(path.join(generated, "client.ts")) && existsSync(fingerprintFile)) {
  if (readFileSync(fingerprintFile, "utf8").trim() === wanted) process.exit(0);
}

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = fileURLToPath(import.meta.url);
}
const result = spawnSync(process.execPath, [cli, "generate", ...prismaArgs], { cwd: root, env, stdio: "inherit" });
if (result.status === 0) writeFileSync(fingerprintFile, `${wanted}\n`);
process.exit(result.status ?? 1);
