import type { Metadata } from "next";
import { AssetSubscriptions } from "@/components/issuer/asset-detail";

export const metadata: Metadata = { title: "Subscriptions · Asset" };

/** Subscriptions and redemptions of an asset, and its NAV. */
export default function AssetSubscriptionsPage() {
  return <AssetSubscriptions />;
}
