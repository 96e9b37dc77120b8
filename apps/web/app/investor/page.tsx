import type { Metadata } from "next";
import { InvestorPortfolio } from "@/components/investor/investor-view";

export const metadata: Metadata = { title: "Portfolio · Investor app" };

/** Investor app, portfolio: the connected wallet's holdings, transfers with a compliance pre-check, and its history. */
export default function InvestorPortfolioPage() {
  return <InvestorPortfolio />;
}
