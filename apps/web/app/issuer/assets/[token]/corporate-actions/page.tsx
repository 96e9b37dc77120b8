import type { Metadata } from "next";
import { AssetCorporateActions } from "@/components/issuer/asset-detail";

export const metadata: Metadata = { title: "Corporate actions · Asset" };

/** Corporate actions of an asset: distributions and coupons. */
export default function AssetCorporateActionsPage() {
  return <AssetCorporateActions />;
}
