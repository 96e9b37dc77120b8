"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useBond } from "@/lib/bond/queries";
import { useActiveSession } from "@/lib/client/session";
import type { AssetDto } from "@/lib/shared/api-types";
import { QueryNotice } from "../query-notice";
import { BondTermsCard } from "./bond-terms-card";
import { CouponCalendarCard } from "./coupon-calendar-card";
import { MaturityCard } from "./maturity-card";

/** Asset class of a bond (AssetClass of @tessera/contracts). */
const BOND = 1;

/**
 * Corporate actions › Bond: terms (the form until they are set, once), coupon calendar (schedule, record dates, status,
 * "Pay coupon" into the distribution wizard) and maturity (funding, redemption of holders, reclaim) of a bond asset.
 * Nothing for other asset classes.
 */
export function IssuerBond({ asset }: { asset: AssetDto }) {
  const isBond = asset.assetClass === BOND;
  const { session } = useActiveSession(asset.token);
  const q = useBond(asset.token, session?.address, isBond);
  const client = useQueryClient();
  if (!isBond) return null;
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["bond", asset.token.toLowerCase()] });
    void client.invalidateQueries({ queryKey: ["asset", asset.token.toLowerCase()] });
  };
  if (!session) {
    return (
      <section className="card" aria-labelledby="bond-terms-heading">
        <h2 id="bond-terms-heading">Bond terms</h2>
        <p className="notice" aria-label="Bond access">
          Sign in (top right) to see {asset.symbol}&apos;s terms, coupon calendar and maturity.
        </p>
      </section>
    );
  }
  const b = q.data;
  return (
    <div className="grid">
      <QueryNotice isPending={q.isPending} error={q.error} what="the bond" />
      {b ? (
        <>
          <BondTermsCard bond={b} onChanged={refresh} />
          {b.terms ? (
            <>
              <CouponCalendarCard bond={b} />
              <MaturityCard bond={b} onChanged={refresh} />
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
