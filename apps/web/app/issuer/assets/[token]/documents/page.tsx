import type { Metadata } from "next";
import { AssetDocumentsSection } from "@/components/issuer/asset-detail";

export const metadata: Metadata = { title: "Documents · Asset" };

/** Documents of an asset (ERC-1643). */
export default function AssetDocumentsPage() {
  return <AssetDocumentsSection />;
}
