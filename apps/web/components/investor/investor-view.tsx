"use client";

import { useConnection } from "wagmi";
import { HoldingsTable } from "./holdings-table";
import { Onboarding } from "./onboarding";
import { TransferForm } from "./transfer-form";

/** Investor app body: onboarding, then holdings and transfer for the connected wallet. */
export function InvestorView() {
  const { address, isConnected } = useConnection();
  const wallet = isConnected ? address : undefined;
  return (
    <div className="grid">
      <Onboarding />
      <div className="grid two">
        <HoldingsTable wallet={wallet} />
        <TransferForm wallet={wallet} />
      </div>
    </div>
  );
}
