import { EntitlementTreeBuilder, type EntitlementTree } from "@tessera/sdk/distribution";
import { ApiError, ErrorCode } from "../api/errors";
import { getServerConfig } from "../config/server-config";
import { getDistributionPool } from "./pool";
import type { DistributionKey } from "./records";
import type { StoredEntitlement } from "./types";

/**
 * Proofs are not stored: the tree of a distribution is rebuilt from its stored leaves (DistributionEntitlement, read
 * in index order by keyset pages of {@link READ_BATCH}) the first time a proof is asked for, and kept in memory by
 * root (a million leaves take 96 MB as typed arrays), at most {@link MAX_CACHED_LEAVES} leaves over all cached trees,
 * least recently used dropped first. A rebuilt root must equal the stored one, else the rows are not trusted.
 *
 * The cache is keyed by root alone although a distribution is (root, record block): the root commits to every leaf
 * (index, identity, net), so two distributions with one root (equal entitlements at two record dates) have one tree.
 * A rebuild reads the leaves of one of them (the record block given), never both sets at once.
 */

/** Leaves read per query while rebuilding a tree. */
const READ_BATCH = 20_000;
/** Leaves over all cached trees (about 96 bytes each). */
export const MAX_CACHED_LEAVES = 2_000_000;

interface Entry {
  tree: Promise<EntitlementTree>;
  leaves: number;
}

const globalForTrees = globalThis as unknown as { __tesseraDistributionTrees?: Map<string, Entry> };
if (!globalForTrees.__tesseraDistributionTrees) globalForTrees.__tesseraDistributionTrees = new Map<string, Entry>();
const trees = globalForTrees.__tesseraDistributionTrees;

const keyOf = (token: string, root: string) => `${getServerConfig().chainId}:${getServerConfig().databaseUrl ?? ""}:${token.toLowerCase()}:${root.toLowerCase()}`;

function evict(): void {
  let total = 0;
  for (const e of trees.values()) total += e.leaves;
  for (const [k, e] of trees) {
    if (total <= MAX_CACHED_LEAVES || trees.size <= 1) break;
    trees.delete(k);
    total -= e.leaves;
  }
}

/** Keeps a tree just built (a draft) so its first proofs need no rebuild. */
export function rememberTree(token: string, root: string, tree: EntitlementTree): void {
  trees.set(keyOf(token, root), { tree: Promise.resolve(tree), leaves: tree.length });
  evict();
}

async function rebuild(token: string, { root, recordBlock }: DistributionKey): Promise<EntitlementTree> {
  const { chainId } = getServerConfig();
  const pool = getDistributionPool();
  const builder = new EntitlementTreeBuilder();
  let after = -1;
  for (;;) {
    const { rows } = await pool.query<Pick<StoredEntitlement, "index" | "identity" | "net">>(
      `SELECT "index", "identity", "net"::text AS net FROM "DistributionEntitlement"
       WHERE "chainId" = $1 AND "token" = $2 AND "root" = $3 AND "recordBlock" = $4 AND "index" > $5 ORDER BY "index" LIMIT $6`,
      [chainId, token.toLowerCase(), root, recordBlock.toString(), after, READ_BATCH],
    );
    for (const r of rows) builder.add({ index: r.index, identity: r.identity, amount: BigInt(r.net) });
    if (rows.length < READ_BATCH) break;
    after = rows[rows.length - 1]!.index;
  }
  if (builder.length === 0) throw new ApiError(ErrorCode.NOT_FOUND, `No stored entitlements for the distribution ${root}.`);
  const tree = builder.build();
  if (tree.root.toLowerCase() !== root.toLowerCase()) {
    throw new ApiError(ErrorCode.CONFLICT, `The stored entitlements of ${root} do not give its root: they cannot be used for proofs.`);
  }
  return tree;
}

/**
 * The tree of a stored distribution, from the cache (by root) or rebuilt from its leaves.
 * @param leaves its leaf count (the draft's `holders`), for the cache's bound
 * @throws ApiError NOT_FOUND (no leaves), CONFLICT (the leaves do not give the root); database errors
 */
export function treeOf(token: string, distribution: DistributionKey, leaves: number): Promise<EntitlementTree> {
  const key = keyOf(token, distribution.root);
  const hit = trees.get(key);
  if (hit) {
    trees.delete(key);
    trees.set(key, hit);
    return hit.tree;
  }
  const tree = rebuild(token, distribution);
  trees.set(key, { tree, leaves });
  tree.catch(() => trees.delete(key));
  evict();
  return tree;
}

/** Drops every cached tree (tests: the next proof is rebuilt from the stored leaves). */
export function forgetTrees(): void {
  trees.clear();
}
