import type { Metadata } from "next";
import { InvestorTrades } from "@/components/investor/investor-view";

export const metadata: Metadata = { title: "Trades · Investor app" };

/** Investor app, trades: delivery-versus-payment offers between investors. */
export default function InvestorTradesPage() {
  return <InvestorTrades />;
}
