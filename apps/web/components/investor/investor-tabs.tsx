"use client";

import { useServedChains } from "../chain-switcher";
import { TabBar, type Tab } from "../tab-bar";

/** The investor's profile (KYC and onboarding), where other sections send a wallet whose KYC needs attention. */
export const INVESTOR_PROFILE_PATH = "/investor/profile";

/** The sections of the investor app, each a route under /investor. */
export const INVESTOR_SECTIONS: readonly Tab[] = [
  { href: "/investor", label: "Portfolio", exact: true },
  { href: "/investor/orders", label: "Orders" },
  { href: "/investor/distributions", label: "Distributions" },
  { href: "/investor/trades", label: "Trades" },
  { href: "/investor/documents", label: "Documents" },
  { href: INVESTOR_PROFILE_PATH, label: "Profile" },
];

/** The cross-chain section, listed when the app serves more than one chain. */
export const INVESTOR_CROSSCHAIN_SECTION: Tab = { href: "/investor/crosschain", label: "Cross-chain" };

/**
 * Navigation between the sections of the investor app (navigation landmark "Investor sections"); "Cross-chain" after
 * Trades when the app serves more than one chain.
 */
export function InvestorTabs() {
  const { chains } = useServedChains();
  const tabs = chains.length > 1 ? [...INVESTOR_SECTIONS.slice(0, 4), INVESTOR_CROSSCHAIN_SECTION, ...INVESTOR_SECTIONS.slice(4)] : INVESTOR_SECTIONS;
  return <TabBar label="Investor sections" tabs={tabs} />;
}
