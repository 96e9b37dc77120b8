// The job queue (pg-boss in the platform's database) and its coupon record-date job: a bond's terms in the index
// (BondTermsSet) and its transfers give, once the indexed chain has passed a record day, one CouponRecord per coupon with
// the asset's last transfer block of that day; idempotent; nothing before the day has settled; an RPC failure fails the
// run instead of recording nothing; with one indexer per chain on one database, each chain has its own schedule and
// each chain's runs record that chain's coupons. Synthetic index rows, PGlite and PostgreSQL.
import { couponSchedule } from "@tessera/sdk/bond";
import { createPool } from "@tessera/db";
import { backends, type TestDatabase } from "@tessera/db/testing";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COUPON_RECORD_DATES, RECORD_DAY_SETTLED_SECONDS, couponRecordDatesQueue, recordDueCoupons, startJobs } from "../src/jobs.ts";

const chainId = 31337;
const token = "0x00000000000000000000000000000000000b0a01";
const usd = "0x00000000000000000000000000000000000005d0";
const ZERO = "0x0000000000000000000000000000000000000000";
const DAY = 86_400;
// A 5% semi-annual ACT/360 bond issued 2026-01-15 (a Thursday), maturing 2028-01-15; face 1,000 TUSD per token.
const issueDate = Date.UTC(2026, 0, 15) / 1000;
const terms = {
  paymentToken: usd, faceValue: "1000000000", couponRate: 5_000_000, couponFrequency: 2, dayCount: 0, issueDate, maturityDate: Date.UTC(2028, 0, 15) / 1000,
};
const schedule = couponSchedule({ ...terms, paymentToken: usd, faceValue: 1_000_000_000n, couponFrequency: 2, dayCount: 0, issueDate: BigInt(issueDate), maturityDate: BigInt(terms.maturityDate) });

/** The bond's asset row and its BondTermsSet on chain `chain`, as the index keeps them. */
async function seedBond(pool: pg.Pool, chain: number): Promise<void> {
  await pool.query(
    `INSERT INTO "Asset" ("chainId", "token", "issuer", "compliance", "identityRegistry", "name", "symbol", "decimals",
       "assetClass", "totalSupply", "allowedCountries", "maxHolders", "maxBalance", "deployedBlock", "deployedTxHash", "deployedAt")
     VALUES ($1, $2, $3, $3, $3, 'Bond 2028', 'B28', 18, 1, 0, '{}', 0, 0, 1, $4, now())`,
    [chain, token, ZERO, `0x${"11".repeat(32)}`],
  );
  await pool.query(
    `INSERT INTO "MoneyLegEvent" ("chainId", "blockNumber", "logIndex", "txHash", "blockTime", "token", "source", "contract", "event", "wallets", "args")
     VALUES ($1, 2, 0, $2, now(), $3, 'bond', $4, 'BondTermsSet', '{}', $5)`,
    [chain, `0x${"22".repeat(32)}`, token, ZERO, JSON.stringify({ token, ...terms })],
  );
}

/** A mint of the bond on chain `chain` in block `block` at unix time `at`. */
function transfer(pool: pg.Pool, chain: number, block: number, at: number) {
  return pool.query(
    `INSERT INTO "Transfer" ("chainId", "blockNumber", "logIndex", "txHash", "token", "from", "to", "amount", "kind", "blockTime")
     VALUES ($1, $2, 0, $3, $4, $5, $6, 1, 'mint', to_timestamp($7) AT TIME ZONE 'UTC')`,
    [chain, block, `0x${block.toString(16).padStart(64, "0")}`, token, ZERO, ZERO, at],
  );
}

