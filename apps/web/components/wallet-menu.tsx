"use client";

import { useState } from "react";
import { useConnect, useConnection, useConnectors, useDisconnect } from "wagmi";
import { DEV_ACCOUNT_STORAGE_KEY } from "@/lib/client/wagmi-config";
import { DEV_ACCOUNTS, devAccountLabel, devConnectorId } from "@/lib/shared/dev-accounts";
import { explainUnknown } from "@/lib/client/errors";
import { useSignOut } from "@/lib/client/session";
import { useRuntimeConfig } from "./runtime-config";
import { SessionMenu } from "./session-menu";
import styles from "./header.module.css";

function remember(id: string | null) {
  try {
    if (id) window.localStorage.setItem(DEV_ACCOUNT_STORAGE_KEY, id);
    else window.localStorage.removeItem(DEV_ACCOUNT_STORAGE_KEY);
  } catch {
    /* storage unavailable: nothing to remember */
  }
}

/** Wallet menu: pick an anvil dev account (local chain) or a browser wallet; shows the connected address. */
export function WalletMenu() {
  const { chainId } = useRuntimeConfig();
  const connection = useConnection();
  const connectors = useConnectors();
  const connect = useConnect();
  const disconnect = useDisconnect();
  const signOut = useSignOut();
  const [error, setError] = useState<string | null>(null);
  const isDev = chainId === 31337;
  const connectedId = connection.isConnected ? connection.connector?.id : undefined;
  const selected = connectedId?.startsWith("dev-account-") ? connectedId : "";

  async function connectTo(id: string) {
    setError(null);
    const connector = connectors.find((c) => c.id === id);
    if (!connector) {
      setError(id === "injected" ? "No browser wallet found." : "Unknown account.");
      return;
    }
    try {
      if (connection.isConnected) await disconnect.mutateAsync();
      // Ask the wallet for the configured chain right away (a browser wallet may sit on another chain).
      await connect.mutateAsync({ connector, chainId });
      remember(id.startsWith("dev-account-") ? id : null);
    } catch (err) {
      setError(explainUnknown(err));
    }
  }

  async function onDisconnect() {
    setError(null);
    remember(null);
    try {
      // Disconnecting ends the session too: the next person at this browser starts signed out.
      await signOut.mutateAsync().catch(() => undefined);
      await disconnect.mutateAsync();
    } catch (err) {
      setError(explainUnknown(err));
    }
  }

  const busy = connect.isPending || disconnect.isPending;
  // The select already names a dev account; name it in the status only when connected another way.
  const label = selected ? undefined : devAccountLabel(connection.address);

  return (
    <div className={styles.wallet}>
      {isDev && (
        <div className={styles.walletField}>
          <label htmlFor="dev-account">Dev account</label>
          <select
            id="dev-account"
            value={selected}
            disabled={busy}
            onChange={(e) => {
              if (e.target.value) void connectTo(e.target.value);
            }}
          >
            <option value="">Choose an account…</option>
            {DEV_ACCOUNTS.map((d) => (
              <option key={d.index} value={devConnectorId(d.index)}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="button" className="btn-secondary" disabled={busy} onClick={() => void connectTo("injected")}>
        Browser wallet
      </button>
      <div role="status" aria-label="Wallet" className={styles.walletStatus}>
        {connection.isConnected && connection.address ? (
          <>
            <span className={styles.connectedDot} aria-hidden="true" />
            Connected: <code title={connection.address}>{connection.address}</code>
            {label ? <span className={styles.walletRole}> ({label})</span> : null}
          </>
        ) : connection.status === "connecting" || connection.status === "reconnecting" || busy ? (
          "Connecting…"
        ) : (
          "Not connected"
        )}
      </div>
      {connection.isConnected && (
        <button type="button" className="btn-secondary" disabled={busy} onClick={() => void onDisconnect()}>
          Disconnect
        </button>
      )}
      <SessionMenu />
      {error && (
        <p role="alert" className={styles.walletError}>
          {error}
        </p>
      )}
    </div>
  );
}
