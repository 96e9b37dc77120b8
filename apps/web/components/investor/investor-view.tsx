"use client";

import { useConnection } from "wagmi";
import { useActiveSession } from "@/lib/client/session";
import { AssetDocuments } from "./asset-documents";
import { HoldingsTable } from "./holdings-table";
import { MyKyc, useMyKyc } from "./my-kyc";
import { Onboarding } from "./onboarding";
import { TransferForm } from "./transfer-form";
import { TransferHistory } from "./transfer-history";

/**
 * Investor app body: signed in, the wallet's own KYC first (verified until, expiring soon, expired); onboarding (the
 * application form) only for a wallet the registry does not know yet (or before sign-in); the portfolio (holdings with values when signed in) and the transfer form; then,
 * signed in, the wallet's own history and its assets' documents.
 */
export function InvestorView() {
  const { address, isConnected } = useConnection();
  const wallet = isConnected ? address : undefined;
  const { session } = useActiveSession();
  const signedIn = Boolean(session && wallet);
  const kyc = useMyKyc(signedIn ? session!.address : null);
  // A registered investor sees their KYC first, and never the application form (the form waits for the answer).
  const registered = !signedIn ? undefined : kyc.data ? kyc.data.status !== "unregistered" : kyc.error ? false : undefined;
  return (
    <div className="grid">
      {signedIn ? <MyKyc q={kyc} /> : null}
      <Onboarding registered={registered} />
      <HoldingsTable wallet={wallet} />
      <div className="grid two">
        <TransferForm wallet={wallet} />
        <AssetDocuments wallet={wallet} signedIn={signedIn} />
      </div>
      <TransferHistory wallet={wallet} signedIn={signedIn} />
    </div>
  );
}
