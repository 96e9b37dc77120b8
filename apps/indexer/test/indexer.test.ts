import type { Deployments } from "@tessera/contracts";
import { tokenAbi } from "@tessera/contracts";
import { balanceAt, blockAtDate, capTableAt, countryTotalsAt, createPool, createPrisma, type PrismaClient } from "@tessera/db";
import { backends, type TestDatabase } from "@tessera/db/testing";
import { transfer } from "@tessera/sdk";
import { deployDevPlatform, devClients, startAnvil, type AnvilHandle, type DemoSeed } from "@tessera/sdk/node";
import type pg from "pg";
import type { Abi, Address, PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedAddresses, startIndexer, writeRange, type DecodedEvent, type Indexer } from "../src/index.ts";

const ZERO = "0x0000000000000000000000000000000000000000";

/** Every chain-derived row of a chain, normalized for comparison (Decimals as exact text, no updatedAt). */
async function dump(prisma: PrismaClient, chainId: number) {
  const [assets, investors, holdings, transfers, cursor, documents, agents] = await Promise.all([
    prisma.asset.findMany({ where: { chainId }, orderBy: { token: "asc" } }),
    prisma.investor.findMany({ where: { chainId }, orderBy: [{ identityRegistry: "asc" }, { wallet: "asc" }] }),
    prisma.holding.findMany({ where: { chainId }, orderBy: [{ token: "asc" }, { wallet: "asc" }] }),
    prisma.transfer.findMany({ where: { chainId }, orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }] }),
    prisma.indexerCursor.findUnique({ where: { chainId } }),
    prisma.assetDocument.findMany({ where: { chainId }, orderBy: [{ token: "asc" }, { name: "asc" }] }),
    prisma.assetAgent.findMany({ where: { chainId }, orderBy: [{ token: "asc" }, { agent: "asc" }] }),
  ]);
  const fix = (row: object) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, v && typeof v === "object" && "toFixed" in v ? (v as { toFixed(): string }).toFixed() : v]),
    );
  return {
    assets: assets.map(fix),
    investors: investors.map(fix),
    holdings: holdings.map(fix),
    transfers: transfers.map(fix),
    cursor: cursor && { lastBlock: cursor.lastBlock, lastBlockHash: cursor.lastBlockHash },
    documents,
    agents,
  };
}

/** Asserts the indexed cap table of `token` equals the chain's state, holder by holder. */
async function expectCapTableMatchesChain(prisma: PrismaClient, publicClient: PublicClient, chainId: number, token: Address) {
  const address = token.toLowerCase();
  const read = (functionName: string, args: unknown[] = []) =>
    publicClient.readContract({ address: token, abi: tokenAbi as Abi, functionName, args } as never) as Promise<unknown>;
  const asset = await prisma.asset.findUniqueOrThrow({ where: { chainId_token: { chainId, token: address } } });
  const holdings = await prisma.holding.findMany({ where: { chainId, token: address } });
  // Everyone who ever received or sent the token, by the indexed transfers.
  const transfers = await prisma.transfer.findMany({ where: { chainId, token: address } });
  const wallets = new Set<string>();
  for (const t of transfers) for (const w of [t.from, t.to]) if (w !== ZERO) wallets.add(w);
  expect(new Set(holdings.map((h) => h.wallet))).toEqual(wallets);

  let sum = 0n;
  let holders = 0;
  for (const h of holdings) {
    const onChain = (await read("balanceOf", [h.wallet])) as bigint;
    expect({ wallet: h.wallet, balance: BigInt(h.balance.toFixed()) }).toEqual({ wallet: h.wallet, balance: onChain });
    expect(h.frozen).toBe(await read("isFrozen", [h.wallet]));
    expect(BigInt(h.frozenAmount.toFixed())).toBe(await read("getFrozenTokens", [h.wallet]));
    expect(BigInt(h.frozenAmount.toFixed())).toBeLessThanOrEqual(BigInt(h.balance.toFixed()));
    sum += onChain;
    if (onChain > 0n) {
      holders++;
      expect(h.firstAcquiredBlock).not.toBeNull();
    }
  }
  const totalSupply = (await read("totalSupply")) as bigint;
  expect(BigInt(asset.totalSupply.toFixed())).toBe(totalSupply);
  expect(sum).toBe(totalSupply);
  expect(asset.holderCount).toBe(holders);
  expect(asset.paused).toBe(await read("paused"));
}