describe.each(backends())("coupon record dates through the job queue on $name", (backend) => {
  let db: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await backend.createMigrated();
    pool = createPool(db.url, { poolSize: 3 });
    await seedBond(pool, chainId);
    // Transfers: block 10 on the first record day (before its end), block 11 the day after it.
    const first = schedule[0]!;
    await transfer(pool, chainId, 10, first.recordDate + 3_600);
    await transfer(pool, chainId, 11, first.recordDate + DAY + 3_600);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.dispose();
  });

  const records = async () =>
    (await pool.query<{ number: number; recordBlock: string | null; amountPerUnit: string; recordDate: Date }>(
      `SELECT "number", "recordBlock"::text AS "recordBlock", "amountPerUnit"::text AS "amountPerUnit", "recordDate" FROM "CouponRecord" ORDER BY "number"`,
    )).rows;

  it("records a coupon once its record day has ended and settled on the indexed chain, with that day's last transfer block", async () => {
    const first = schedule[0]!;
    const end = first.recordDate + DAY;
    // Not yet: the index has not passed the end of the record day by the settling margin.
    expect(await recordDueCoupons(pool, chainId, { indexedTime: async () => end + RECORD_DAY_SETTLED_SECONDS - 1 })).toBe(0);
    expect(await records()).toEqual([]);
    expect(await recordDueCoupons(pool, chainId, { indexedTime: async () => end + RECORD_DAY_SETTLED_SECONDS })).toBe(1);
    const [row] = await records();
    expect(row).toMatchObject({ number: 1, recordBlock: "10", amountPerUnit: first.amountPerUnit.toString() });
    expect(row!.recordDate.getTime()).toBe(first.recordDate * 1000);
    // Idempotent.
    expect(await recordDueCoupons(pool, chainId, { indexedTime: async () => end + RECORD_DAY_SETTLED_SECONDS })).toBe(0);
  });

  it("fails the run when the chain's time cannot be read (an RPC error is not 'nothing due')", async () => {
    await expect(recordDueCoupons(pool, chainId, { indexedTime: async () => Promise.reject(new Error("RPC down")) })).rejects.toThrow("RPC down");
  });

  it("runs through pg-boss: a job sent to the queue records the coupons due", async () => {
    const second = schedule[1]!;
    const logs: string[] = [];
    const jobs = await startJobs({
      databaseUrl: db.url, pool, chainId, log: (l) => logs.push(l),
      indexedTime: async () => second.recordDate + DAY + RECORD_DAY_SETTLED_SECONDS,
    });
    try {
      await jobs.boss.send(couponRecordDatesQueue(chainId), { chainId });
      // pg-boss polls its queue; wait (bounded) for the row rather than for a fixed time.
      for (let i = 0; i < 200 && (await records()).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect((await records()).map((r) => [r.number, r.recordBlock])).toEqual([[1, "10"], [2, "11"]]);
      expect(logs.some((l) => l.includes("1 coupon record date(s) recorded")), logs.join("\n")).toBe(true);
    } finally {
      await jobs.stop();
    }
  });
});

describe.each(backends())("one coupon record-date schedule per chain on $name", (backend) => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const chains = [31337, 31338];

  beforeAll(async () => {
    db = await backend.createMigrated();
    pool = createPool(db.url, { poolSize: 3 });
    for (const chain of chains) {
      await seedBond(pool, chain);
      await transfer(pool, chain, 10, schedule[0]!.recordDate + 3_600);
    }
  });
  afterAll(async () => {
    await pool?.end();
    await db?.dispose();
  });

  it("gives each chain's indexer its own schedule, and a run of each schedule records that chain's coupons", async () => {
    // The indexers of both chains (one process each, as npm start runs them) start their queues on the same database;
    // a database of the former single schedule still has it.
    const logs: string[] = [];
    const indexedTime = async () => schedule[0]!.recordDate + DAY + RECORD_DAY_SETTLED_SECONDS;
    const first = await startJobs({ databaseUrl: db.url, pool, chainId: chains[0]!, log: (l) => logs.push(l), indexedTime });
    await first.boss.createQueue(COUPON_RECORD_DATES);
    await first.boss.schedule(COUPON_RECORD_DATES, "*/15 * * * *", { chainId: chains[0] }, { tz: "UTC" });
    const second = await startJobs({ databaseUrl: db.url, pool, chainId: chains[1]!, log: (l) => logs.push(l), indexedTime });
    try {
      const schedules = (await second.boss.getSchedules()) as { name: string; data: { chainId: number } }[];
      expect(schedules.map((s) => [s.name, s.data.chainId]).sort()).toEqual(chains.map((c) => [couponRecordDatesQueue(c), c]));
      // A cron tick: pg-boss sends one job per due schedule, with the schedule's name and data (what its timekeeper does).
      for (const s of schedules) await second.boss.send(s.name, s.data);
      const recorded = async () =>
        (await pool.query<{ chainId: number; number: number }>(`SELECT "chainId", "number" FROM "CouponRecord" ORDER BY "chainId", "number"`)).rows;
      // pg-boss polls its queues; wait (bounded) for the rows rather than for a fixed time.
      for (let i = 0; i < 200 && (await recorded()).length < chains.length; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await recorded()).toEqual(chains.map((chainId) => ({ chainId, number: 1 })));
      for (const c of chains) expect(logs.some((l) => l.includes(`${couponRecordDatesQueue(c)}: 1 coupon record date(s) recorded`)), logs.join("\n")).toBe(true);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});
