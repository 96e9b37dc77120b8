import type { Metadata } from "next";
import { AssetOverview } from "@/components/issuer/asset-detail";

export const metadata: Metadata = { title: "Overview · Asset" };

/** Overview of an asset: its figures and the dashboard. */
export default function AssetOverviewPage() {
  return <AssetOverview />;
}
