"use client";

import Link from "next/link";
import type { BondResponse, CouponDto } from "@/lib/bond/types";
import { formatAmount } from "@/lib/client/format";
import { money } from "./format";

/**
 * The distribution wizard's URL for a coupon (Corporate actions, opened prefilled): kind coupon, its number, record
 * date, rate per unit (payment-token base units per whole token) and, once recorded, its record block.
 */
export function payCouponHref(token: string, c: CouponDto): string {
  const qs = new URLSearchParams({
    distribution: "new",
    kind: "coupon",
    coupon: String(c.number),
    recordDate: c.recordDay,
    ratePerUnit: c.amountPerUnit,
  });
  if (c.recordBlock !== null) qs.set("recordBlock", c.recordBlock);
  return `/issuer/assets/${token}/corporate-actions?${qs.toString()}`;
}

function StatusCell({ c }: { c: CouponDto }) {
  if (c.status === "paid") return <span className="badge ok">Paid</span>;
  if (c.status === "record-date-passed") {
    return (
      <span className="badge warn">
        Record date passed{c.recordBlock !== null ? ` (block ${c.recordBlock})` : ""}
      </span>
    );
  }
  return <span className="badge">Upcoming</span>;
}

/**
 * "Coupon calendar": each coupon of the schedule (from the terms: dates stepped from the issue date, a short final
 * stub, record dates one business day before payment) with its period, record and payment dates, amount per unit and
 * total for the current supply in the payment token, its status, and for a coupon whose record date passed and is not
 * paid a "Pay coupon" link into the distribution wizard.
 */
export function CouponCalendarCard({ bond: b }: { bond: BondResponse }) {
  const t = b.terms!;
  return (
    <section className="card" aria-labelledby="coupon-calendar-heading">
      <h2 id="coupon-calendar-heading">Coupon calendar</h2>
      {b.coupons.length === 0 ? (
        <p role="status" aria-label="Coupon calendar status" className="notice">
          A zero-coupon bond: no coupons, the face value is paid at maturity.
        </p>
      ) : (
        <>
          <p className="hint">
            Totals for the current supply of {formatAmount(b.totalSupply, b.decimals)} {b.symbol}. Record dates are one business day before payment;
            holdings count at the end of the record day. Each coupon is paid as a distribution.
          </p>
          <div className="table-wrap">
            <table aria-label="Coupon calendar">
              <thead>
                <tr>
                  <th scope="col">Coupon</th>
                  <th scope="col">Period</th>
                  <th scope="col">Record date</th>
                  <th scope="col">Payment date</th>
                  <th scope="col" className="num">
                    Per unit
                  </th>
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {b.coupons.map((c) => (
                  <tr key={c.number}>
                    <td>
                      Coupon {c.number}
                      {c.stub ? <div className="hint">short stub</div> : null}
                    </td>
                    <td>
                      {new Date(c.periodStart * 1000).toISOString().slice(0, 10)} → {c.paymentDay}
                    </td>
                    <td>{c.recordDay}</td>
                    <td>{c.paymentDay}</td>
                    <td className="num">{money(t.paymentToken, c.amountPerUnit)}</td>
                    <td className="num">{money(t.paymentToken, c.totalForSupply)}</td>
                    <td>
                      <StatusCell c={c} />
                    </td>
                    <td>
                      {c.status === "record-date-passed" && (b.you.corporateActions || b.you.admin) ? (
                        <Link href={payCouponHref(b.token, c)}>Pay coupon {c.number}</Link>
                      ) : (
                        <span className="hint">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
