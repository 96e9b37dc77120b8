import type { Metadata } from "next";
import { InvestorCrosschainSection } from "@/components/investor/investor-view";

export const metadata: Metadata = { title: "Cross-chain · Investor app" };

/** Investor app, cross-chain: move an asset's tokens between the chains it is enabled on, and follow each transfer. */
export default function InvestorCrosschainPage() {
  return <InvestorCrosschainSection />;
}
