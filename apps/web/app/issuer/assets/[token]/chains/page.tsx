import type { Metadata } from "next";
import { AssetChainsSection } from "@/components/issuer/asset-detail";

export const metadata: Metadata = { title: "Chains · Asset" };

/** Chains of an asset: supply per chain, tokens in transit, holders by identity across chains. */
export default function AssetChainsPage() {
  return <AssetChainsSection />;
}
