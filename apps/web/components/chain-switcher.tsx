"use client";

import { usePathname } from "next/navigation";
import { useState } from "react";
import { useConnection, useSwitchChain } from "wagmi";
import { explainUnknown } from "@/lib/client/errors";
import { chainLabel, type ChainInfo } from "@/lib/shared/chains";
import { useRuntimeConfig } from "./runtime-config";
import styles from "./header.module.css";

/** Pages whose data spans every served chain (the cross-chain screens); every other page shows the home chain's. */
const ALL_CHAINS_PAGES = [/^\/investor\/crosschain(\/|$)/, /^\/issuer\/assets\/[^/]+\/chains(\/|$)/];

/** The served chains (home chain first), and the home chain. */
export function useServedChains(): { chains: ChainInfo[]; home: ChainInfo } {
  const rt = useRuntimeConfig();
  const chains = rt.chains?.length ? rt.chains : [{ chainId: rt.chainId, rpcUrl: rt.rpcUrl, name: "L1", home: true }];
  return { chains, home: chains.find((c) => c.home) ?? chains[0]! };
}

/**
 * The button that asks the wallet to move to `chain` (wagmi `switchChain`; a browser wallet asks its user), with
 * the failure in words. Shown by the header and by forms that send on another chain than the wallet's.
 */
export function SwitchChainButton({ chain, className }: { chain: ChainInfo; className?: string }) {
  const switchChain = useSwitchChain();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className={className ?? "btn-secondary"}
        disabled={switchChain.isPending}
        onClick={() => {
          setError(null);
          switchChain.mutate({ chainId: chain.chainId }, { onError: (err) => setError(explainUnknown(err)) });
        }}
      >
        {switchChain.isPending ? `Switching to ${chain.name}…` : `Switch wallet to ${chain.name}`}
      </button>
      {error ? (
        <span role="alert" className={styles.walletError}>
          The wallet did not switch to {chain.name}: {error}
        </span>
      ) : null}
    </>
  );
}

/**
 * Chain switcher (header, every app), shown when the app serves more than one chain: which chain the page's data is
 * on (the home chain, or every chain on the cross-chain screens), which chain the wallet is on, and a button to move
 * the wallet to each other served chain. The wallet being elsewhere than the home chain on a home-chain page is
 * pointed out (its forms send on the home chain).
 */
export function ChainSwitcher() {
  const { chains, home } = useServedChains();
  const pathname = usePathname() ?? "/";
  const connection = useConnection();
  if (chains.length < 2) return null;
  const allChains = ALL_CHAINS_PAGES.some((re) => re.test(pathname));
  const walletChain = connection.isConnected ? chains.find((c) => c.chainId === connection.chainId) : undefined;
  const offWrongChain = connection.isConnected && !allChains && connection.chainId !== home.chainId;
  return (
    <div role="group" aria-label="Chains" className={styles.chains}>
      <span role="status" aria-label="Page data chain" className={styles.chainBadge} title="The chain this page's data is read from">
        Data: {allChains ? chains.map((c) => c.name).join(" + ") : chainLabel(home)}
      </span>
      {connection.isConnected ? (
        <span role="status" aria-label="Connected chain" className={`${styles.chainBadge} ${offWrongChain ? styles.chainWarn : ""}`}>
          {walletChain ? `Wallet on ${chainLabel(walletChain)}` : `Wallet on chain ${connection.chainId ?? "?"} (not served here)`}
          {offWrongChain ? ` · this page sends on ${home.name}` : ""}
        </span>
      ) : null}
      {connection.isConnected
        ? chains.filter((c) => c.chainId !== connection.chainId).map((c) => <SwitchChainButton key={c.chainId} chain={c} />)
        : null}
    </div>
  );
}
