import type { Metadata } from "next";
import { AssetList } from "@/components/issuer/asset-list";
import { CreateAssetWizard } from "@/components/issuer/create-asset-wizard";

export const metadata: Metadata = { title: "Issuer portal" };

/** Issuer portal: the chain's assets and the wizard to create one. */
export default function IssuerPage() {
  return (
    <main className="page">
      <h1>Issuer portal</h1>
      <p className="lead">Create security tokens with their transfer rules, issue them to verified investors, follow the cap table.</p>
      <div className="grid">
        <AssetList />
        <CreateAssetWizard />
      </div>
    </main>
  );
}
