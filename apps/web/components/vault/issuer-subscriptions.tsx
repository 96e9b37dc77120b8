"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useActiveSession } from "@/lib/client/session";
import { useVault } from "@/lib/vault/queries";
import type { AssetDto } from "@/lib/shared/api-types";
import { EmptyState } from "../empty-state";
import { QueryNotice } from "../query-notice";
import { DealingTermsCard } from "./dealing-terms-card";
import { VaultNavCard } from "./vault-nav-card";
import { VaultQueueCard } from "./vault-queue-card";

/**
 * Issuer › Subscriptions: the asset's vault (NAV per share and its updates, dealing terms, the queue of Pending
 * requests with fulfilment), or an empty state when the asset has no vault.
 */
export function IssuerSubscriptions({ asset }: { asset: AssetDto }) {
  const { session } = useActiveSession(asset.token);
  const q = useVault(asset.token, session?.address);
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["vault", asset.token.toLowerCase()] });
    void client.invalidateQueries({ queryKey: ["vault-queue", asset.token.toLowerCase()] });
  };
  if (!session) {
    return (
      <section className="card" aria-labelledby="subscriptions-heading">
        <h2 id="subscriptions-heading">Subscriptions and redemptions</h2>
        <p className="notice" aria-label="Vault access">
          Sign in (top right) to see {asset.symbol}&apos;s vault: its NAV per share, dealing terms and the queue of requests.
        </p>
      </section>
    );
  }
  const v = q.data?.vault;
  if (q.data && !v) {
    return (
      <EmptyState id="subscriptions-heading" title="Subscriptions and redemptions">
        {asset.symbol} has no subscription and redemption vault. Once its issuer deploys one (VaultFactory), investors&apos; requests wait here until
        they are fulfilled at the NAV of the dealing date.
      </EmptyState>
    );
  }
  return (
    <div className="grid">
      <QueryNotice isPending={q.isPending} error={q.error} what="the vault" />
      {v ? (
        <>
          <VaultQueueCard vault={v} onChanged={refresh} />
          <div className="grid halves">
            <VaultNavCard vault={v} onChanged={refresh} />
            <DealingTermsCard vault={v} />
          </div>
        </>
      ) : null}
    </div>
  );
}
