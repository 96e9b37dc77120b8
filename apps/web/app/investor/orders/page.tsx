import type { Metadata } from "next";
import { InvestorOrders } from "@/components/investor/investor-view";

export const metadata: Metadata = { title: "Orders · Investor app" };

/** Investor app, orders: subscriptions and redemptions. */
export default function InvestorOrdersPage() {
  return <InvestorOrders />;
}
