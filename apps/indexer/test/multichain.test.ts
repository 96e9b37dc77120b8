// Two chains into one database at once: two anvils with different chain ids and the same deployer, hence the same
// contract addresses on both, so only chainId tells their rows apart. One cursor per chain; a reorg on one chain
// leaves the other untouched.
import type { Deployments } from "@tessera/contracts";
import { createPool, createPrisma, type PrismaClient } from "@tessera/db";
import { backends, type TestDatabase } from "@tessera/db/testing";
import { transfer } from "@tessera/sdk";
import { deployDevPlatform, devClients, startAnvil, type AnvilHandle, type DemoSeed } from "@tessera/sdk/node";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIndexer, type Indexer } from "../src/index.ts";

interface Chain {
  anvil: AnvilHandle;
  clients: Awaited<ReturnType<typeof devClients>>;
  chainId: number;
  deployments: Deployments;
  seed: DemoSeed;
  indexer?: Indexer;
}


describe.each(backends())("two chains into one $name database", (backend) => {
  const chains: Chain[] = [];
  let db: TestDatabase;
  let pool: pg.Pool;
  let prisma: PrismaClient;

  beforeAll(async () => {
    for (const chainId of [31337, 31338]) {
      const anvil = await startAnvil({ chainId });
      const clients = await devClients(anvil.rpcUrl, 6);
      const { deployments, demo: seed } = await deployDevPlatform(anvil.rpcUrl, { demo: true });
      chains.push({ anvil, clients, chainId, deployments, seed });
    }
    db = await backend.createMigrated();
    pool = createPool(db.url, { poolSize: 4 });
    prisma = createPrisma(db.url, { poolSize: 2 });
    for (const c of chains) {
      c.indexer = startIndexer({ pool, rpcUrl: c.anvil.rpcUrl, chainId: c.chainId, deployments: c.deployments, log: () => {} });
    }
  });
  afterAll(async () => {
    for (const c of chains) await c.indexer?.stop().catch(() => {});
    await prisma?.$disconnect();
    await pool?.end();
    await db?.dispose();
    for (const c of chains) await c.anvil.stop();
  });

  it("keeps each chain's cap table and cursor apart although the addresses are the same", async () => {
    const [a, b] = chains as [Chain, Chain];
    expect(a.seed.token.toLowerCase()).toBe(b.seed.token.toLowerCase());
    // Chain B alone moves: inv1 sends 250 TDF to inv3.
    const [, , inv1, , inv3] = b.clients.wallets;
    await transfer(inv1, b.clients.publicClient, { token: b.seed.token, to: inv3.account.address, amount: 250n * 10n ** 18n });
    for (const c of chains) await c.indexer!.waitForBlock(await c.clients.publicClient.getBlockNumber());

    const cursors = await prisma.indexerCursor.findMany({ orderBy: { chainId: "asc" } });
    expect(cursors.map((c) => c.chainId)).toEqual([31337, 31338]);
    const token = a.seed.token.toLowerCase();
    const holders = async (chainId: number) =>
      (await prisma.holding.findMany({ where: { chainId, token }, orderBy: { wallet: "asc" } })).map((h) => [h.wallet, h.balance.toFixed()]);
    const assetA = await prisma.asset.findUniqueOrThrow({ where: { chainId_token: { chainId: 31337, token } } });
    const assetB = await prisma.asset.findUniqueOrThrow({ where: { chainId_token: { chainId: 31338, token } } });
    expect([assetA.holderCount, assetB.holderCount]).toEqual([2, 3]);
    expect(await holders(31337)).not.toEqual(await holders(31338));
    expect(await prisma.transfer.count({ where: { chainId: 31337 } })).toBe(2);
    expect(await prisma.transfer.count({ where: { chainId: 31338 } })).toBe(3);
  });

  it("rolls back a reorg on one chain without touching the other", async () => {
    const [a, b] = chains as [Chain, Chain];
    const before = await prisma.transfer.findMany({ where: { chainId: a.chainId }, orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }] });
    const pub = b.clients.publicClient;
    const snapshot = (await pub.request({ method: "evm_snapshot" } as never)) as string;
    const [, , inv1, inv2] = b.clients.wallets;
    const orphan = await transfer(inv1, pub, { token: b.seed.token, to: inv2.account.address, amount: 1n });
    await b.indexer!.waitForBlock(orphan.receipt.blockNumber);
    await pub.request({ method: "evm_revert", params: [snapshot] } as never);
    await pub.request({ method: "anvil_mine", params: ["0x3"] } as never);
    const head = await pub.getBlockNumber();
    for (let i = 0; i < 100 && (await prisma.transfer.count({ where: { chainId: b.chainId, txHash: orphan.hash.toLowerCase() } })) > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await b.indexer!.waitForBlock(head);
    expect(await prisma.transfer.count({ where: { chainId: b.chainId, txHash: orphan.hash.toLowerCase() } })).toBe(0);
    expect(await prisma.transfer.findMany({ where: { chainId: a.chainId }, orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }] })).toEqual(before);
  });
});
