"use client";

import { useIndexerStatus } from "@/lib/client/queries";

/** Footer line with the indexer's last block (polled). */
export function IndexerStatus() {
  const q = useIndexerStatus();
  const text = q.error
    ? "Indexer status unavailable"
    : !q.data
      ? "Indexer: …"
      : q.data.lastBlock === null
        ? "Indexer: not started yet"
        : `Indexed to block ${q.data.lastBlock}`;
  return (
    <span role="status" aria-label="Indexer">
      {text}
    </span>
  );
}
