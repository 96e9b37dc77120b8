import type { Metadata } from "next";
import { InvestorDistributions } from "@/components/investor/investor-view";

export const metadata: Metadata = { title: "Distributions · Investor app" };

/** Investor app, distributions: dividends and coupons on the assets held. */
export default function InvestorDistributionsPage() {
  return <InvestorDistributions />;
}
