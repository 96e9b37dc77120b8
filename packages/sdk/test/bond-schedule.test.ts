// The coupon schedule of @tessera/sdk/bond against hand-computed dates, day counts and amounts (pure: no chain).
import { describe, expect, it } from "vitest";
import {
  type BondTermsInput,
  couponDates,
  couponRateFromPercent,
  couponSchedule,
  dayCountFraction,
  recordDateFor,
  utcDay,
} from "@tessera/sdk/bond";

/** Unix seconds of a UTC day "YYYY-MM-DD" (00:00). */
const t = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 1000;
const days = (dates: number[]): string[] => dates.map(utcDay);
const USD = "0x00000000000000000000000000000000000000a1";

function terms(over: Partial<BondTermsInput> = {}): BondTermsInput {
  return {
    paymentToken: USD,
    issueDate: t("2025-01-15"),
    couponFrequency: 2,
    dayCount: 2, // 30/360
    couponRate: 5_000_000, // 5%
    faceValue: 1000_000000n, // 1,000 TUSD (6 decimals)
    maturityDate: t("2027-01-15"),
    ...over,
  };
}

describe("day counts (hand-computed)", () => {
  it("ACT/360 and ACT/365 count actual calendar days", () => {
    // Jan 15 -> Jul 15 2024 (leap year): 31 + 29 + 31 + 30 + 31 + 30 = 182 days
    expect(dayCountFraction("ACT/360", t("2024-01-15"), t("2024-07-15"))).toEqual({ days: 182n, basis: 360n });
    expect(dayCountFraction("ACT/365", t("2024-01-15"), t("2024-07-15"))).toEqual({ days: 182n, basis: 365n });
    // the same in 2023: 31 + 28 + 31 + 30 + 31 + 30 = 181
    expect(dayCountFraction(1, t("2023-01-15"), t("2023-07-15"))).toEqual({ days: 181n, basis: 365n });
    // a whole leap year is 366/365 under ACT/365 fixed
    expect(dayCountFraction("ACT/365", t("2024-01-01"), t("2025-01-01"))).toEqual({ days: 366n, basis: 365n });
    // time of day does not count: calendar days
    expect(dayCountFraction("ACT/360", t("2024-01-15") + 80_000, t("2024-01-16") + 10)).toEqual({ days: 1n, basis: 360n });
  });

  it("30/360 US: 31st adjustments", () => {
    expect(dayCountFraction("30/360", t("2024-01-15"), t("2024-07-15")).days).toBe(180n);
    // D1 = 31 -> 30, then D2 = 31 with D1 >= 30 -> 30
    expect(dayCountFraction("30/360", t("2024-01-31"), t("2024-07-31")).days).toBe(180n);
    expect(dayCountFraction("30/360", t("2024-01-30"), t("2024-03-31")).days).toBe(60n);
    // D2 = 31 stays when D1 < 30: 2 * 30 + (31 - 15)
    expect(dayCountFraction("30/360", t("2024-01-15"), t("2024-03-31")).days).toBe(76n);
    // across years: 360 * 1 + 30 * (2 - 11) + (10 - 20) = 80
    expect(dayCountFraction(2, t("2023-11-20"), t("2024-02-10"))).toEqual({ days: 80n, basis: 360n });
  });

  it("30/360 US: February end-of-month rules only for an end-of-month bond", () => {
    // Feb 29 -> Aug 31: EOM D1 -> 30, D2 31 -> 30: 180; bond basis without EOM: 6 * 30 + (31 - 29) = 182
    expect(dayCountFraction("30/360", t("2024-02-29"), t("2024-08-31"), { eom: true }).days).toBe(180n);
    expect(dayCountFraction("30/360", t("2024-02-29"), t("2024-08-31")).days).toBe(182n);
    // Feb 28 2023 -> Feb 29 2024, both last days of February: 360 with EOM, 361 without
    expect(dayCountFraction("30/360", t("2023-02-28"), t("2024-02-29"), { eom: true }).days).toBe(360n);
    expect(dayCountFraction("30/360", t("2023-02-28"), t("2024-02-29")).days).toBe(361n);
    // Aug 31 -> Feb 29: D1 31 -> 30, D2 (end of Feb) stays when D1 is not February: 6 * 30 + (29 - 30) = 179
    expect(dayCountFraction("30/360", t("2023-08-31"), t("2024-02-29"), { eom: true }).days).toBe(179n);
  });
});

