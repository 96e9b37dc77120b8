import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AssetDetail } from "@/components/issuer/asset-detail";

export const metadata: Metadata = { title: "Asset" };

/** Issuer page of one asset (the address is checked here; data comes from the API on the client). */
export default async function AssetPage({ params }: { params: Promise<{ address: string }> }) {
  const { address } = await params;
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) notFound();
  return <AssetDetail token={address.toLowerCase()} />;
}
