import type { Metadata } from "next";
import { InvestorProfile } from "@/components/investor/investor-view";

export const metadata: Metadata = { title: "Profile · Investor app" };

/** Investor app, profile: KYC status and onboarding. */
export default function InvestorProfilePage() {
  return <InvestorProfile />;
}
