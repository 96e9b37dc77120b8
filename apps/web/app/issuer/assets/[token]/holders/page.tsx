import type { Metadata } from "next";
import { AssetHolders } from "@/components/issuer/asset-detail";

export const metadata: Metadata = { title: "Holders · Asset" };

/** Holders of an asset: the cap table (live or at a record date), ownership, and issuance. */
export default function AssetHoldersPage() {
  return <AssetHolders />;
}
