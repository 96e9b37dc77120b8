import type { Metadata } from "next";
import { AssetTransactions } from "@/components/issuer/asset-detail";

export const metadata: Metadata = { title: "Transactions · Asset" };

/** Transactions of an asset: the audit log of its agent operations. */
export default function AssetTransactionsPage() {
  return <AssetTransactions />;
}