describe("coupon dates", () => {
  it("steps 12/frequency months from the issue date, the last on maturity", () => {
    expect(days(couponDates(terms()))).toEqual(["2025-07-15", "2026-01-15", "2026-07-15", "2027-01-15"]);
    expect(days(couponDates(terms({ couponFrequency: 1 })))).toEqual(["2026-01-15", "2027-01-15"]);
    expect(couponDates(terms({ couponFrequency: 4 }))).toHaveLength(8);
    expect(couponDates(terms({ couponFrequency: 12 }))).toHaveLength(24);
  });

  it("end-of-month rule: an issue on the last day of its month pays on last days", () => {
    const d = couponDates(terms({ issueDate: t("2024-08-31"), maturityDate: t("2026-08-31") }));
    expect(days(d)).toEqual(["2025-02-28", "2025-08-31", "2026-02-28", "2026-08-31"]);
    const m = couponDates(terms({ couponFrequency: 12, issueDate: t("2024-01-31"), maturityDate: t("2024-06-30") }));
    expect(days(m)).toEqual(["2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30"]);
  });

  it("clamps a day of month that a month lacks, without drifting (counted from the issue date)", () => {
    const m = couponDates(terms({ couponFrequency: 12, issueDate: t("2024-01-30"), maturityDate: t("2024-05-30") }));
    expect(days(m)).toEqual(["2024-02-29", "2024-03-30", "2024-04-30", "2024-05-30"]);
  });

  it("keeps the issue date's time of day and ends exactly at the maturity date", () => {
    const issue = t("2025-01-15") + 14 * 3600;
    const maturity = t("2027-01-15") + 17 * 3600 + 5;
    const d = couponDates(terms({ issueDate: issue, maturityDate: maturity }));
    expect(d[0]).toBe(t("2025-07-15") + 14 * 3600);
    expect(d.at(-1)).toBe(maturity);
  });

  it("a maturity off the grid ends with a short final stub", () => {
    const s = couponSchedule(terms({ maturityDate: t("2026-03-01") }));
    expect(s.map((c) => c.paymentDay)).toEqual(["2025-07-15", "2026-01-15", "2026-03-01"]);
    expect(s.map((c) => c.stub)).toEqual([false, false, true]);
    // 30/360 Jan 15 -> Mar 1: 2 * 30 + (1 - 15) = 46 days; 1000 TUSD * 5% * 46/360 = 6.388888 TUSD, rounded down
    expect(s[2]?.fraction).toEqual({ days: 46n, basis: 360n });
    expect(s[2]?.amountPerUnit).toBe(6_388888n);
  });

  it("a maturity before the first grid date is one stub coupon", () => {
    const s = couponSchedule(terms({ maturityDate: t("2025-05-15") }));
    expect(s).toHaveLength(1);
    expect(s[0]?.stub).toBe(true);
    expect(s[0]?.fraction.days).toBe(120n);
  });

  it("a zero-coupon bond has no coupons", () => {
    expect(couponSchedule(terms({ couponFrequency: 0, couponRate: 0 }))).toEqual([]);
  });
});

describe("coupon schedule", () => {
  it("regular 30/360 semi-annual coupons of a 5% bond are 25 TUSD per unit", () => {
    const s = couponSchedule(terms());
    expect(s).toHaveLength(4);
    for (const c of s) {
      expect(c.amountPerUnit).toBe(25_000000n);
      expect(c.accrualFraction).toBe(0.5);
      expect(c.stub).toBe(false);
    }
    expect(s[0]?.periodStart).toBe(t("2025-01-15"));
    expect(s[1]?.periodStart).toBe(s[0]?.paymentDate);
    expect(s.map((c) => c.number)).toEqual([1, 2, 3, 4]);
  });

  it("ACT/360 amounts follow the period's length, rounded down", () => {
    // 1 TUSD face, 3.333333%, quarterly from 2025-01-15: Jan 15 -> Apr 15 = 90 days, Apr 15 -> Jul 15 = 91 days
    const s = couponSchedule(
      terms({ faceValue: 1_000000n, couponRate: 3_333_333, couponFrequency: 4, dayCount: 0, maturityDate: t("2025-07-15") }),
    );
    expect(s.map((c) => c.fraction.days)).toEqual([90n, 91n]);
    // 1e6 * 3,333,333 * 90 / (1e8 * 360) = 8333.3325 -> 8333; * 91 = 8425.925... -> 8425
    expect(s.map((c) => c.amountPerUnit)).toEqual([8333n, 8425n]);
  });

  it("ACT/365: 2024's leap day lengthens the first half", () => {
    const s = couponSchedule(terms({ dayCount: 1, issueDate: t("2024-01-15"), maturityDate: t("2025-01-15") }));
    expect(s.map((c) => c.fraction.days)).toEqual([182n, 184n]);
    // 1000e6 * 5e6 * 182 / (1e8 * 365) = 24,931,506.8 -> 24,931,506
    expect(s[0]?.amountPerUnit).toBe(24_931506n);
  });

  it("record dates: one business day before payment by default, weekends skipped", () => {
    const s = couponSchedule(terms());
    expect(s[0]?.paymentDay).toBe("2025-07-15"); // a Tuesday
    expect(s[0]?.recordDay).toBe("2025-07-14"); // Monday
    expect(s[1]?.recordDay).toBe("2026-01-14"); // Thursday -> Wednesday
    expect(s[0]?.recordDate).toBe(t("2025-07-14"));
  });

  it("record date for Monday, Saturday and Sunday payments, and a configurable offset", () => {
    expect(utcDay(recordDateFor(t("2025-09-15")))).toBe("2025-09-12"); // Monday -> Friday
    expect(utcDay(recordDateFor(t("2025-03-15")))).toBe("2025-03-14"); // Saturday -> Friday
    expect(utcDay(recordDateFor(t("2025-06-15")))).toBe("2025-06-13"); // Sunday -> Friday
    expect(utcDay(recordDateFor(t("2025-09-15"), 2))).toBe("2025-09-11"); // two business days: Thursday
    expect(utcDay(recordDateFor(t("2025-09-15") + 3600, 0))).toBe("2025-09-15"); // 0: the payment day
    const s = couponSchedule(terms(), { recordBusinessDays: 3 });
    expect(s[0]?.recordDay).toBe("2025-07-10"); // Tue -> Mon, Fri, Thu
  });
});

