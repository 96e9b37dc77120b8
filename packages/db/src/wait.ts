import pg from "pg";

/**
 * Resolves once the indexer's cursor for `chainId` has reached `block` (its `lastBlock >= block`).
 * Polls the `IndexerCursor` table every 100 ms over one short-lived connection per poll (safe on PGlite).
 * @param block block number the indexer must have fully written.
 * @param signal stops the wait early (for example Ctrl-C during `npm start`).
 * @throws Error after `timeoutMs` (default 60 000) naming the last block seen; the signal's reason when aborted.
 */
export async function waitForIndexer(
  databaseUrl: string,
  chainId: number,
  block: bigint | number,
  timeoutMs = 60_000,
  signal?: AbortSignal,
): Promise<void> {
  const target = BigInt(block);
  const deadline = Date.now() + timeoutMs;
  let seen: bigint | undefined;
  let halted: string | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const client = new pg.Client({ connectionString: databaseUrl });
    try {
      await client.connect();
      const { rows } = await client.query<{ lastBlock: string; haltedReason: string | null }>(
        `SELECT "lastBlock"::text AS "lastBlock", "haltedReason" FROM "IndexerCursor" WHERE "chainId" = $1`,
        [chainId],
      );
      if (rows[0]) seen = BigInt(rows[0].lastBlock);
      halted = rows[0]?.haltedReason ?? undefined;
    } catch {
      // Table not migrated yet or server still starting: keep polling until the deadline.
    } finally {
      await client.end().catch(() => {});
    }
    if (seen !== undefined && seen >= target) return;
    // A halted indexer (a reorg deeper than its journal) will not move: say why now rather than at the deadline.
    if (halted) throw new Error(`Indexer for chain ${chainId} is halted: ${halted}`);
    if (Date.now() > deadline) {
      throw new Error(
        `Indexer for chain ${chainId} did not reach block ${target} within ${timeoutMs} ms (last indexed: ${seen ?? "none"})`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
