"use client";

import { InvestorBonds } from "@/components/bond/investor-bonds";
import { CashHistory } from "@/components/cash/cash-history";
import { InvestorDistributionsPanel } from "@/components/distribution/investor-distributions";
import { InvestorTradesPanel } from "@/components/dvp/investor-trades";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useConnection } from "wagmi";
import { apiGet } from "@/lib/client/api";
import { useActiveSession } from "@/lib/client/session";
import type { ApplicationDto } from "@/lib/shared/api-types";
import { InvestorCrosschain } from "../crosschain/investor-crosschain";
import { QueryNotice } from "../query-notice";
import { InvestorOrdersView } from "../vault/investor-orders";
import { AssetDocuments } from "./asset-documents";
import { HoldingsTable } from "./holdings-table";
import { MyIdDocuments } from "./id-documents";
import { kycStatusText, MyKyc, useMyKyc } from "./my-kyc";
import { Onboarding } from "./onboarding";
import { TransferForm } from "./transfer-form";
import { TransferHistory } from "./transfer-history";
import { INVESTOR_PROFILE_PATH } from "./investor-tabs";

/**
 * The investor the app shows: the connected wallet (the connection lives in the root providers, so it stays while
 * moving between sections) and whether it is signed in as that wallet.
 */
function useInvestor() {
  const { address, isConnected } = useConnection();
  const wallet = isConnected ? address : undefined;
  const { session } = useActiveSession();
  const signedIn = Boolean(session && wallet);
  return { wallet, signedIn, sessionAddress: signedIn ? session!.address : null };
}

/**
 * Whether a signed-in wallet is registered (from its KYC status), `undefined` while that is unknown or signed out: a
 * registered investor never sees the application form (the form waits for the answer).
 */
function registeredOf(signedIn: boolean, kyc: ReturnType<typeof useMyKyc>): boolean | undefined {
  if (!signedIn) return undefined;
  if (kyc.data) return kyc.data.status !== "unregistered";
  return kyc.error ? false : undefined;
}

/**
 * Portfolio: the connected wallet's holdings (with values once signed in), the transfer form with its compliance
 * pre-check, and the wallet's own history. Signed in, a KYC that needs attention (not registered, expiring, expired)
 * is pointed out first, with the way to the profile.
 */
export function InvestorPortfolio() {
  const { wallet, signedIn, sessionAddress } = useInvestor();
  const kyc = useMyKyc(sessionAddress);
  const k = kyc.data;
  const reminder =
    !k || k.status === "verified"
      ? null
      : k.status === "unregistered"
        ? "Your wallet is not registered as an investor yet: apply in your profile."
        : kycStatusText(k);
  return (
    <div className="grid">
      {signedIn && reminder ? (
        <p role="status" aria-label="Profile reminder" className={`notice ${k?.status === "expiring" ? "warn" : k?.status === "expired" ? "error" : ""}`}>
          {reminder} <Link href={INVESTOR_PROFILE_PATH}>Open your profile</Link>
        </p>
      ) : null}
      <HoldingsTable wallet={wallet} />
      <InvestorBonds wallet={wallet} signedIn={signedIn} />
      <div className="narrow">
        <TransferForm wallet={wallet} />
      </div>
      <TransferHistory wallet={wallet} signedIn={signedIn} />
      <CashHistory wallet={wallet} signedIn={signedIn} />
    </div>
  );
}

/** Orders: subscribe to and redeem from a fund's vault, the wallet's orders now (cancel, claim) and their history. */
export function InvestorOrders() {
  const { wallet, signedIn } = useInvestor();
  return <InvestorOrdersView wallet={wallet} signedIn={signedIn} />;
}

/** Distributions: dividends and coupons on the assets held (components/distribution). */
export function InvestorDistributions() {
  return <InvestorDistributionsPanel />;
}

/** Trades: delivery-versus-payment offers between investors (components/dvp). */
export function InvestorTrades() {
  return <InvestorTradesPanel />;
}

/**
 * "ID documents": the files the signed-in wallet sent with its latest application (and, while it is pending, the form
 * to add more). The application query is the one Onboarding polls (same key), so both sections share it.
 */
function MyIdDocumentsCard({ signedIn, sessionAddress }: { signedIn: boolean; sessionAddress: string | null }) {
  const mine = useQuery({
    queryKey: ["applications", "mine", sessionAddress],
    queryFn: ({ signal }) => apiGet<{ applications: ApplicationDto[] }>("/api/applications/mine", signal),
    enabled: signedIn,
    refetchInterval: 3000,
  });
  const latest = mine.data?.applications[0];
  return (
    <section className="card" aria-labelledby="id-documents-heading">
      <h2 id="id-documents-heading">ID documents</h2>
      {!signedIn || !sessionAddress ? (
        <p className="notice" aria-label="ID documents access">
          Sign in with your wallet to see the ID documents you sent with your application.
        </p>
      ) : (
        <>
          <QueryNotice isPending={mine.isPending} error={mine.error} what="your application" />
          {latest ? (
            <MyIdDocuments wallet={sessionAddress} pending={latest.status === "pending"} />
          ) : mine.data ? (
            <p className="hint">
              No application, so no ID documents. You send them with your application in your <Link href={INVESTOR_PROFILE_PATH}>profile</Link>.
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

/** Documents: the ERC-1643 documents of the assets the wallet holds or held, and the investor's own ID documents. */
export function InvestorDocuments() {
  const { wallet, signedIn, sessionAddress } = useInvestor();
  return (
    <div className="grid">
      <AssetDocuments wallet={wallet} signedIn={signedIn} />
      <MyIdDocumentsCard signedIn={signedIn} sessionAddress={sessionAddress} />
    </div>
  );
}

/**
 * Profile: signed in, the wallet's own KYC first (verified until, expiring soon, expired); then onboarding (the
 * application form) only for a wallet the registry does not know yet (or before sign-in), or the application's outcome.
 */
export function InvestorProfile() {
  const { signedIn, sessionAddress } = useInvestor();
  const kyc = useMyKyc(sessionAddress);
  return (
    <div className="grid">
      {signedIn ? <MyKyc q={kyc} /> : null}
      <Onboarding registered={registeredOf(signedIn, kyc)} />
    </div>
  );
}

/** Cross-chain: move tokens between the chains an asset is enabled on, and the wallet's cross-chain transfers. */
export function InvestorCrosschainSection() {
  const { wallet, signedIn } = useInvestor();
  return <InvestorCrosschain wallet={wallet} signedIn={signedIn} />;
}
