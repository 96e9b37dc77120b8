// Holders are investors (identities), not wallets: Asset.holderCount, holderCountHistory, holderCountAt (the cap
// table's count at a record date) and countryTotalsAt count an identity once over all its wallets, and the live count
// equals MaxHoldersModule.getHolderCount on the same chain. Then the same rules on synthetic ranges for what a chain
// with the Token's checks cannot produce (tokens held before registration), a backfill settlement and a reorg.
import type { Deployments } from "@tessera/contracts";
import { identityRegistryAbi, maxHoldersModuleAbi, tokenAbi } from "@tessera/contracts";
import { countryTotalsAt, createPool, createPrisma, holderCountAt, holderCountHistory, type PrismaClient } from "@tessera/db";
import { backends, type TestDatabase } from "@tessera/db/testing";
import { burn, deployAsset, mint, registerInvestor, transfer } from "@tessera/sdk";
import { deployDevPlatform, devClients, startAnvil, type AnvilHandle, type DemoSeed } from "@tessera/sdk/node";
import type pg from "pg";
import type { Abi, Address, PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollbackTo, settleBalances, writeRange, type DecodedEvent, type Indexer, startIndexer } from "../src/index.ts";

describe.each(backends())("holders are identities, against anvil's MaxHoldersModule and $name", (backend) => {
  let anvil: AnvilHandle;
  let db: TestDatabase;
  let prisma: PrismaClient;
  let pool: pg.Pool;
  let publicClient: PublicClient;
  let wallets: Awaited<ReturnType<typeof devClients>>["wallets"];
  let deployments: Deployments;
  let seed: DemoSeed;
  let chainId: number;
  let indexer: Indexer;
  let token: Address;
  let compliance: Address;

  beforeAll(async () => {
    anvil = await startAnvil();
    ({ publicClient, wallets } = await devClients(anvil.rpcUrl, 9));
    chainId = await publicClient.getChainId();
    ({ deployments, demo: seed } = await deployDevPlatform(anvil.rpcUrl, { demo: true }));
    // An asset of its own (no holder yet) with the demo's rules, MaxHoldersModule among them.
    ({ token, compliance } = await deployAsset(wallets[0], publicClient, deployments, {
      name: "Holders Test", symbol: "HLD", decimals: 0, assetClass: 2, allowedCountries: [840, 826], maxHolders: 10n, maxBalance: 0n,
    }));
    db = await backend.createMigrated();
    prisma = createPrisma(db.url, { poolSize: 2 });
    pool = createPool(db.url, { poolSize: 2 });
    indexer = startIndexer({ pool, rpcUrl: anvil.rpcUrl, chainId, deployments, log: () => {} });
  });
  afterAll(async () => {
    await indexer?.stop().catch(() => {});
    await prisma?.$disconnect();
    await pool?.end();
    await db?.dispose();
    await anvil?.stop();
  });

  /** The indexed holder count once the head is indexed, the module's count for the same state, and the head. */
  async function counts() {
    const block = await publicClient.getBlockNumber();
    await indexer.waitForBlock(block);
    const asset = await prisma.asset.findUniqueOrThrow({ where: { chainId_token: { chainId, token: token.toLowerCase() } } });
    const onChain = await publicClient.readContract({
      address: deployments.modules!.maxHolders as Address, abi: maxHoldersModuleAbi, functionName: "getHolderCount", args: [compliance],
    });
    return { indexed: asset.holderCount, module: Number(onChain), block };
  }

  it("counts an identity once over its wallets, in the live count, the series and at record dates, equal to the module", async () => {
    const [issuer, officer, inv1, , , , w6, w7] = wallets;
    const identityA = seed.investors[0]!.identity; // inv1's identity
    const kycExpiresAt = (await publicClient.getBlock()).timestamp + 86_400n * 365n;
    // A second wallet of inv1's identity.
    await registerInvestor(officer, publicClient, deployments, { wallet: w6.account.address, country: 840, kycExpiresAt, identity: identityA });
    const expected: { block: bigint; holders: number }[] = [];
    const step = async (holders: number) => {
      const c = await counts();
      expect({ indexed: c.indexed, module: c.module }).toEqual({ indexed: holders, module: holders });
      expected.push({ block: c.block, holders });
    };

    await mint(issuer, publicClient, { token, to: inv1.account.address, amount: 100n });
    await mint(issuer, publicClient, { token, to: w6.account.address, amount: 100n });
    await step(1); // both wallets of one identity hold: one holder
    await transfer(inv1, publicClient, { token, to: w6.account.address, amount: 100n });
    await step(1); // one wallet emptied, the other still holds
    await burn(issuer, publicClient, { token, wallet: w6.account.address, amount: 200n });
    await step(0); // both empty
    await mint(issuer, publicClient, { token, to: w6.account.address, amount: 10n });
    const { identity: identityD } = await registerInvestor(officer, publicClient, deployments, {
      wallet: w7.account.address, country: 826, kycExpiresAt,
    });
    await mint(issuer, publicClient, { token, to: w7.account.address, amount: 30n });
    await step(2); // a wallet of a second identity
    await mint(issuer, publicClient, { token, to: inv1.account.address, amount: 5n });
    await step(2);

    // The series and the record-date count agree at every step (identities as on record now).
    const series = await holderCountHistory(prisma, { chainId, token, bucket: "block" });
    for (const e of expected) {
      expect(await holderCountAt(prisma, { chainId, token, block: e.block })).toBe(e.holders);
      expect(series.filter((p) => p.block! <= e.block).at(-1)?.holders ?? 0).toBe(e.holders);
    }
    expect(series.map((p) => p.holders)).toEqual([1, 1, 1, 0, 1, 2, 2]); // per transfer block: mint, mint, move, burn, mint, mint, mint
    expect(await countryTotalsAt(prisma, { chainId, token, block: expected.at(-1)!.block })).toEqual([
      { country: 826, holders: 1, balance: 30n },
      { country: 840, holders: 1, balance: 15n },
    ]);

    // The registry moves w7 to identity A (IdentityUpdated): the index recounts at once; the module once it is told.
    const registry = deployments.identityRegistry;
    const write = async (address: Address, abi: unknown, functionName: string, args: unknown[]) => {
      const hash = await officer.writeContract({ address, abi: abi as Abi, functionName, args, account: officer.account, chain: officer.chain } as never);
      expect((await publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
    };
    await write(registry, identityRegistryAbi, "updateIdentity", [w7.account.address, identityA]);
    await write(token, tokenAbi, "syncInvestorRecord", [w7.account.address]);
    const after = await counts();
    expect({ indexed: after.indexed, module: after.module }).toEqual({ indexed: 1, module: 1 });
    expect(await holderCountAt(prisma, { chainId, token, block: after.block })).toBe(1);
    expect((await holderCountHistory(prisma, { chainId, token, bucket: "block" })).at(-1)!.holders).toBe(1);
    expect(identityD).not.toBe(identityA);
  });
});

describe.each(backends())("holder counts on synthetic ranges ($name): registration after holding, backfill, reorg", (backend) => {
  const chainId = 777;
  const token = "0x" + "11".repeat(20);
  const registry = "0x" + "22".repeat(20);
  const [w1, w2, w3, w4] = ["0xa1", "0xa2", "0xa3", "0xa4"].map((p) => p.padEnd(42, "0"));
  const [idA, idB] = ["0xb1", "0xb2"].map((p) => p.padEnd(42, "0"));
  const ZERO = "0x" + "00".repeat(20);
  const fixed = new Map([[registry, "IdentityRegistry" as const]]);
  let db: TestDatabase;
  let pool: pg.Pool;
  let logIndex = 0;

  const tx = "0x" + "ab".repeat(32);
  const move = (block: bigint, from: string, to: string, value: bigint): DecodedEvent =>
    ({ contract: "Token", address: token, name: "Transfer", args: { from, to, value }, blockNumber: block, logIndex: logIndex++, txHash: tx }) as DecodedEvent;
  const registered = (block: bigint, wallet: string, identity: string): DecodedEvent =>
    ({ contract: "IdentityRegistry", address: registry, name: "IdentityRegistered", args: { investorAddress: wallet, identity }, blockNumber: block, logIndex: logIndex++, txHash: tx }) as DecodedEvent;
  /** What `updateIdentity(wallet, newIdentity)` emits: ERC-3643's IdentityUpdated, then ours naming the wallet. */
  const updated = (block: bigint, wallet: string, oldIdentity: string, newIdentity: string): DecodedEvent[] => [
    { contract: "IdentityRegistry", address: registry, name: "IdentityUpdated", args: { oldIdentity, newIdentity }, blockNumber: block, logIndex: logIndex++, txHash: tx },
    { contract: "IdentityRegistry", address: registry, name: "InvestorIdentityUpdated", args: { investorAddress: wallet, oldIdentity, newIdentity }, blockNumber: block, logIndex: logIndex++, txHash: tx },
  ] as DecodedEvent[];
  const identityOf = async (wallet: string) =>
    (await pool.query<{ identity: string }>(`SELECT "identity" FROM "Investor" WHERE "chainId" = $1 AND "wallet" = $2`, [chainId, wallet])).rows[0]?.identity;
  const write = (block: bigint, events: DecodedEvent[], opts: { journal?: boolean; deferBalances?: boolean } = {}) =>
    writeRange(pool, {
      chainId, fromBlock: block, toBlock: block, toBlockHash: `0x${block.toString(16).padStart(64, "0")}`, events,
      blockTimes: new Map([[block, 1_700_000_000 + Number(block)]]), fixed, ...opts,
    });
  const holderCount = async () =>
    (await pool.query<{ n: number }>(`SELECT "holderCount" AS n FROM "Asset" WHERE "chainId" = $1`, [chainId])).rows[0]!.n;

  beforeAll(async () => {
    db = await backend.createMigrated();
    pool = createPool(db.url, { poolSize: 2 });
    await pool.query(
      `INSERT INTO "Asset" ("chainId", "token", "issuer", "compliance", "identityRegistry", "name", "symbol", "decimals",
         "assetClass", "totalSupply", "allowedCountries", "maxHolders", "maxBalance", "deployedBlock", "deployedTxHash", "deployedAt")
       VALUES ($1, $2, $3, $3, $4, 'Synthetic', 'SYN', 0, 0, 0, '{}', 0, 0, 1, $5, now())`,
      [chainId, token, ZERO, registry, tx],
    );
  });
  afterAll(async () => {
    await pool?.end();
    await db?.dispose();
  });

  it("recounts when holding wallets are registered or change identity, settles per identity and rolls back", async () => {
    await write(10n, [move(10n, ZERO, w1, 5n), move(10n, ZERO, w2, 5n)]);
    expect(await holderCount()).toBe(2); // no record yet: each wallet is its own holder key
    await write(11n, [registered(11n, w1, idA), registered(11n, w2, idA)]);
    expect(await holderCount()).toBe(1); // registered after holding, both under one identity
    // A backfill stretch left for settlement: w1 empties into w3 (idB, registered in the stretch), w2 keeps idA alive.
    await write(12n, [registered(12n, w3, idB), move(12n, w1, w3, 5n)], { deferBalances: true });
    await write(13n, [move(13n, ZERO, w1, 1n), move(13n, w1, w2, 1n)], { deferBalances: true });
    await settleBalances(pool, chainId);
    expect(await holderCount()).toBe(2); // idA (w2) and idB (w3)
    // Journaled ranges: w3 moves from idB to idA (recount; w4, idB's other wallet, stays with idB: only the wallet the
    // registry names moves), then w2 sends everything to w3 (same identity: no change).
    await write(14n, [registered(14n, w4, idB), ...updated(14n, w3, idB, idA)], { journal: true });
    expect(await holderCount()).toBe(1);
    expect([await identityOf(w3), await identityOf(w4)]).toEqual([idA, idB]);
    await write(15n, [move(15n, w2, w3, 6n)], { journal: true });
    expect(await holderCount()).toBe(1);
    await write(16n, [move(16n, w3, ZERO, 11n)], { journal: true });
    expect(await holderCount()).toBe(0);
    // A reorg back to block 13 restores the count with the identities and balances of then.
    await rollbackTo(pool, chainId, 13n, `0x${(13n).toString(16).padStart(64, "0")}`);
    expect(await holderCount()).toBe(2);
  });
});
