"use client";

import { useConnection } from "wagmi";
import { useActiveSession } from "@/lib/client/session";
import { AssetDocuments } from "./asset-documents";
import { HoldingsTable } from "./holdings-table";
import { Onboarding } from "./onboarding";
import { TransferForm } from "./transfer-form";
import { TransferHistory } from "./transfer-history";

/**
 * Investor app body: onboarding; the portfolio (holdings with values when signed in) and the transfer form; then,
 * signed in, the wallet's own history and its assets' documents.
 */
export function InvestorView() {
  const { address, isConnected } = useConnection();
  const wallet = isConnected ? address : undefined;
  const { session } = useActiveSession();
  const signedIn = Boolean(session && wallet);
  return (
    <div className="grid">
      <Onboarding />
      <HoldingsTable wallet={wallet} />
      <div className="grid two">
        <TransferForm wallet={wallet} />
        <AssetDocuments wallet={wallet} signedIn={signedIn} />
      </div>
      <TransferHistory wallet={wallet} signedIn={signedIn} />
    </div>
  );
}
