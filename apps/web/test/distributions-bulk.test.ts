import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyEntitlementProof } from "@tessera/sdk/distribution";
import type { Hex } from "viem";
import type { Session } from "../lib/auth/session";
import { draftDistribution, INSERT_BATCH } from "../lib/distribution/draft-distribution";
import { forgetTrees, treeOf } from "../lib/distribution/tree-cache";
import { startWebChain, startWebDatabase, type WebChain, type WebDatabase } from "./helpers/backend";

/**
 * Drafts at scale (issue 11, "1,000,000 holders"): the leaves go to the database in INSERT … unnest batches after the
 * entitlements' read-only stream ends (PGlite serializes transactions), and a proof is computed from the stored leaves
 * (the tree rebuilt in keyset pages) when none is cached. 6,000 synthetic holders (two insert batches) written
 * straight into the index tables of a PGlite database, on this file's anvil (payment token, chain time).
 */
const HOLDERS = 6_000;
const TOKEN = `0x${"d1".repeat(20)}`;
const REGISTRY = `0x${"d2".repeat(20)}`;
let chain: WebChain;
let db: WebDatabase;

beforeAll(async () => {
  chain = await startWebChain();
  db = await startWebDatabase("pglite");
  const at = "2026-01-01 00:00:00";
  await db.pool.query(
    `INSERT INTO "Asset" ("chainId", "token", "issuer", "compliance", "identityRegistry", "name", "symbol", "decimals",
       "assetClass", "totalSupply", "allowedCountries", "maxHolders", "maxBalance", "deployedBlock", "deployedTxHash", "deployedAt")
     VALUES (31337, $1, $2, $2, $3, 'Bulk', 'BLK', 18, 0, 0, '{}', 0, 0, 1, $4, $5)`,
    [TOKEN, REGISTRY, REGISTRY, `0x${"00".repeat(32)}`, at],
  );
  await db.pool.query(
    `INSERT INTO "Transfer" ("chainId", "blockNumber", "logIndex", "txHash", "token", "from", "to", "amount", "kind", "blockTime")
     SELECT 31337, 5, g, '0x' || lpad(to_hex(g), 64, '0'), $1, '0x0000000000000000000000000000000000000000',
            '0x' || lpad(to_hex(g), 40, '0'), (g::numeric * 1000000000000000000), 'mint', $2::timestamp
     FROM generate_series(1, $3::int) AS g`,
    [TOKEN, at, HOLDERS],
  );
  await db.pool.query(`INSERT INTO "IndexerCursor" ("chainId", "lastBlock", "lastBlockHash", "updatedAt") VALUES (31337, 10, $1, now())`, [`0x${"11".repeat(32)}`]);
}, 120_000);
afterAll(async () => {
  await db?.stop();
  await chain?.stop();
});

describe("a draft of many holders", () => {
  it("stores every leaf in batches and proves a leaf from the stored leaves", async () => {
    expect(HOLDERS).toBeGreaterThan(INSERT_BATCH);
    const now = Number((await chain.clients.publicClient.getBlock()).timestamp);
    const body = {
      kind: "dividend" as const,
      recordBlock: 5n,
      totalAmount: 1_000_000_000_000n,
      withholdingBps: {},
      excluded: [],
      includeFrozen: true,
      claimDeadline: now + 86_400,
      paymentToken: chain.demo.paymentToken.toLowerCase() as `0x${string}`,
    };
    const me = { address: chain.clients.wallets[0].account.address } as Session;
    const first = await draftDistribution(me, TOKEN as `0x${string}`, body);
    expect(first.existed).toBe(false);
    expect(first.distribution).toMatchObject({ complete: true, totals: { holders: HOLDERS, net: "1000000000000" } });
    const count = async () =>
      (await db.pool.query(`SELECT count(*)::int AS n, max("index")::int AS last FROM "DistributionEntitlement" WHERE "root" = $1`, [first.distribution.root])).rows[0];
    expect(await count()).toEqual({ n: HOLDERS, last: HOLDERS - 1 });

    forgetTrees();
    const tree = await treeOf(TOKEN, { root: first.distribution.root, recordBlock: 5n }, HOLDERS);
    expect(tree.root).toBe(first.distribution.root);
    const leaf = (await db.pool.query(`SELECT "index", "identity", "net"::text AS net FROM "DistributionEntitlement" WHERE "root" = $1 AND "index" = 4321`, [first.distribution.root])).rows[0];
    expect(verifyEntitlementProof(first.distribution.root as Hex, { index: leaf.index, identity: leaf.identity, amount: BigInt(leaf.net) }, tree.proof(leaf.index))).toBe(true);
  }, 240_000);
});
