/**
 * Bonds, the off-chain side (issue 11, "Bonds"): the coupon schedule derived from a bond's terms (the `Bond`
 * contract stores the terms; the actions that set them and redeem at maturity are in actions/bond.ts, exported from
 * `@tessera/sdk`). Browser-safe; import it as `@tessera/sdk/bond`. Each coupon becomes a distribution
 * (`@tessera/sdk/distribution`) with `ratePerUnit` = {@link Coupon.amountPerUnit} and its record date.
 *
 * Conventions (all in UTC; no time zone, no holiday calendar):
 * - Coupon dates run forward from the issue date in steps of 12 / frequency months: the k-th date is the issue date
 *   plus k steps (always counted from the issue date, so a clamped month end never drifts). Day of month: the issue
 *   date's, clamped to the month's length (Jan 30 → Feb 28/29 → Mar 30); end-of-month rule: when the issue date is
 *   the last day of its month, every coupon date is the last day of its month (Aug 31 → Feb 28/29 → Aug 31).
 *   Each date keeps the issue date's UTC time of day; the last coupon date is exactly the maturity date.
 * - Stub: when the maturity date is not on that grid, the last period is a short final stub (from the last grid date
 *   before the maturity day to the maturity date), accrued by the day count like any period. No first stub: the
 *   grid starts on the issue date.
 * - Payment dates are the coupon dates, unadjusted (a payment token moves on any day). Record date: the UTC day
 *   `recordBusinessDays` (default 1) business days before the payment day, Saturdays and Sundays skipped, no holiday
 *   calendar; holdings are read at the last block of that UTC day (ARCHITECTURE.md glossary, "record date").
 * - Accrual fraction of a period (start, end] by the bond's day count, on UTC calendar days:
 *   ACT/360 = actual days / 360; ACT/365 (fixed) = actual days / 365 (leap years too);
 *   30/360 (US bond basis, SIA Standard Securities Calculation Methods): D1 = 31 → 30; D2 = 31 and D1 ≥ 30 → 30;
 *   for an end-of-month bond also D1 = last day of February → 30, and D2 = last day of February → 30 when D1 is too;
 *   days = 360 × (Y2 − Y1) + 30 × (M2 − M1) + (D2 − D1), fraction = days / 360.
 * - Coupon per unit (one whole token) in payment-token base units:
 *   floor(faceValue × couponRate × days / (COUPON_RATE_SCALE × basis)), exact in bigint, rounded down (the issuer's favour,
 *   less than one base unit per unit). So a regular 30/360 semi-annual coupon of a 5% bond with face 1,000 TUSD is
 *   25 TUSD exactly, and ACT/360 coupons vary with the period's length.
 *
 * Dates are plain `Date.UTC` arithmetic: a well-kept date library (luxon) is only installed as a transitive
 * dependency of the indexer's job queue, not of this package, and UTC calendar days need no time-zone data.
 */
import { z } from "zod";
import { bondTermsSchema, COUPON_RATE_SCALE, type BondTermsInput } from "./actions/bond";
import { parseInput } from "./schemas";

export { COUPON_RATE_SCALE, type BondTermsInput };

/** Day-count conventions, in the order of their on-chain codes (0 ACT/360, 1 ACT/365 fixed, 2 30/360 US). */
export const DAY_COUNTS = ["ACT/360", "ACT/365", "30/360"] as const;
/** A day-count convention's name. */
export type DayCount = (typeof DAY_COUNTS)[number];

/**
 * The terms as the actions check them (`bondTermsSchema`), plus the contract's relations between fields; a maturity
 * date in the past is allowed here (a schedule can be drawn for any bond). Dates become numbers (unix seconds < 2^48).
 */
