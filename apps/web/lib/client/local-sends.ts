"use client";

import { useCallback, useEffect, useState } from "react";
import type { TransferRow } from "../shared/crosschain";

/** A cross-chain transfer this browser sent, kept until the index shows it (chain-only status meanwhile). */
export interface LocalSend extends TransferRow {
  /** The asset's bridges on the source and destination chains (for the SDK's chain-only status). */
  sourceBridge: string;
  destinationBridge: string;
  /** The source block of the send: where the chain-only status scans from. */
  sourceBlock: string;
}

const key = (wallet: string) => `tessera.crosschainSends.${wallet.toLowerCase()}`;
/** At most this many sends are remembered per wallet (the newest). */
const KEEP = 20;

function load(wallet: string | undefined): LocalSend[] {
  if (!wallet || typeof window === "undefined") return [];
  try {
    const v = JSON.parse(window.localStorage.getItem(key(wallet)) ?? "[]") as unknown;
    return Array.isArray(v) ? (v as LocalSend[]) : [];
  } catch {
    return [];
  }
}

/** The wallet's remembered cross-chain sends (newest first) and a function to add one. */
export function useLocalSends(wallet: string | undefined): [LocalSend[], (s: LocalSend) => void] {
  const [sends, setSends] = useState<LocalSend[]>([]);
  useEffect(() => setSends(load(wallet)), [wallet]);
  const add = useCallback(
    (s: LocalSend) => {
      if (!wallet) return;
      const next = [s, ...load(wallet).filter((o) => o.messageId !== s.messageId)].slice(0, KEEP);
      try {
        window.localStorage.setItem(key(wallet), JSON.stringify(next));
      } catch {
        /* storage unavailable: kept in memory only */
      }
      setSends(next);
    },
    [wallet],
  );
  return [sends, add];
}