describe.each(backends())("indexer against anvil and $name", (backend) => {
  let anvil: AnvilHandle;
  let db: TestDatabase;
  let prisma: PrismaClient;
  let pool: pg.Pool;
  let publicClient: PublicClient;
  let wallets: Awaited<ReturnType<typeof devClients>>["wallets"];
  let deployments: Deployments;
  let seed: DemoSeed;
  let chainId: number;
  const indexers: Indexer[] = [];
  const logs: string[] = [];
  const run = (overrides: { batchBlocks?: number; flushEvents?: number; pool?: pg.Pool } = {}) => {
    const indexer = startIndexer({
      pool: overrides.pool ?? pool,
      rpcUrl: anvil.rpcUrl,
      chainId,
      deployments,
      batchBlocks: overrides.batchBlocks,
      flushEvents: overrides.flushEvents,
      log: (level, message) => logs.push(`${level}: ${message}`),
    });
    indexers.push(indexer);
    return indexer;
  };

  beforeAll(async () => {
    anvil = await startAnvil();
    ({ publicClient, wallets } = await devClients(anvil.rpcUrl, 6));
    chainId = await publicClient.getChainId();
    ({ deployments, demo: seed } = await deployDevPlatform(anvil.rpcUrl, { demo: true, pastStates: true }));
    db = await backend.createMigrated();
    prisma = createPrisma(db.url, { poolSize: 3 });
    pool = createPool(db.url, { poolSize: 3 });
  });
  afterAll(async () => {
    for (const i of indexers) await i.stop().catch(() => {});
    await prisma?.$disconnect();
    await pool?.end();
    await db?.dispose();
    await anvil?.stop();
  });

  it("indexes the seeded demo: asset, investors, cap table equal to the chain", async () => {
    const indexer = run();
    await indexer.waitForBlock(await publicClient.getBlockNumber());
    const token = seed.token.toLowerCase();

    const asset = await prisma.asset.findUniqueOrThrow({ where: { chainId_token: { chainId, token } } });
    expect(asset).toMatchObject({
      compliance: seed.compliance.toLowerCase(),
      issuer: seed.issuer.toLowerCase(),
      identityRegistry: deployments.identityRegistry.toLowerCase(),
      name: "Tessera Demo Fund",
      symbol: "TDF",
      decimals: 18,
      assetClass: 0,
      holderCount: 2,
    });
    expect([...asset.allowedCountries].sort()).toEqual([250, 276, 826, 840]);
    expect(asset.maxHolders.toFixed()).toBe("100");
    expect(asset.maxBalance.toFixed()).toBe((1_000_000n * 10n ** 18n).toString());
    expect(BigInt(asset.totalSupply.toFixed())).toBe(15_000n * 10n ** 18n);

    const investors = await prisma.investor.findMany({ where: { chainId }, orderBy: { country: "asc" } });
    expect(investors.map((i) => ({ wallet: i.wallet, identity: i.identity, country: i.country, registered: i.registered }))).toEqual(
      [...seed.investors]
        .sort((a, b) => a.country - b.country)
        .map((i) => ({ wallet: i.wallet.toLowerCase(), identity: i.identity.toLowerCase(), country: i.country, registered: true })),
    );
    for (const i of investors) expect(i.kycExpiresAt).toBeGreaterThan(BigInt(Math.floor(Date.now() / 1000)));

    const transfers = await prisma.transfer.findMany({ where: { chainId }, orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }] });
    expect(transfers.map((t) => t.kind)).toEqual(["mint", "mint"]);
    for (const t of transfers) {
      const block = await publicClient.getBlock({ blockNumber: t.blockNumber });
      expect(t.blockTime.getTime()).toBe(Number(block.timestamp) * 1000);
    }
    await expectCapTableMatchesChain(prisma, publicClient, chainId, seed.token);
    const agents = await prisma.assetAgent.findMany({ where: { chainId, token } });
    expect(agents.map((a) => ({ agent: a.agent, active: a.active }))).toContainEqual({ agent: seed.issuer.toLowerCase(), active: true });
  });

  // How fast (head latency) is measured by `npm run bench:indexer`, not asserted here: a wall-clock bound fails on a
  // loaded machine.
  it("shows a transfer, a partial freeze and a wallet freeze once their blocks are indexed", async () => {
    const [issuer, , inv1, , inv3] = wallets;
    const indexer = indexers[0];
    const { receipt } = await transfer(inv1, publicClient, { token: seed.token, to: inv3.account.address, amount: 1234n * 10n ** 18n });
    await indexer.waitForBlock(receipt.blockNumber);
    const row = await prisma.transfer.findUniqueOrThrow({
      where: { chainId_blockNumber_logIndex: { chainId, blockNumber: receipt.blockNumber, logIndex: receipt.logs.find((l) => l.address.toLowerCase() === seed.token.toLowerCase())!.logIndex } },
    });
    expect(row).toMatchObject({ kind: "transfer", from: inv1.account.address.toLowerCase(), to: inv3.account.address.toLowerCase() });

    const write = async (functionName: string, args: unknown[]) => {
      const hash = await issuer.writeContract({ address: seed.token, abi: tokenAbi as Abi, functionName, args } as never);
      return publicClient.waitForTransactionReceipt({ hash });
    };
    const name = `0x${Buffer.from("prospectus").toString("hex").padEnd(64, "0")}`;
    const hash = `0x${"ab".repeat(32)}`;
    await write("setDocument", [name, "ipfs://prospectus-v1", hash]);
    await write("freezePartialTokens", [inv1.account.address, 100n]);
    await write("unfreezePartialTokens", [inv1.account.address, 40n]);
    // Locks (ITokenLock): the issuer allows itself as a locker, locks 50 and releases 20 of inv1's tokens.
    await write("setLocker", [issuer.account.address, true]);
    await write("lock", [inv1.account.address, 50n]);
    await write("unlock", [inv1.account.address, 20n]);
    const last = await write("setAddressFrozen", [inv3.account.address, true]);
    await indexer.waitForBlock(last.blockNumber);
    const h1 = await prisma.holding.findUniqueOrThrow({ where: { chainId_token_wallet: { chainId, token: seed.token.toLowerCase(), wallet: inv1.account.address.toLowerCase() } } });
    expect(h1.frozenAmount.toFixed()).toBe("60");
    expect(h1.lockedAmount.toFixed()).toBe("30");
    const lockedOnChain = await publicClient.readContract({ address: seed.token, abi: tokenAbi as Abi, functionName: "getLockedTokens", args: [inv1.account.address] } as never);
    expect(lockedOnChain).toBe(30n);
    const doc = await prisma.assetDocument.findUniqueOrThrow({ where: { chainId_token_name: { chainId, token: seed.token.toLowerCase(), name } } });
    expect(doc).toMatchObject({ uri: "ipfs://prospectus-v1", documentHash: hash, removed: false });
    await expectCapTableMatchesChain(prisma, publicClient, chainId, seed.token);
    expect((await prisma.asset.findFirstOrThrow({ where: { chainId } })).holderCount).toBe(3);
  });

  it("reads one holder's balance and the whole cap table as of any past block, equal to the chain at that block", async () => {
    await indexers[0].waitForBlock(await publicClient.getBlockNumber());
    const token = seed.token.toLowerCase();
    const transfers = await prisma.transfer.findMany({ where: { chainId, token }, orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }] });
    const blocks = [...new Set(transfers.map((t) => t.blockNumber))];
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const wallets = [...new Set(transfers.flatMap((t) => [t.from, t.to]))].filter((w) => w !== ZERO);
    for (const block of [blocks[0]! - 1n, ...blocks]) {
      const onChain = new Map<string, bigint>();
      for (const wallet of wallets) {
        const balance = (await publicClient.readContract({ address: seed.token, abi: tokenAbi as Abi, functionName: "balanceOf", args: [wallet], blockNumber: block } as never)) as bigint;
        expect(await balanceAt(prisma, { chainId, token, wallet, block })).toBe(balance);
        if (balance > 0n) onChain.set(wallet, balance);
      }
      const table = await capTableAt(prisma, { chainId, token, block });
      expect(new Map(table.map((h) => [h.wallet, h.balance]))).toEqual(onChain);
      expect(table.map((h) => h.balance)).toEqual([...table.map((h) => h.balance)].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
      const countries = await countryTotalsAt(prisma, { chainId, token, block });
      expect(countries.reduce((n, c) => n + c.holders, 0)).toBe(onChain.size);
      expect(countries.reduce((n, c) => n + c.balance, 0n)).toBe([...onChain.values()].reduce((a, b) => a + b, 0n));
    }
    // A record date resolves to the last block with a transfer at or before it.
    const last = transfers.at(-1)!;
    expect(await blockAtDate(prisma, { chainId, token, date: last.blockTime })).toBe(last.blockNumber);
    expect(await blockAtDate(prisma, { chainId, token, date: new Date(transfers[0]!.blockTime.getTime() - 1000) })).toBeUndefined();
  });

  it("yields exactly the same rows when stopped mid-way and restarted (no double counting)", async () => {
    await indexers[0].waitForBlock(await publicClient.getBlockNumber());
    const reference = await dump(prisma, chainId);

    const other = await backend.createMigrated();
    const otherPrisma = createPrisma(other.url, { poolSize: 3 });
    const otherPool = createPool(other.url, { poolSize: 3 });
    try {
      const head = await publicClient.getBlockNumber();
      const middle = BigInt(deployments.startBlock) + (head - BigInt(deployments.startBlock)) / 2n;
      // One block per range, so the stop lands between ranges in the middle of the history.
      const first = run({ pool: otherPool, batchBlocks: 1, flushEvents: 1 });
      await first.waitForBlock(middle);
      await first.stop();
      const partial = await dump(otherPrisma, chainId);
      expect(partial.cursor!.lastBlock).toBeGreaterThanOrEqual(middle);
      expect(partial.cursor!.lastBlock).toBeLessThan(head);

      const second = run({ pool: otherPool, batchBlocks: 3 });
      await second.waitForBlock(head);
      await second.stop();
      expect(await dump(otherPrisma, chainId)).toEqual(reference);
    } finally {
      await otherPrisma.$disconnect();
      await otherPool.end();
      await other.dispose();
    }
  });

  it("rolls a reorg back to the common ancestor (not the start block) and then equals a clean replay", async () => {
    const [issuer, , inv1, inv2, inv3] = wallets;
    const indexer = indexers[0];
    await indexer.waitForBlock(await publicClient.getBlockNumber());
    const ancestor = await publicClient.getBlockNumber();
    const snapshot = (await publicClient.request({ method: "evm_snapshot" } as never)) as string;
    // The branch that will be orphaned: a transfer, a mint, a partial freeze and a pause (balances, supply,
    // holder count, freeze state and asset state all move).
    const write = async (functionName: string, args: unknown[]) => {
      const hash = await issuer.writeContract({ address: seed.token, abi: tokenAbi as Abi, functionName, args } as never);
      return publicClient.waitForTransactionReceipt({ hash });
    };
    const a = await transfer(inv1, publicClient, { token: seed.token, to: inv2.account.address, amount: 7n });
    await write("mint", [inv3.account.address, 5n * 10n ** 18n]);
    await write("freezePartialTokens", [inv2.account.address, 3n]);
    await write("setDocument", [`0x${"11".repeat(32)}`, "ipfs://orphaned", `0x${"22".repeat(32)}`]);
    await write("addAgent", [inv3.account.address]);
    const paused = await write("pause", []);
    await indexer.waitForBlock(paused.blockNumber);
    expect(await prisma.transfer.count({ where: { chainId, txHash: a.hash.toLowerCase() } })).toBe(1);
    expect((await prisma.asset.findFirstOrThrow({ where: { chainId } })).paused).toBe(true);

    await publicClient.request({ method: "evm_revert", params: [snapshot] } as never);
    // A different history, higher than the orphaned one: a node without the indexed tip block is not proof of a reorg
    // (it may lag), a different hash at the indexed height is.
    const b = await transfer(inv2, publicClient, { token: seed.token, to: inv1.account.address, amount: 11n });
    await publicClient.request({ method: "anvil_mine", params: ["0x8"] } as never);
    const head = await publicClient.getBlockNumber();
    for (let i = 0; i < 100 && (await prisma.transfer.count({ where: { chainId, txHash: b.hash.toLowerCase() } })) === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await indexer.waitForBlock(head);
    expect(await prisma.transfer.count({ where: { chainId, txHash: a.hash.toLowerCase() } })).toBe(0);
    expect(await prisma.transfer.count({ where: { chainId, txHash: b.hash.toLowerCase() } })).toBe(1);
    expect(logs.some((l) => l.includes(`rolling back to the common ancestor, block ${ancestor}`)), logs.join("\n")).toBe(true);
    expect(logs.some((l) => l.includes("re-indexing from block"))).toBe(false);
    await expectCapTableMatchesChain(prisma, publicClient, chainId, seed.token);

    // Row for row what a fresh indexer writes from the new chain.
    const other = await backend.createMigrated();
    const otherPrisma = createPrisma(other.url, { poolSize: 2 });
    const otherPool = createPool(other.url, { poolSize: 2 });
    try {
      const clean = run({ pool: otherPool });
      await clean.waitForBlock(head);
      await clean.stop();
      const [x, y] = [await dump(prisma, chainId), await dump(otherPrisma, chainId)];
      expect({ ...x, cursor: undefined }).toEqual({ ...y, cursor: undefined });
    } finally {
      await otherPrisma.$disconnect();
      await otherPool.end();
      await other.dispose();
    }
  });

  it("settles balances left pending by a backfill when restarted at the head (nothing new to fetch)", async () => {
    await indexers[0].waitForBlock(await publicClient.getBlockNumber());
    const reference = await dump(prisma, chainId);
    const other = await backend.createMigrated();
    const otherPrisma = createPrisma(other.url, { poolSize: 2 });
    const otherPool = createPool(other.url, { poolSize: 2 });
    try {
      const first = run({ pool: otherPool });
      await first.waitForBlock(reference.cursor!.lastBlock);
      await first.stop();
      // What a crash right after the last deferred range leaves: every row written up to the head, no balance settled
      // (balances, supply, holder counts and first-acquired blocks at zero; lastBlock below the start).
      await otherPool.query(
        `UPDATE "IndexerCursor" SET "backfillBlock" = "lastBlock", "backfillBlockHash" = "lastBlockHash", "lastBlock" = $2, "lastBlockHash" = ''
         WHERE "chainId" = $1`,
        [chainId, deployments.startBlock - 1],
      );
      await otherPool.query(`UPDATE "Holding" SET "balance" = 0, "firstAcquiredBlock" = NULL WHERE "chainId" = $1`, [chainId]);
      await otherPool.query(`UPDATE "Asset" SET "totalSupply" = 0, "holderCount" = 0 WHERE "chainId" = $1`, [chainId]);
      const second = run({ pool: otherPool });
      await second.waitForBlock(reference.cursor!.lastBlock);
      await second.stop();
      expect(await dump(otherPrisma, chainId)).toEqual(reference);
      expect((await otherPrisma.indexerCursor.findUniqueOrThrow({ where: { chainId } })).backfillBlock).toBeNull();
    } finally {
      await otherPrisma.$disconnect();
      await otherPool.end();
      await other.dispose();
    }
  });

  it("re-applying written blocks changes nothing, even without the cursor's guard (transfers keyed by chain/block/log)", async () => {
    await indexers[0].stop();
    const before = await dump(prisma, chainId);
    const cursor = before.cursor!;
    const rows = await prisma.transfer.findMany({ where: { chainId } });
    const events: DecodedEvent[] = rows.map((t) => ({
      contract: "Token",
      address: t.token,
      name: "Transfer",
      args: { from: t.from as `0x${string}`, to: t.to as `0x${string}`, value: BigInt(t.amount.toFixed()) },
      blockNumber: t.blockNumber,
      logIndex: t.logIndex,
      txHash: t.txHash,
    }));
    const batch = {
      chainId,
      fromBlock: BigInt(deployments.startBlock),
      toBlock: cursor.lastBlock,
      toBlockHash: cursor.lastBlockHash,
      events,
      blockTimes: new Map(rows.map((t) => [t.blockNumber, t.blockTime.getTime() / 1000])),
      fixed: fixedAddresses(deployments),
    };
    // With the cursor in place the whole range is skipped.
    expect((await writeRange(pool, batch)).applied).toBe(false);
    // Without it, every transfer is already there: nothing is inserted, so no balance moves.
    await prisma.indexerCursor.delete({ where: { chainId } });
    const again = await writeRange(pool, batch);
    expect(again).toMatchObject({ applied: true, transfers: 0 });
    expect(await dump(prisma, chainId)).toEqual(before);
  });
});
