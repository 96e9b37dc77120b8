// Scheduled work through a Postgres-backed job queue (pg-boss, in the platform's own database, PGlite included), not
// timers in a web process: a schedule survives restarts, a run happens once however many processes work the queue
// (pg-boss takes jobs with SELECT … FOR UPDATE SKIP LOCKED), a failed run is retried, and runs are rows one can read.
// The indexer process works the queue (apps/indexer/src/main.ts). Jobs:
// - `coupon-record-dates-<chainId>` (every 15 minutes), one queue and one schedule per chain: each bond coupon whose
//   record day has ended on that chain gets a CouponRecord row with the block its entitlements are computed at
//   (recordDueCoupons). One per chain because each indexer process (one per chain) works the jobs of its own chain: a
//   schedule shared by name would be one schedule (pg-boss keys schedules by name, the last `schedule` call wins) whose
//   runs any chain's worker could take, so another chain's coupons would wait.
import { couponSchedule } from "@tessera/sdk/bond";
import type pg from "pg";
import PgBoss from "pg-boss";

/**
 * The former single queue of the coupon record-date job, shared by every chain; now the prefix of each chain's queue
 * ({@link couponRecordDatesQueue}). Its schedule, if a database still has it, is removed on start.
 */
export const COUPON_RECORD_DATES = "coupon-record-dates";

/** The queue (and schedule) name of chain `chainId`'s coupon record-date job: `coupon-record-dates-<chainId>`. */
export function couponRecordDatesQueue(chainId: number): string {
  return `${COUPON_RECORD_DATES}-${chainId}`;
}
/** When it runs: every 15 minutes (cron, UTC). */
export const COUPON_RECORD_DATES_CRON = "*/15 * * * *";
/** Seconds of chain time the index must have passed the end of a record day by before a coupon is recorded, so that
 * the record block is below any reorg the indexer still handles (64 blocks of 12 s, with margin). */
export const RECORD_DAY_SETTLED_SECONDS = 15 * 60;

const DAY = 86_400;

/** The bond terms of `BondTermsSet` as the index keeps them (MoneyLegEvent.args: wide integers as strings). */
interface TermsArgs {
  paymentToken: string;
  faceValue: string;
  couponRate: number;
  couponFrequency: number;
  dayCount: number;
  issueDate: number | string;
  maturityDate: number | string;
}

/**
 * Records every coupon whose record day has ended on the indexed chain: for each bond of chain `chainId` with terms in
 * the index (`BondTermsSet`, the latest per token), the schedule of @tessera/sdk/bond gives each coupon's record date;
 * a coupon whose record day ended at least {@link RECORD_DAY_SETTLED_SECONDS} before the indexed chain's time gets a
 * CouponRecord row (idempotent: an existing row is kept), with the asset's last transfer block up to the end of that
 * day as its record block.
 * @param opts.indexedTime Unix seconds of the indexed chain's tip (the cursor's block, read from the chain): the
 *   caller's dependency; an RPC failure rejects and the run fails (pg-boss retries it), it is never taken as "no coupon
 *   due".
 * @returns The number of coupons recorded by this run.
 */
export async function recordDueCoupons(pool: pg.Pool, chainId: number, opts: { indexedTime: () => Promise<number> }): Promise<number> {
  const bonds = await pool.query<{ token: string; args: TermsArgs }>(
    `SELECT DISTINCT ON ("token") "token", "args" FROM "MoneyLegEvent"
     WHERE "chainId" = $1 AND "source" = 'bond' AND "event" = 'BondTermsSet'
     ORDER BY "token", "blockNumber" DESC, "logIndex" DESC`,
    [chainId],
  );
  if (bonds.rows.length === 0) return 0;
  const now = await opts.indexedTime();
  let recorded = 0;
  for (const { token, args } of bonds.rows) {
    const schedule = couponSchedule({
      paymentToken: args.paymentToken as `0x${string}`,
      faceValue: BigInt(args.faceValue),
      couponRate: Number(args.couponRate),
      couponFrequency: Number(args.couponFrequency) as 0 | 1 | 2 | 4 | 12,
      dayCount: Number(args.dayCount) as 0 | 1 | 2,
      issueDate: BigInt(args.issueDate),
      maturityDate: BigInt(args.maturityDate),
    });
    for (const c of schedule) {
      const dayEnd = c.recordDate + DAY;
      if (dayEnd + RECORD_DAY_SETTLED_SECONDS > now) break; // later coupons are later still
      const r = await pool.query(
        `INSERT INTO "CouponRecord" ("chainId", "token", "number", "paymentDate", "recordDate", "recordBlock", "amountPerUnit")
         SELECT $1, $2, $3, to_timestamp($4) AT TIME ZONE 'UTC', to_timestamp($5) AT TIME ZONE 'UTC',
           (SELECT max("blockNumber") FROM "Transfer" WHERE "chainId" = $1 AND "token" = $2 AND "blockTime" < to_timestamp($6) AT TIME ZONE 'UTC'),
           $7::numeric
         ON CONFLICT ("chainId", "token", "number") DO NOTHING`,
        [chainId, token, c.number, c.paymentDate, c.recordDate, dayEnd, c.amountPerUnit.toString()],
      );
      recorded += r.rowCount ?? 0;
    }
  }
  return recorded;
}

/** The running job queue; `stop` finishes the job in flight and closes the queue's connections. */
export interface Jobs {
  boss: PgBoss;
  stop(): Promise<void>;
}

/**
 * Starts the job queue on `databaseUrl` (pg-boss creates its `pgboss` schema on first start), schedules chain
 * `chainId`'s coupon record-date job ({@link couponRecordDatesQueue}, {@link COUPON_RECORD_DATES_CRON}) and works its
 * queue; the other chains' indexers schedule and work theirs. Removes the former shared schedule
 * ({@link COUPON_RECORD_DATES}), whose runs no worker takes any more.
 * @param opts.indexedTime See {@link recordDueCoupons}.
 * @param opts.log Where run outcomes and queue errors go.
 * @throws when the database refuses the queue's schema or connection (the caller reports it; the indexer itself runs on).
 */
export async function startJobs(opts: {
  databaseUrl: string;
  pool: pg.Pool;
  chainId: number;
  indexedTime: () => Promise<number>;
  log: (line: string) => void;
}): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: opts.databaseUrl, max: 2, application_name: "tessera-jobs" });
  boss.on("error", (err: Error) => opts.log(`[jobs] queue error: ${err.message}`));
  await boss.start();
  const queue = couponRecordDatesQueue(opts.chainId);
  await boss.unschedule(COUPON_RECORD_DATES);
  await boss.createQueue(queue);
  await boss.schedule(queue, COUPON_RECORD_DATES_CRON, { chainId: opts.chainId }, { tz: "UTC" });
  await boss.work(queue, async () => {
    const n = await recordDueCoupons(opts.pool, opts.chainId, { indexedTime: opts.indexedTime });
    if (n > 0) opts.log(`[jobs] ${queue}: ${n} coupon record date(s) recorded`);
  });
  return { boss, stop: () => boss.stop({ graceful: true, wait: true }) };
}
