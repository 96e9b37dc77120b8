// A record-date distribution end to end on a real chain: anvil, the demo asset, transfers before and after the record
// date, the indexer writing PGlite/PostgreSQL, then entitlementsAt (@tessera/db) and buildDistribution
// (@tessera/sdk/distribution). Each investor's units equal the token's balanceOf at the record block, the amounts the
// pro-rata shares with withholding, the root StandardMerkleTree.of's over the same leaves, and every proof verifies.
import type { Deployments } from "@tessera/contracts";
import { tokenAbi } from "@tessera/contracts";
import { createPool, entitlementsAt, resolveRecordDate, type EntitlementRow } from "@tessera/db";
import { backends, type TestDatabase } from "@tessera/db/testing";
import { transfer } from "@tessera/sdk";
import { buildDistribution, standardEntitlementTree, verifyEntitlementProof } from "@tessera/sdk/distribution";
import { deployDevPlatform, devClients, startAnvil, type AnvilHandle, type DemoSeed } from "@tessera/sdk/node";
import type pg from "pg";
import type { Abi, PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIndexer, type Indexer } from "../src/index.ts";

const UNIT = 10n ** 18n;

async function all(gen: AsyncIterable<EntitlementRow>): Promise<EntitlementRow[]> {
  const out: EntitlementRow[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

describe.each(backends())("a distribution from the index of an anvil chain on $name", (backend) => {
  let anvil: AnvilHandle;
  let db: TestDatabase;
  let pool: pg.Pool;
  let publicClient: PublicClient;
  let deployments: Deployments;
  let seed: DemoSeed;
  let chainId: number;
  let indexer: Indexer;
  let recordBlock: bigint;

  beforeAll(async () => {
    anvil = await startAnvil();
    const clients = await devClients(anvil.rpcUrl, 6);
    publicClient = clients.publicClient;
    const [, , inv1, inv2, inv3] = clients.wallets;
    chainId = await publicClient.getChainId();
    ({ deployments, demo: seed } = await deployDevPlatform(anvil.rpcUrl, { demo: true })); // 10,000 to inv1 (US), 5,000 to inv2 (UK)
    const t = seed.token;
    const r = await transfer(inv1, publicClient, { token: t, to: inv3.account.address, amount: 1000n * UNIT });
    recordBlock = r.receipt.blockNumber; // at the record date: inv1 9,000, inv2 5,000, inv3 (FR) 1,000
    await transfer(inv2, publicClient, { token: t, to: inv3.account.address, amount: 1000n * UNIT }); // after it
    db = await backend.createMigrated();
    pool = createPool(db.url, { poolSize: 3 });
    indexer = startIndexer({ pool, rpcUrl: anvil.rpcUrl, chainId, deployments, log: () => {} });
    await indexer.waitForBlock(await publicClient.getBlockNumber());
  });
  afterAll(async () => {
    await indexer?.stop().catch(() => {});
    await pool?.end();
    await db?.dispose();
    await anvil?.stop();
  });

  it("entitlements at the record date: the chain's balances at that block per identity, pro rata with withholding; root and proofs", async () => {
    const params = { chainId, token: seed.token, block: recordBlock, totalAmount: 1_500_000_000n, withholdingBps: { 840: 3000, 250: 1280 } };
    const rows = await all(entitlementsAt(pool, params));
    const byIdentity = new Map(seed.investors.map((i) => [i.identity.toLowerCase(), i]));
    expect(rows.map((r) => r.identity)).toEqual([...byIdentity.keys()].sort());
    for (const row of rows) {
      const investor = byIdentity.get(row.identity)!;
      const onChain = (await publicClient.readContract({
        address: seed.token,
        abi: tokenAbi as Abi,
        functionName: "balanceOf",
        args: [investor.wallet],
        blockNumber: recordBlock,
      })) as bigint;
      expect(row.units, investor.wallet).toBe(onChain);
      expect(row).toMatchObject({ wallet: investor.wallet.toLowerCase(), country: investor.country });
    }
    const by = (wallet: string) => rows.find((r) => r.wallet === wallet.toLowerCase())!;
    const [inv1, inv2, inv3] = seed.investors;
    // 1,500 TUSD over 15,000 tokens: 0.1 TUSD per token, exact; 30 % withheld in the US, 12.8 % in France.
    expect(by(inv1!.wallet)).toMatchObject({ units: 9000n * UNIT, gross: 900_000_000n, withholding: 270_000_000n, net: 630_000_000n });
    expect(by(inv2!.wallet)).toMatchObject({ units: 5000n * UNIT, gross: 500_000_000n, withholding: 0n, net: 500_000_000n });
    expect(by(inv3!.wallet)).toMatchObject({ units: 1000n * UNIT, gross: 100_000_000n, withholding: 12_800_000n, net: 87_200_000n });

    const dist = await buildDistribution(entitlementsAt(pool, params));
    expect(dist.totals).toEqual({ holders: 3, units: 15_000n * UNIT, gross: 1_500_000_000n, withholding: 282_800_000n, net: 1_217_200_000n });
    expect(dist.root).toBe(standardEntitlementTree(rows).root);
    for (const r of rows) {
      expect(verifyEntitlementProof(dist.root, { index: r.index, identity: r.identity, amount: r.net }, dist.tree.proof(r.index))).toBe(true);
    }
  });

  it("the transfer after the record date counts only from its own block; the record date cannot pass the indexed head", async () => {
    const head = await publicClient.getBlockNumber();
    const after = await all(entitlementsAt(pool, { chainId, token: seed.token, block: head, ratePerUnit: 1_000_000n }));
    expect(after.map((r) => [r.wallet, r.units])).toEqual(
      expect.arrayContaining([
        [seed.investors[1]!.wallet.toLowerCase(), 4000n * UNIT],
        [seed.investors[2]!.wallet.toLowerCase(), 2000n * UNIT],
      ]),
    );
    const indexed = (await resolveRecordDate(pool, { chainId, token: seed.token, block: recordBlock })).head;
    await expect(all(entitlementsAt(pool, { chainId, token: seed.token, block: indexed + 1n, ratePerUnit: 1n }))).rejects.toThrow(
      `the record date (block ${indexed + 1n}) is after the indexed head (block ${indexed})`,
    );
  });
});
