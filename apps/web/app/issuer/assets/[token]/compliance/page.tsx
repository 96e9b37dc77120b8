import type { Metadata } from "next";
import { AssetCompliance } from "@/components/issuer/asset-detail";

export const metadata: Metadata = { title: "Compliance · Asset" };

/** Compliance of an asset: its transfer rules and the agent operations. */
export default function AssetCompliancePage() {
  return <AssetCompliance />;
}
