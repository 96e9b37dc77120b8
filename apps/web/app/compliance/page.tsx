import type { Metadata } from "next";
import { InvestorsTable } from "@/components/compliance/investors-table";
import { RegisterInvestorForm } from "@/components/compliance/register-investor-form";
import { AuditLog } from "@/components/audit/audit-log";
import { OnboardingQueue } from "@/components/compliance/onboarding-queue";
import { InvestorImport } from "@/components/compliance/investor-import";
import { KycRenewalPanel } from "@/components/compliance/kyc-renewal";
import { FreezePanel } from "@/components/compliance/freeze-panel";
import { ApprovalQueue } from "@/components/compliance/approval-queue";

export const metadata: Metadata = { title: "Compliance console" };

/** Compliance console: register investors and review the identity registry. */
export default function CompliancePage() {
  return (
    <main className="page">
      <h1>Compliance console</h1>
      <p className="lead">Register investors in the identity registry with their country and KYC expiry. Only verified wallets can receive tokens.</p>
      <div className="grid">
        <OnboardingQueue />
        <RegisterInvestorForm />
        <InvestorImport />
        <InvestorsTable />
        <KycRenewalPanel />
        <FreezePanel />
        <ApprovalQueue />
        <AuditLog />
      </div>
    </main>
  );
}
