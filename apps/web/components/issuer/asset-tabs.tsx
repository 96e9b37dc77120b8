"use client";

import { useServedChains } from "../chain-switcher";
import { TabBar, type Tab } from "../tab-bar";

/** The sections of an asset's page, each a route under /issuer/assets/[token] ("" is the overview itself). */
export const ASSET_SECTIONS = [
  { segment: "", label: "Overview" },
  { segment: "holders", label: "Holders" },
  { segment: "transactions", label: "Transactions" },
  { segment: "corporate-actions", label: "Corporate actions" },
  { segment: "subscriptions", label: "Subscriptions" },
  { segment: "compliance", label: "Compliance" },
  { segment: "documents", label: "Documents" },
] as const;

/** The path of one section of an asset's page. */
export function assetSectionPath(token: string, segment: (typeof ASSET_SECTIONS)[number]["segment"]): string {
  return segment ? `/issuer/assets/${token}/${segment}` : `/issuer/assets/${token}`;
}

/** The path of an asset's "Chains" section (listed when the app serves more than one chain). */
export function assetChainsPath(token: string): string {
  return `/issuer/assets/${token}/chains`;
}

/**
 * Navigation between the sections of one asset's page (navigation landmark "Asset sections"); "Chains" last when the
 * app serves more than one chain.
 */
export function AssetTabs({ token }: { token: string }) {
  const { chains } = useServedChains();
  const tabs: Tab[] = ASSET_SECTIONS.map((s) => ({ href: assetSectionPath(token, s.segment), label: s.label, exact: s.segment === "" }));
  if (chains.length > 1) tabs.push({ href: assetChainsPath(token), label: "Chains" });
  return <TabBar label="Asset sections" tabs={tabs} />;
}
