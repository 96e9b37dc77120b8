// Series over time from indexed transfers (supplyHistory, holderCountHistory, countryTotalsHistory of @tessera/db),
// checked against the chain's own state at the blocks the points name: a seeded asset whose mints, transfers and
// burns are spread over several UTC days (anvil's clock moved forward), one day without any transfer.
import type { Deployments } from "@tessera/contracts";
import { tokenAbi } from "@tessera/contracts";
import {
  countryTotalsAt,
  countryTotalsHistory,
  createPool,
  createPrisma,
  holderCountHistory,
  supplyHistory,
  type PrismaClient,
} from "@tessera/db";
import { backends, type TestDatabase } from "@tessera/db/testing";
import { burn, mint, transfer } from "@tessera/sdk";
import { deployDevPlatform, devClients, startAnvil, type AnvilHandle, type DemoSeed } from "@tessera/sdk/node";
import type pg from "pg";
import type { Abi, PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIndexer, type Indexer } from "../src/index.ts";

const DAY = 86_400;
const UNIT = 10n ** 18n;

describe.each(backends())("supply, holder and country series against anvil and $name", (backend) => {
  let anvil: AnvilHandle;
  let db: TestDatabase;
  let prisma: PrismaClient;
  let pool: pg.Pool;
  let publicClient: PublicClient;
  let deployments: Deployments;
  let seed: DemoSeed;
  let chainId: number;
  let indexer: Indexer;
  let token: string;
  /** Every wallet that ever held the asset. */
  let wallets: string[];

  /** The chain's own figures right after `block`: total supply and the wallets with a positive balance. */
  async function chainAt(block: bigint) {
    const read = (functionName: string, args: unknown[] = []) =>
      publicClient.readContract({ address: seed.token, abi: tokenAbi as Abi, functionName, args, blockNumber: block } as never) as Promise<bigint>;
    const balances = new Map<string, bigint>();
    for (const w of wallets) {
      const b = await read("balanceOf", [w]);
      if (b > 0n) balances.set(w, b);
    }
    return { totalSupply: await read("totalSupply"), holders: balances.size };
  }

  beforeAll(async () => {
    anvil = await startAnvil();
    const clients = await devClients(anvil.rpcUrl, 6);
    publicClient = clients.publicClient;
    const [issuer, , inv1, inv2, inv3] = clients.wallets;
    chainId = await publicClient.getChainId();
    // Start at 12:00 UTC of the next day, so that the seed (day 0) cannot straddle midnight.
    const now = Number((await publicClient.getBlock()).timestamp);
    await publicClient.request({ method: "evm_increaseTime", params: [DAY - (now % DAY) + DAY / 2] } as never);
    ({ deployments, demo: seed } = await deployDevPlatform(anvil.rpcUrl, { demo: true, pastStates: true })); // day 0: mints 10,000 to inv1 and 5,000 to inv2
    token = seed.token.toLowerCase();
    wallets = [inv1, inv2, inv3].map((w) => w.account.address.toLowerCase());
    const nextDay = async (days: number) => {
      await publicClient.request({ method: "evm_increaseTime", params: [days * DAY] } as never);
    };
    const t = seed.token;
    await nextDay(1); // day 1: inv3 becomes a holder
    await transfer(inv1, publicClient, { token: t, to: inv3.account.address, amount: 1000n * UNIT });
    await nextDay(2); // day 2 has no transfer; day 3: inv2 redeemed entirely, a mint to inv3
    await burn(issuer, publicClient, { token: t, wallet: inv2.account.address, amount: 5000n * UNIT });
    await mint(issuer, publicClient, { token: t, to: inv3.account.address, amount: 500n * UNIT });
    await nextDay(1); // day 4: inv3 sends everything back, then part of it returns
    await transfer(inv3, publicClient, { token: t, to: inv1.account.address, amount: 1500n * UNIT });
    await transfer(inv1, publicClient, { token: t, to: inv3.account.address, amount: 1n });

    db = await backend.createMigrated();
    prisma = createPrisma(db.url, { poolSize: 2 });
    pool = createPool(db.url, { poolSize: 2 });
    indexer = startIndexer({ pool, rpcUrl: anvil.rpcUrl, chainId, deployments, log: () => {} });
    await indexer.waitForBlock(await publicClient.getBlockNumber());
  });
  afterAll(async () => {
    await indexer?.stop().catch(() => {});
    await prisma?.$disconnect();
    await pool?.end();
    await db?.dispose();
    await anvil?.stop();
  });

  it("per block: supply, minted/burned, holder count and country totals equal the chain after every transfer block", async () => {
    const transfers = await prisma.transfer.findMany({ where: { chainId, token }, orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }] });
    const blocks = [...new Set(transfers.map((t) => t.blockNumber))];
    expect(blocks).toHaveLength(7);

    const supply = await supplyHistory(prisma, { chainId, token: seed.token, bucket: "block" });
    const holders = await holderCountHistory(prisma, { chainId, token, bucket: "block" });
    const countries = await countryTotalsHistory(prisma, { chainId, token, bucket: "block" });
    expect(supply.map((p) => p.block)).toEqual(blocks);
    expect(holders.map((p) => p.block)).toEqual(blocks);
    expect(countries.map((p) => p.block)).toEqual(blocks);
    for (const [i, block] of blocks.entries()) {
      const chain = await chainAt(block);
      const inBlock = transfers.filter((t) => t.blockNumber === block);
      const sum = (kind: string) => inBlock.filter((t) => t.kind === kind).reduce((n, t) => n + BigInt(t.amount.toFixed()), 0n);
      expect(supply[i]).toEqual({ block, time: inBlock[0]!.blockTime, totalSupply: chain.totalSupply, minted: sum("mint"), burned: sum("burn") });
      expect(holders[i]!.holders).toBe(chain.holders);
      // The per-country series at a block is the record-date query at that block (itself tested against the chain).
      const at = await countryTotalsAt(prisma, { chainId, token, block });
      expect(countries[i]!.countries.filter((c) => c.holders > 0)).toEqual(at);
      expect(countries[i]!.countries.reduce((n, c) => n + c.balance, 0n)).toBe(chain.totalSupply);
    }
    // The UK investor (inv2) left on day 3: listed with zero afterwards; the US one (inv1) holds throughout.
    expect(countries.at(-1)!.countries).toContainEqual({ country: 826, holders: 0, balance: 0n });
    expect(countries.at(-1)!.countries.find((c) => c.country === 840)!.holders).toBe(1);

    // A sub-range starts from the right running totals.
    const part = await holderCountHistory(prisma, { chainId, token, bucket: "block", from: blocks[3]!, to: blocks[5]! });
    expect(part).toEqual(holders.slice(3, 6));
    expect(await supplyHistory(prisma, { chainId, token, bucket: "block", from: Number(blocks[2]), to: blocks[2]! })).toEqual([supply[2]]);
  });

  it("per UTC day: one point per day, days without transfers carried over, each equal to the chain at the day's last block", async () => {
    const supply = await supplyHistory(prisma, { chainId, token, bucket: "day" });
    const holders = await holderCountHistory(prisma, { chainId, token, bucket: "day" });
    expect(supply).toHaveLength(5); // days 0..4, day 2 without transfers
    expect(holders.map((p) => p.time)).toEqual(supply.map((p) => p.time));
    for (const [i, p] of supply.entries()) {
      expect(p.time.getTime() % (DAY * 1000)).toBe(0);
      if (i > 0) expect(p.time.getTime() - supply[i - 1]!.time.getTime()).toBe(DAY * 1000);
      const chain = await chainAt(p.block!);
      expect(p.totalSupply).toBe(chain.totalSupply);
      expect(holders[i]!.holders).toBe(chain.holders);
      expect(holders[i]!.block).toBe(p.block);
    }
    expect(supply.map((p) => p.totalSupply / UNIT)).toEqual([15_000n, 15_000n, 15_000n, 10_500n, 10_500n]);
    expect(holders.map((p) => p.holders)).toEqual([2, 3, 3, 2, 2]);
    expect(supply[2]).toMatchObject({ block: supply[1]!.block, minted: 0n, burned: 0n });
    expect(supply[3]).toMatchObject({ minted: 500n * UNIT, burned: 5000n * UNIT });

    // An explicit range before the first transfer: zeros and no block; after the last: carried forward.
    const first = supply[0]!.time;
    const wide = await supplyHistory(prisma, {
      chainId, token, bucket: "day",
      from: new Date(first.getTime() - 2 * DAY * 1000), to: new Date(supply.at(-1)!.time.getTime() + DAY * 1000 + 5),
    });
    expect(wide).toHaveLength(8);
    expect(wide[0]).toEqual({ time: new Date(first.getTime() - 2 * DAY * 1000), block: null, totalSupply: 0n, minted: 0n, burned: 0n });
    expect(wide.slice(2, 7)).toEqual(supply);
    expect(wide[7]).toMatchObject({ block: supply.at(-1)!.block, totalSupply: supply.at(-1)!.totalSupply, minted: 0n });
    const countries = await countryTotalsHistory(prisma, { chainId, token, bucket: "day", from: first, to: first });
    expect(countries).toHaveLength(1);
    expect(countries[0]!.countries).toEqual([
      { country: 826, holders: 1, balance: 5000n * UNIT },
      { country: 840, holders: 1, balance: 10_000n * UNIT },
    ]);
  });

  it("refuses a reversed range, bounds of the wrong kind and an unknown bucket with a clear error", async () => {
    await expect(supplyHistory(prisma, { chainId, token, bucket: "block", from: 10, to: 5 })).rejects.toThrow(/from \(10\) is after to \(5\)/);
    await expect(holderCountHistory(prisma, { chainId, token, bucket: "day", from: 3 as never })).rejects.toThrow(TypeError);
    await expect(supplyHistory(prisma, { chainId, token, bucket: "block", from: -1 })).rejects.toThrow(RangeError);
    await expect(supplyHistory(prisma, { chainId, token, bucket: "week" } as never)).rejects.toThrow(/bucket must be "block" or "day"/);
    await expect(
      supplyHistory(prisma, { chainId, token, bucket: "day", from: new Date("1900-01-01"), to: new Date("2100-01-01") }),
    ).rejects.toThrow(/more than 36600 days/);
    // An unknown asset: no points for an open range.
    expect(await supplyHistory(prisma, { chainId, token: "0x" + "00".repeat(19) + "01", bucket: "day" })).toEqual([]);
  });
});
