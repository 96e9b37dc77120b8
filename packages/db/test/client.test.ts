import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma, TransferKind, createPrisma, databaseConfig, type PrismaClient } from "../src/index.ts";
import { backends, type TestDatabase } from "../src/testing.ts";

const UINT256_MAX = (1n << 256n) - 1n;
const CHAIN = 31337;
const TOKEN = "0x" + "ab".repeat(20);
const WALLET = "0x" + "cd".repeat(20);

describe("databaseConfig", () => {
  it("accepts an unset or postgres DATABASE_URL and rejects anything else", () => {
    expect(databaseConfig({})).toEqual({ databaseUrl: undefined });
    expect(databaseConfig({ DATABASE_URL: "" })).toEqual({ databaseUrl: undefined });
    expect(databaseConfig({ DATABASE_URL: "postgres://u:p@h:1/d" }).databaseUrl).toBe("postgres://u:p@h:1/d");
    expect(() => databaseConfig({ DATABASE_URL: "mysql://u@h/d" })).toThrow(/DATABASE_URL/);
  });
});

describe.each(backends())("Prisma client on $name", (backend) => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  beforeAll(async () => {
    db = await backend.createMigrated();
    prisma = createPrisma(db.url, { poolSize: 3 });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.dispose();
  });

  it("round-trips every model, with uint256 max amounts exactly", async () => {
    const max = new Prisma.Decimal(UINT256_MAX.toString());
    const deployedAt = new Date("2026-01-02T03:04:05.678Z");
    await prisma.indexerCursor.create({ data: { chainId: CHAIN, lastBlock: 12n, lastBlockHash: "0x" + "11".repeat(32) } });
    await prisma.asset.create({
      data: {
        chainId: CHAIN,
        token: TOKEN,
        issuer: WALLET,
        compliance: "0x" + "01".repeat(20),
        identityRegistry: "0x" + "02".repeat(20),
        name: "Fund",
        symbol: "FND",
        decimals: 18,
        assetClass: 0,
        totalSupply: max,
        allowedCountries: [250, 276],
        maxHolders: new Prisma.Decimal(0),
        maxBalance: max,
        deployedBlock: 5n,
        deployedTxHash: "0x" + "33".repeat(32),
        deployedAt,
      },
    });
    await prisma.investor.create({
      data: {
        chainId: CHAIN,
        identityRegistry: "0x" + "02".repeat(20),
        wallet: WALLET,
        identity: "0x" + "44".repeat(20),
        country: 250,
        kycExpiresAt: 4_000_000_000n,
        registeredBlock: 6n,
        updatedBlock: 6n,
      },
    });
    await prisma.holding.create({
      data: { chainId: CHAIN, token: TOKEN, wallet: WALLET, balance: max, frozenAmount: max, firstAcquiredBlock: 7n, updatedBlock: 7n },
    });
    await prisma.transfer.create({
      data: {
        chainId: CHAIN,
        blockNumber: 7n,
        logIndex: 0,
        txHash: "0x" + "55".repeat(32),
        token: TOKEN,
        from: "0x" + "00".repeat(20),
        to: WALLET,
        amount: max,
        kind: TransferKind.mint,
        blockTime: deployedAt,
      },
    });

    const cursor = await prisma.indexerCursor.findUniqueOrThrow({ where: { chainId: CHAIN } });
    expect(cursor.lastBlock).toBe(12n);
    expect(cursor.updatedAt).toBeInstanceOf(Date);

    const asset = await prisma.asset.findUniqueOrThrow({ where: { chainId_token: { chainId: CHAIN, token: TOKEN } } });
    expect(BigInt(asset.totalSupply.toFixed())).toBe(UINT256_MAX);
    expect(BigInt(asset.maxBalance.toFixed())).toBe(UINT256_MAX);
    expect(asset.maxHolders.toFixed()).toBe("0");
    expect(asset.allowedCountries).toEqual([250, 276]);
    expect(asset.holderCount).toBe(0);
    expect(asset.paused).toBe(false);
    expect(asset.deployedAt.toISOString()).toBe(deployedAt.toISOString());

    const investor = await prisma.investor.findFirstOrThrow({ where: { chainId: CHAIN, wallet: WALLET } });
    expect(investor.kycExpiresAt).toBe(4_000_000_000n);
    expect(investor.registered).toBe(true);

    const holding = await prisma.holding.findUniqueOrThrow({
      where: { chainId_token_wallet: { chainId: CHAIN, token: TOKEN, wallet: WALLET } },
      include: { asset: true },
    });
    expect(BigInt(holding.balance.toFixed())).toBe(UINT256_MAX);
    expect(BigInt(holding.frozenAmount.toFixed())).toBe(UINT256_MAX);
    expect(holding.frozen).toBe(false);
    expect(holding.firstAcquiredBlock).toBe(7n);
    expect(holding.asset.symbol).toBe("FND");

    const transfer = await prisma.transfer.findUniqueOrThrow({
      where: { chainId_blockNumber_logIndex: { chainId: CHAIN, blockNumber: 7n, logIndex: 0 } },
    });
    expect(BigInt(transfer.amount.toFixed())).toBe(UINT256_MAX);
    expect(transfer.kind).toBe("mint");

    // The compound-key upsert (native ON CONFLICT) and a decimal increment keep exactness.
    await prisma.holding.upsert({
      where: { chainId_token_wallet: { chainId: CHAIN, token: TOKEN, wallet: WALLET } },
      create: { chainId: CHAIN, token: TOKEN, wallet: WALLET, balance: 0, updatedBlock: 8n },
      update: { balance: { decrement: 1 }, updatedBlock: 8n },
    });
    const after = await prisma.holding.findUniqueOrThrow({ where: { chainId_token_wallet: { chainId: CHAIN, token: TOKEN, wallet: WALLET } } });
    expect(BigInt(after.balance.toFixed())).toBe(UINT256_MAX - 1n);
  });

  it("round-trips role and compliance history: uint64 role ids (PUBLIC_ROLE = 2^64-1), decoded args as JSON", async () => {
    const manager = "0x" + "66".repeat(20);
    const publicRole = (1n << 64n) - 1n;
    const time = new Date("2026-01-03T00:00:00.000Z");
    await prisma.roleMember.create({
      data: { chainId: CHAIN, accessManager: manager, roleId: 7, account: WALLET, token: TOKEN, active: true, since: 1_800_000_000n, executionDelay: 0n, grantedBlock: 9n, updatedBlock: 9n },
    });
    await prisma.roleChange.create({
      data: {
        chainId: CHAIN, blockNumber: 9n, logIndex: 1, txHash: "0x" + "77".repeat(32), blockTime: time, token: TOKEN, accessManager: manager,
        event: "TargetFunctionRoleUpdated", roleId: new Prisma.Decimal(publicRole.toString()),
        args: { target: TOKEN, selector: "0x40c10f19", roleId: publicRole.toString() },
      },
    });
    await prisma.complianceEvent.create({
      data: {
        chainId: CHAIN, blockNumber: 9n, logIndex: 2, txHash: "0x" + "77".repeat(32), blockTime: time, token: TOKEN,
        compliance: "0x" + "01".repeat(20), module: "0x" + "88".repeat(20), event: "SupplyCapSet",
        args: { compliance: "0x" + "01".repeat(20), cap: UINT256_MAX.toString() },
      },
    });
    await prisma.indexerCursor.update({ where: { chainId: CHAIN }, data: { backfillBlock: 20n, backfillBlockHash: "0x" + "99".repeat(32) } });

    const member = await prisma.roleMember.findFirstOrThrow({ where: { chainId: CHAIN, token: TOKEN, account: WALLET } });
    expect(member.roleId.toFixed()).toBe("7");
    const change = await prisma.roleChange.findUniqueOrThrow({ where: { chainId_blockNumber_logIndex: { chainId: CHAIN, blockNumber: 9n, logIndex: 1 } } });
    expect(BigInt(change.roleId!.toFixed())).toBe(publicRole);
    expect(change.args).toEqual({ target: TOKEN, selector: "0x40c10f19", roleId: publicRole.toString() });
    const event = await prisma.complianceEvent.findFirstOrThrow({ where: { chainId: CHAIN, token: TOKEN, event: "SupplyCapSet" } });
    expect(BigInt((event.args as { cap: string }).cap)).toBe(UINT256_MAX);
    expect((await prisma.indexerCursor.findUniqueOrThrow({ where: { chainId: CHAIN } })).backfillBlock).toBe(20n);
  });

  it("rejects a holding of an unknown asset (foreign key) and a duplicate transfer key", async () => {
    await expect(
      prisma.holding.create({ data: { chainId: CHAIN, token: "0x" + "99".repeat(20), wallet: WALLET, balance: 1, updatedBlock: 1n } }),
    ).rejects.toThrow();
    await expect(
      prisma.transfer.create({
        data: {
          chainId: CHAIN, blockNumber: 7n, logIndex: 0, txHash: "0x", token: TOKEN, from: WALLET, to: WALLET,
          amount: 1, kind: "transfer", blockTime: new Date(),
        },
      }),
    ).rejects.toThrow();
  });
});
