import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AssetShell } from "@/components/issuer/asset-detail";

/**
 * Issuer pages of one asset: the token address is checked here, once for every section (anything but a 0x address of
 * 40 hex digits is a 404); the header and the section links come from AssetShell, the data from the API on the client.
 */
export default async function AssetLayout({ children, params }: { children: ReactNode; params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!/^0x[0-9a-fA-F]{40}$/.test(token)) notFound();
  return <AssetShell token={token.toLowerCase()}>{children}</AssetShell>;
}
