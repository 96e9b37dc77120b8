// Web-like and indexer-like load on ONE embedded PGlite server, as under `npm start`: the indexer's pool writes block
// ranges (large unnest Binds and Prisma interactive transactions, each with its cursor) while the web app's pool of 5
// runs concurrent Prisma reads and off-chain writes. Every read must see whole ranges only, every write must land, and
// nothing may deadlock.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, createPrisma, migrate, Prisma, startPgliteServer, type PgliteServer } from "../src/index.ts";

const CHAIN = 31337;
const TOKEN = "0x" + "ab".repeat(20);
const ZERO = "0x" + "00".repeat(20);
const BLOCKS = 24;
/** Mints per block: the unnest arrays of one block make a Bind of about 100 KB, more than one TCP read. */
const PER_BLOCK = 400;
const AMOUNT = 1_000n;
const WALLETS = Array.from({ length: 97 }, (_, i) => "0x" + i.toString(16).padStart(40, "0"));
/** A deadlock shows as this deadline passing, not as a hung test run. */
const DEADLINE_MS = 90_000;

let server: PgliteServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "tessera-pglite-load-"));
  for (let port = 55520 + Math.floor(Math.random() * 20); ; port++) {
    try {
      server = await startPgliteServer({ dataDir, port });
      break;
    } catch (err) {
      if (port >= 55549 || !String(err).includes("EADDRINUSE")) throw err;
    }
  }
  await migrate(server.url);
});

afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function withDeadline<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${DEADLINE_MS} ms (deadlock?)`)), DEADLINE_MS);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

describe("one PGlite server, an indexer pool and a web pool", () => {
  it("serves concurrent reads and writes of both pools with consistent results and no deadlock", async () => {
    // Indexer side: a pg pool of 2 shared with Prisma, as apps/indexer/src/main.ts builds it.
    const indexerPool = createPool(server.url, { poolSize: 2 });
    const indexerPrisma = createPrisma(indexerPool);
    // Web side: its own Prisma pool of 5 (DATABASE_POOL_SIZE's default).
    const web = createPrisma(server.url, { poolSize: 5 });
    try {
      await indexerPrisma.asset.create({
        data: {
          chainId: CHAIN, token: TOKEN, issuer: WALLETS[0]!, compliance: WALLETS[1]!, identityRegistry: WALLETS[2]!,
          name: "Load Fund", symbol: "LDF", decimals: 18, assetClass: 0, totalSupply: new Prisma.Decimal(0),
          allowedCountries: [], maxHolders: new Prisma.Decimal(0), maxBalance: new Prisma.Decimal(0),
          deployedBlock: 0n, deployedTxHash: "0x" + "00".repeat(32), deployedAt: new Date(0),
        },
      });
      await indexerPrisma.indexerCursor.create({ data: { chainId: CHAIN, lastBlock: 0n, lastBlockHash: "0x" } });

      let indexing = true;
      let longestRangeMs = 0;
      const indexer = (async () => {
        try {
          for (let block = 1; block <= BLOCKS; block++) {
            const rangeStart = Date.now();
            const to = Array.from({ length: PER_BLOCK }, (_, i) => WALLETS[(block * PER_BLOCK + i) % WALLETS.length]!);
            const credit = new Map<string, bigint>();
            for (const w of to) credit.set(w, (credit.get(w) ?? 0n) + AMOUNT);
            if (block % 2 === 1) {
              // The hot path: raw SQL on one pooled connection, one transaction per range.
              const client = await indexerPool.connect();
              try {
                await client.query("BEGIN");
                await client.query(
                  `INSERT INTO "Transfer" ("chainId","blockNumber","logIndex","txHash","token","from","to","amount","kind","blockTime")
                   SELECT $1, $2, i, $3, $4, $5, t, $6, 'mint', now() FROM unnest($7::int[], $8::text[]) AS u(i, t)`,
                  [CHAIN, block, "0x" + block.toString(16).padStart(64, "0"), TOKEN, ZERO, AMOUNT.toString(),
                    to.map((_, i) => i), to],
                );
                await client.query(
                  `INSERT INTO "Holding" ("chainId","token","wallet","balance","updatedBlock")
                   SELECT $1, $2, w, d, $3 FROM unnest($4::text[], $5::numeric[]) AS u(w, d)
                   ON CONFLICT ("chainId","token","wallet") DO UPDATE
                   SET "balance" = "Holding"."balance" + EXCLUDED."balance", "updatedBlock" = EXCLUDED."updatedBlock"`,
                  [CHAIN, TOKEN, block, [...credit.keys()], [...credit.values()].map(String)],
                );
                await client.query(`UPDATE "IndexerCursor" SET "lastBlock" = $2, "updatedAt" = now() WHERE "chainId" = $1`, [CHAIN, block]);
                await client.query("COMMIT");
              } catch (err) {
                await client.query("ROLLBACK").catch(() => {});
                throw err;
              } finally {
                client.release();
              }
            } else {
              // Prisma's interactive transaction on the same pool (only `tx` queries inside: see TOOLCHAIN.md).
              await indexerPrisma.$transaction(async (tx) => {
                await tx.transfer.createMany({
                  data: to.map((w, i) => ({
                    chainId: CHAIN, blockNumber: BigInt(block), logIndex: i, txHash: "0x" + block.toString(16).padStart(64, "0"),
                    token: TOKEN, from: ZERO, to: w, amount: new Prisma.Decimal(AMOUNT.toString()), kind: "mint" as const,
                    blockTime: new Date(),
                  })),
                });
                await tx.$executeRaw`
                  INSERT INTO "Holding" ("chainId","token","wallet","balance","updatedBlock")
                  SELECT ${CHAIN}, ${TOKEN}, w, d, ${block} FROM unnest(${[...credit.keys()]}::text[], ${[...credit.values()].map(String)}::numeric[]) AS u(w, d)
                  ON CONFLICT ("chainId","token","wallet") DO UPDATE
                  SET "balance" = "Holding"."balance" + EXCLUDED."balance", "updatedBlock" = EXCLUDED."updatedBlock"`;
                await tx.indexerCursor.update({ where: { chainId: CHAIN }, data: { lastBlock: BigInt(block) } });
              }, { timeout: 60_000 });
            }
            longestRangeMs = Math.max(longestRangeMs, Date.now() - rangeStart);
          }
        } finally {
          indexing = false;
        }
      })();

      // Web side: 5 concurrent request loops until the indexer is done, then one more round each.
      let reads = 0;
      let audits = 0;
      const torn: string[] = [];
      const requests = Array.from({ length: 5 }, async (_, loop) => {
        for (let round = 0; indexing || round < 1; round++) {
          // A consistent view (one transaction): the cursor, the transfers and the cap table agree.
          const [cursor, transfers, sum] = await web.$transaction([
            web.indexerCursor.findUniqueOrThrow({ where: { chainId: CHAIN } }),
            web.transfer.count({ where: { chainId: CHAIN } }),
            web.holding.aggregate({ where: { chainId: CHAIN, token: TOKEN }, _sum: { balance: true } }),
          ]);
          const expected = Number(cursor.lastBlock) * PER_BLOCK;
          const balance = BigInt(sum._sum.balance?.toFixed() ?? "0");
          if (transfers !== expected || balance !== BigInt(expected) * AMOUNT) {
            torn.push(`cursor ${cursor.lastBlock}: ${transfers} transfers, balance ${balance}`);
          }
          // A cap-table page filtered by a list of wallets (a parameter per wallet).
          const page = await web.holding.findMany({
            where: { chainId: CHAIN, token: TOKEN, wallet: { in: WALLETS.slice(loop, loop + 60) } },
            orderBy: [{ balance: "desc" }, { wallet: "asc" }],
            take: 25,
          });
          expect(page.length).toBeLessThanOrEqual(25);
          // An off-chain write (audit entry) and its read-back.
          const entry = await web.auditEntry.create({
            data: { chainId: CHAIN, actor: WALLETS[loop]!, actorRole: "token-agent", action: "load-test", reason: `loop ${loop} round ${round}` },
          });
          const back = await web.auditEntry.findUniqueOrThrow({ where: { id: entry.id } });
          expect(back.reason).toBe(`loop ${loop} round ${round}`);
          reads += 3;
          audits++;
        }
      });

      const started = Date.now();
      await withDeadline(Promise.all([indexer, ...requests]), "indexer and web load");
      const elapsed = Date.now() - started;

      expect(torn).toEqual([]);
      const cursor = await web.indexerCursor.findUniqueOrThrow({ where: { chainId: CHAIN } });
      expect(cursor.lastBlock).toBe(BigInt(BLOCKS));
      expect(await web.transfer.count()).toBe(BLOCKS * PER_BLOCK);
      const holdings = await web.holding.findMany({ where: { chainId: CHAIN, token: TOKEN } });
      expect(holdings.length).toBe(WALLETS.length);
      expect(holdings.reduce((s, h) => s + BigInt(h.balance.toFixed()), 0n)).toBe(BigInt(BLOCKS * PER_BLOCK) * AMOUNT);
      expect(await web.auditEntry.count({ where: { action: "load-test" } })).toBe(audits);
      console.log(
        `PGlite load: ${BLOCKS} ranges x ${PER_BLOCK} transfers and ${reads} web reads + ${audits} audit writes in ${elapsed} ms (longest range ${longestRangeMs} ms)`,
      );
    } finally {
      await web.$disconnect();
      await indexerPrisma.$disconnect();
      await indexerPool.end();
    }
  });
});