describe("terms and helpers", () => {
  it("refuses terms the contract refuses, with the path in words", () => {
    expect(() => couponSchedule(terms({ maturityDate: t("2025-01-15") }))).toThrow(/maturityDate: the maturity date must be after/);
    expect(() => couponSchedule(terms({ couponFrequency: 3 as never }))).toThrow(/invalid input: couponFrequency/);
    expect(() => couponSchedule(terms({ couponRate: 0 }))).toThrow(/couponRate: a zero-coupon bond/);
    expect(() => couponSchedule(terms({ couponFrequency: 0 }))).toThrow(/couponRate/);
    expect(() => couponSchedule(terms({ couponRate: 100_000_001 }))).toThrow(/couponRate/);
    expect(() => couponSchedule(terms({ faceValue: 0n }))).toThrow(/faceValue/);
    expect(() => couponSchedule(terms({ dayCount: 3 as never }))).toThrow(/dayCount/);
    expect(() => couponSchedule(terms({ paymentToken: "0x12" }))).toThrow(/paymentToken/);
  });

  it("accepts on-chain shapes: bigint dates", () => {
    const s = couponSchedule(terms({ issueDate: BigInt(t("2025-01-15")), maturityDate: BigInt(t("2027-01-15")), dayCount: 2 }));
    expect(s).toHaveLength(4);
  });

  it("couponRateFromPercent: exact to 1e-8 per year", () => {
    expect(couponRateFromPercent("4.125")).toBe(4_125_000);
    expect(couponRateFromPercent("5")).toBe(5_000_000);
    expect(couponRateFromPercent("0.0001")).toBe(100); // a hundredth of a basis point
    expect(couponRateFromPercent("100")).toBe(100_000_000);
    expect(() => couponRateFromPercent("100.5")).toThrow(/at most 100%/);
    expect(() => couponRateFromPercent("1.1234567")).toThrow(/at most 6 decimals/);
  });
});

describe("schedule properties over every issue day of a leap year", () => {
  it("dates increase, end on maturity, record days are weekdays, ACT days add up, regular 30/360 periods are 1/f year", () => {
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    for (let n = 0; n < 366; n++) {
      const issue = t("2024-01-01") + n * 86_400;
      const maturity = issue + 3 * 365 * 86_400 + 5 * 86_400; // 3 years and a few days: usually a stub
      const day = new Date(issue * 1000).getUTCDate();
      for (const f of [1, 2, 4, 12] as const) {
        for (const dayCount of [0, 2] as const) {
          const s = couponSchedule(terms({ issueDate: issue, maturityDate: maturity, couponFrequency: f, dayCount }));
          const label = `${utcDay(issue)} f=${f} dc=${dayCount}`;
          check(s.at(-1)?.paymentDate === maturity, `${label}: last date is not maturity`);
          check(s.filter((c) => c.stub).length <= 1, `${label}: more than one stub`);
          let actDays = 0n;
          for (const [i, c] of s.entries()) {
            check(c.paymentDate > c.periodStart, `${label} #${c.number}: empty period`);
            check(i === 0 || c.periodStart === s[i - 1]?.paymentDate, `${label} #${c.number}: gap`);
            check(c.recordDate < c.paymentDate, `${label} #${c.number}: record date not before payment`);
            const weekday = new Date(c.recordDate * 1000).getUTCDay();
            check(weekday !== 0 && weekday !== 6, `${label} #${c.number}: record date on a weekend`);
            if (dayCount === 0) actDays += c.fraction.days;
            if (dayCount === 2 && !c.stub && day <= 28) {
              // a day every month has: every regular period is exactly 1/f year, the coupon 5% / f of the face value
              check(c.fraction.days === BigInt(360 / f), `${label} #${c.number}: ${c.fraction.days} days`);
              check(c.amountPerUnit === (1000_000000n * 5_000_000n) / (100_000_000n * BigInt(f)), `${label} #${c.number}: amount`);
            }
          }
          if (dayCount === 0) check(actDays === BigInt((maturity - issue) / 86_400), `${label}: ACT days ${actDays}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
