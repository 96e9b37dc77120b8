// The indexer as its own process (as `npm start` runs it), against PGlite served over the wire by this process
// (and PostgreSQL when DATABASE_URL is set): it reads its configuration from the environment, catches up with
// the chain and exits cleanly on SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPrisma, waitForIndexer } from "@tessera/db";
import { backends, type TestDatabase } from "@tessera/db/testing";
import { deployDevPlatform, devClients, startAnvil, writeDeployments, type AnvilHandle } from "@tessera/sdk/node";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexerConfig } from "../src/index.ts";
import { checksums } from "./helpers.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");

describe("indexerConfig", () => {
  it("applies ARCHITECTURE.md's defaults and rejects invalid values", () => {
    expect(indexerConfig({})).toEqual({
      rpcUrl: "http://127.0.0.1:8545",
      chainId: 31337,
      databaseUrl: undefined,
      deploymentsDir: "deployments",
      pollIntervalMs: 250,
      batchBlocks: 2000,
      flushEvents: 10_000,
      settleEvents: 1_000_000,
      finalityDepth: 64,
      parallelWindows: 4,
    });
    expect(indexerConfig({ CHAIN_ID: "1", DATABASE_URL: "postgres://a@b/c", RPC_URL: "http://x:1" })).toMatchObject({
      chainId: 1,
      databaseUrl: "postgres://a@b/c",
      rpcUrl: "http://x:1",
    });
    expect(() => indexerConfig({ CHAIN_ID: "abc" })).toThrow(/CHAIN_ID/);
    expect(() => indexerConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
  });
});

describe.each(backends())("indexer CLI (src/main.ts) on $name", (backend) => {
  let anvil: AnvilHandle;
  let db: TestDatabase;
  let child: ChildProcess | undefined;
  let deploymentsDir: string;
  let output = "";

  beforeAll(async () => {
    anvil = await startAnvil();
    const { deployments, demo: seed } = await deployDevPlatform(anvil.rpcUrl, { demo: true });
    deploymentsDir = mkdtempSync(path.join(tmpdir(), "tessera-deployments-"));
    writeDeployments(deploymentsDir, { ...deployments, demoAsset: { token: seed.token, compliance: seed.compliance } });
    db = await backend.createMigrated();
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await db?.dispose();
    await anvil?.stop();
    rmSync(deploymentsDir, { recursive: true, force: true });
  });

  const spawnIndexer = () => {
    output = "";
    child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "apps/indexer/src/main.ts")], {
      cwd: repoRoot,
      env: { ...process.env, RPC_URL: anvil.rpcUrl, CHAIN_ID: "31337", DATABASE_URL: db.url, DEPLOYMENTS_DIR: deploymentsDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    return new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
  };

  it("catches up with the chain in its own process and exits 0 on SIGTERM", async () => {
    const exited = spawnIndexer();

    const { publicClient } = await devClients(anvil.rpcUrl, 1);
    await waitForIndexer(db.url, 31337, await publicClient.getBlockNumber(), 60_000);
    const prisma = createPrisma(db.url, { poolSize: 1 });
    try {
      const asset = await prisma.asset.findFirstOrThrow({ where: { chainId: 31337 } });
      expect(asset.symbol).toBe("TDF");
      expect(asset.holderCount).toBe(2);
    } finally {
      await prisma.$disconnect();
    }

    child!.kill("SIGTERM");
    expect(await exited, output).toBe(0);
    expect(output).toContain("stopping");
  });

  it("on a chain halted by a reorg deeper than the journal, says why and exits 3, touching no row", async () => {
    const reason = "reorg deeper than the journal: block 7 now has hash 0xabc (test)";
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(`UPDATE "IndexerCursor" SET "haltedReason" = $1 WHERE "chainId" = 31337`, [reason]);
    } finally {
      await c.end();
    }
    const before = await checksums(db.url, 31337);
    const exited = spawnIndexer();
    expect(await exited, output).toBe(3);
    expect(output).toContain(`halted: ${reason}`);
    expect(await checksums(db.url, 31337)).toEqual(before);
  });
});
