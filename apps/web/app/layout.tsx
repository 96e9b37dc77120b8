import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Header } from "@/components/header";
import { IndexerStatus } from "@/components/indexer-status";
import { Providers } from "@/components/providers";
import { readRuntimeConfig } from "@/lib/config/read-deployments";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tessera", template: "%s · Tessera" },
  description: "Issue, hold and transfer compliant ERC-3643 security tokens.",
};

/** Root layout: reads the runtime configuration per request and hands it to the client providers. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  const runtime = await readRuntimeConfig();
  return (
    <html lang="en">
      <body>
        <Providers runtime={runtime}>
          <Header />
          {runtime.deploymentsProblem ? (
            <div className="banner">
              <p role="alert" className="notice warn">
                {runtime.deploymentsProblem} Deploy the platform first (npm start does it), then reload.
              </p>
            </div>
          ) : null}
          {children}
          <footer className="footer">
            Chain {runtime.chainId} · RPC {runtime.rpcUrl} · <IndexerStatus />
          </footer>
        </Providers>
      </body>
    </html>
  );
}