const scheduleTermsSchema = bondTermsSchema
  .refine((t) => t.maturityDate > t.issueDate, { message: "the maturity date must be after the issue date", path: ["maturityDate"] })
  .refine((t) => (t.couponFrequency === 0) === (t.couponRate === 0), {
    message: "a zero-coupon bond (frequency 0) has rate 0, and a coupon bond a positive rate",
    path: ["couponRate"],
  })
  .refine((t) => t.faceValue > 0n, { message: "the face value must be positive", path: ["faceValue"] })
  .refine((t) => t.maturityDate < 1n << 48n, { message: "the maturity date is out of range", path: ["maturityDate"] })
  .transform((t) => ({ ...t, issueDate: Number(t.issueDate), maturityDate: Number(t.maturityDate) }));

/**
 * A coupon rate in percent per year as a decimal string ("4.125") → the terms' `couponRate` (4,125,000; 1e-8 units).
 * @throws TesseraError InvalidInput for more than 6 decimals, a negative value or more than 100%.
 */
export function couponRateFromPercent(percent: string): number {
  const p = parseInput(z.string().regex(/^\d{1,3}(\.\d{1,6})?$/, "a percentage with at most 6 decimals"), percent);
  const [whole = "0", frac = ""] = p.split(".");
  const rate = Number(whole) * 1_000_000 + Number(frac.padEnd(6, "0"));
  return parseInput(z.number().max(COUPON_RATE_SCALE, "at most 100% per year"), rate);
}

/** A calendar day in UTC. */
interface Day {
  y: number;
  m: number; // 1..12
  d: number;
}

const DAY_SECONDS = 86_400;

