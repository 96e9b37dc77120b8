import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AssetDetail } from "@/components/issuer/asset-detail";

export const metadata: Metadata = { title: "Asset" };

/** Issuer page of one asset (the token address is checked here; data comes from the API on the client). */
export default async function AssetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!/^0x[0-9a-fA-F]{40}$/.test(token)) notFound();
  return <AssetDetail token={token.toLowerCase()} />;
}
