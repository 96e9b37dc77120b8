"use client";

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

/** Navigation between the sections of the investor app (navigation landmark "Investor sections"). */
export function InvestorTabs() {
  return <TabBar label="Investor sections" tabs={INVESTOR_SECTIONS} />;
}