function toDay(unixSeconds: number): Day {
  const dt = new Date(unixSeconds * 1000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

function dayNumber(day: Day): number {
  return Date.UTC(day.y, day.m - 1, day.d) / 1000 / DAY_SECONDS;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function isLastOfMonth(day: Day): boolean {
  return day.d === daysInMonth(day.y, day.m);
}

function isLastOfFebruary(day: Day): boolean {
  return day.m === 2 && isLastOfMonth(day);
}

/** "YYYY-MM-DD" of a unix time (UTC). */
export function utcDay(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

/** `day` plus `months` calendar months: day of month clamped, or the month's last day under the end-of-month rule. */
function addMonths(day: Day, months: number, eom: boolean): Day {
  const index = day.y * 12 + (day.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = daysInMonth(y, m);
  return { y, m, d: eom ? last : Math.min(day.d, last) };
}

/** A day-count fraction as an exact ratio: `days / basis`. */
export interface DayCountFraction {
  /** Days counted by the convention. */
  days: bigint;
  /** 360 or 365. */
  basis: bigint;
}

/**
 * The accrual fraction from `start` to `end` (unix seconds, compared as UTC calendar days) by `convention`
 * (a name or the on-chain code). `eom`: the bond follows the end-of-month rule (30/360's February adjustments).
 */
export function dayCountFraction(
  convention: DayCount | 0 | 1 | 2,
  start: number,
  end: number,
  opts: { eom?: boolean } = {},
): DayCountFraction {
  const name = typeof convention === "number" ? DAY_COUNTS[convention] : convention;
  const a = toDay(start);
  const b = toDay(end);
  if (name === "ACT/360" || name === "ACT/365") {
    return { days: BigInt(dayNumber(b) - dayNumber(a)), basis: name === "ACT/360" ? 360n : 365n };
  }
  let d1 = a.d;
  let d2 = b.d;
  if (opts.eom && isLastOfFebruary(a)) {
    if (isLastOfFebruary(b)) d2 = 30;
    d1 = 30;
  }
  if (d2 === 31 && d1 >= 30) d2 = 30;
  if (d1 === 31) d1 = 30;
  return { days: BigInt(360 * (b.y - a.y) + 30 * (b.m - a.m) + (d2 - d1)), basis: 360n };
}

/**
 * The coupon dates of `terms` (unix seconds), the last one the maturity date; empty for a zero-coupon bond.
 * See the module comment for the end-of-month rule and the short final stub.
 */
export function couponDates(input: BondTermsInput): number[] {
  const terms = parseInput(scheduleTermsSchema, input);
  if (terms.couponFrequency === 0) return [];
  const step = 12 / terms.couponFrequency;
  const issue = toDay(terms.issueDate);
  const timeOfDay = terms.issueDate % DAY_SECONDS;
  const eom = isLastOfMonth(issue);
  const maturityDay = dayNumber(toDay(terms.maturityDate));
  const dates: number[] = [];
  for (let k = 1; ; k++) {
    const n = dayNumber(addMonths(issue, k * step, eom));
    if (n >= maturityDay) break;
    dates.push(n * DAY_SECONDS + timeOfDay);
  }
  dates.push(terms.maturityDate);
  return dates;
}

/** The UTC day `businessDays` business days (Monday to Friday) before the day of `unixSeconds`, at 00:00 UTC. */
export function recordDateFor(unixSeconds: number, businessDays = 1): number {
  parseInput(z.number().int().min(0).max(30), businessDays);
  let n = Math.floor(unixSeconds / DAY_SECONDS);
  for (let left = businessDays; left > 0; ) {
    n -= 1;
    const weekday = new Date(n * DAY_SECONDS * 1000).getUTCDay(); // 0 Sunday, 6 Saturday
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return n * DAY_SECONDS;
}

/** One coupon of a schedule. */
export interface Coupon {
  /** 1-based position in the schedule. */
  number: number;
  /** Start of the accrual period (the issue date or the previous coupon date), unix seconds. */
  periodStart: number;
  /** Payment date = end of the accrual period, unix seconds. */
  paymentDate: number;
  /** "YYYY-MM-DD" of the payment date. */
  paymentDay: string;
  /** Record date: 00:00 UTC of the record day, unix seconds (holdings at that day's last block). */
  recordDate: number;
  /** "YYYY-MM-DD" of the record date. */
  recordDay: string;
  /** The period's day-count fraction, exact. */
  fraction: DayCountFraction;
  /** The fraction as a number, for display. */
  accrualFraction: number;
  /** Coupon per whole token, payment-token base units, rounded down (a distribution's `ratePerUnit`). */
  amountPerUnit: bigint;
  /** Whether this is the short final stub (maturity not on the coupon grid). */
  stub: boolean;
}

/**
 * The coupon schedule of a bond: dates, record dates, accrual fractions and amounts per unit.
 * @param input The terms (as stored on-chain, or as entered).
 * @param opts.recordBusinessDays Business days between record date and payment date (default 1; 0 = the payment day).
 * @throws TesseraError InvalidInput for terms the contract would refuse (a maturity in the past is allowed).
 */
export function couponSchedule(input: BondTermsInput, opts: { recordBusinessDays?: number } = {}): Coupon[] {
  const terms = parseInput(scheduleTermsSchema, input);
  const dates = couponDates(input);
  const eom = isLastOfMonth(toDay(terms.issueDate));
  const step = terms.couponFrequency === 0 ? 0 : 12 / terms.couponFrequency;
  const issue = toDay(terms.issueDate);
  const maturityOnGrid = dates.length > 0 && dayNumber(addMonths(issue, dates.length * step, eom)) === dayNumber(toDay(terms.maturityDate));
  return dates.map((paymentDate, i) => {
    const periodStart = i === 0 ? terms.issueDate : (dates[i - 1] as number);
    const fraction = dayCountFraction(terms.dayCount, periodStart, paymentDate, { eom });
    const recordDate = recordDateFor(paymentDate, opts.recordBusinessDays ?? 1);
    return {
      number: i + 1,
      periodStart,
      paymentDate,
      paymentDay: utcDay(paymentDate),
      recordDate,
      recordDay: utcDay(recordDate),
      fraction,
      accrualFraction: Number(fraction.days) / Number(fraction.basis),
      amountPerUnit: (terms.faceValue * BigInt(terms.couponRate) * fraction.days) / (BigInt(COUPON_RATE_SCALE) * fraction.basis),
      stub: i === dates.length - 1 && !maturityOnGrid,
    };
  });
}
