import type { Metadata } from "next";
import { InvestorView } from "@/components/investor/investor-view";

export const metadata: Metadata = { title: "Investor app" };

/** Investor app: the connected wallet's holdings and transfers with a compliance pre-check. */
export default function InvestorPage() {
  return (
    <main className="page">
      <h1>Investor app</h1>
      <p className="lead">Your holdings, and transfers checked against each asset&apos;s rules before you sign.</p>
      <InvestorView />
    </main>
  );
}
