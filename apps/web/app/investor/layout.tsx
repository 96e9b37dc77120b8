import type { ReactNode } from "react";
import { InvestorTabs } from "@/components/investor/investor-tabs";

/**
 * Investor app: its heading and section links around each section. The wallet connection and the session live in the
 * root providers, so they stay as the investor moves between sections.
 */
export default function InvestorLayout({ children }: { children: ReactNode }) {
  return (
    <main className="page">
      <h1>Investor app</h1>
      <p className="lead">Your holdings, and transfers checked against each asset&apos;s rules before you sign.</p>
      <InvestorTabs />
      {children}
    </main>
  );
}
