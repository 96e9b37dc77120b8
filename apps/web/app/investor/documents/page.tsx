import type { Metadata } from "next";
import { InvestorDocuments } from "@/components/investor/investor-view";

export const metadata: Metadata = { title: "Documents · Investor app" };

/** Investor app, documents: the assets' documents and the investor's ID documents. */
export default function InvestorDocumentsPage() {
  return <InvestorDocuments />;
}
