// One asset across chains, read from the cross-chain index the indexer writes (CrosschainLink, CrosschainTransfer;
// ARCHITECTURE.md, Cross-chain index): the asset's group of tokens, supply per chain, tokens in transit, holders by
// identity over every chain, and an investor's cross-chain transfers with their status.
import { Prisma, type PrismaClient } from "./generated/client.ts";

/** A cross-chain transfer's status: derived by the indexer from the halves it has indexed. */
export type CrosschainStatus = "sent" | "delivered" | "refused" | "returned";

/** An asset's token on one chain, member of its group. */
export interface GroupToken {
  chainId: number;
  token: string;
  /** The AssetBridge the token trusts (null: none set). */
  bridge: string | null;
  symbol: string;
  decimals: number;
  /** Token base units now (the indexed `Asset.totalSupply`). */
  totalSupply: bigint;
  /** Holders on this chain alone (identities; the chain's own count). */
  holderCount: number;
}

/**
 * SQL: `grp(c, t)`, the asset's group: the token (`chainId`, `token`) and every token reachable by links both bridges
 * registered (each token's current bridge linked to the other's, so neither issuer can pull another's token into its
 * asset), transitively (a home token and its L2s). Starts a `WITH RECURSIVE` list; append `, …` CTEs.
 */
function groupCtes(chainId: number, token: string): Prisma.Sql {
  return Prisma.sql`WITH RECURSIVE links AS (
      SELECT DISTINCT ON ("chainId", "bridge", "remoteChainId") "chainId", "token", "bridge", "remoteChainId", "remoteBridge"
      FROM "CrosschainLink" ORDER BY "chainId", "bridge", "remoteChainId", "blockNumber" DESC, "logIndex" DESC
    ), edges AS (
      SELECT a."chainId" AS c1, a."token" AS t1, b."chainId" AS c2, b."token" AS t2
      FROM links AS l
      JOIN "Asset" AS a ON a."chainId" = l."chainId" AND a."token" = l."token" AND a."bridge" = l."bridge"
      JOIN "Asset" AS b ON b."chainId" = l."remoteChainId" AND b."bridge" = l."remoteBridge"
      JOIN links AS r ON r."chainId" = b."chainId" AND r."bridge" = b."bridge" AND r."remoteChainId" = a."chainId" AND r."remoteBridge" = a."bridge"
    ), grp(c, t) AS (
      SELECT "chainId", "token" FROM "Asset" WHERE "chainId" = ${chainId} AND "token" = ${token}
      UNION
      SELECT e.c2, e.t2 FROM edges AS e JOIN grp AS g ON e.c1 = g.c AND e.t1 = g.t
    )`;
}

/**
 * The tokens of one asset across chains, given its token on any chain: the token itself and every token linked to
 * it (see the module comment), by chain id. Empty when the platform did not deploy (index) that token.
 */
export async function assetGroup(prisma: PrismaClient, params: { chainId: number; token: string }): Promise<GroupToken[]> {
  const rows = await prisma.$queryRaw<{ chainId: number; token: string; bridge: string | null; symbol: string; decimals: number; totalSupply: string; holderCount: number }[]>(Prisma.sql`
    ${groupCtes(params.chainId, params.token.toLowerCase())}
    SELECT a."chainId", a."token", a."bridge", a."symbol", a."decimals", a."totalSupply"::text AS "totalSupply", a."holderCount"
    FROM grp AS g JOIN "Asset" AS a ON a."chainId" = g.c AND a."token" = g.t ORDER BY a."chainId", a."token"`);
  return rows.map((r) => ({ ...r, totalSupply: BigInt(r.totalSupply) }));
}

/** {@link crosschainSupply}'s answer. Amounts in token base units. */
export interface CrosschainSupply {
  /** Each chain's token and its supply now. */
  chains: GroupToken[];
  /** Burnt on a source and not minted anywhere yet: sent and not delivered, plus refused and not returned yet. */
  inTransit: bigint;
  /** How many transfers are in transit. */
  inTransitCount: number;
  /** Supply over every chain plus in transit: what the asset's chains issued (minted minus redeemed). */
  total: bigint;
}

/** SQL: the group's transfers (either half's token in the group), after {@link groupCtes}. */
const GROUP_TRANSFERS = Prisma.sql`
  SELECT x.* FROM "CrosschainTransfer" AS x WHERE EXISTS (
    SELECT 1 FROM grp AS g WHERE (x."sourceChainId" = g.c AND x."sourceToken" = g.t) OR (x."destinationChainId" = g.c AND x."destinationToken" = g.t))`;

/**
 * Supply per chain and tokens in transit of the asset of `token` on `chainId` (its group, {@link assetGroup}).
 * As indexed: a transfer whose source half is indexed but whose destination half is not (the destination's worker
 * behind) counts in transit, and one whose destination half alone is indexed counts in the destination's supply only.
 */
export async function crosschainSupply(prisma: PrismaClient, params: { chainId: number; token: string }): Promise<CrosschainSupply> {
  const chains = await assetGroup(prisma, params);
  const [row] = await prisma.$queryRaw<{ amount: string; n: number }[]>(Prisma.sql`
    ${groupCtes(params.chainId, params.token.toLowerCase())}, moving AS (${GROUP_TRANSFERS})
    SELECT COALESCE(sum("amount"), 0)::text AS amount, count(*)::int AS n FROM moving WHERE "status" IN ('sent', 'refused')`);
  const inTransit = BigInt(row!.amount);
  return { chains, inTransit, inTransitCount: row!.n, total: chains.reduce((s, c) => s + c.totalSupply, 0n) + inTransit };
}

/** One holder (an identity, or a wallet with no identity on record) of an asset over every chain. */
export interface CrosschainHolder {
  /** The holder key: the identity the chain's registry has on record for the wallets, else the wallet itself. */
  identity: string;
  /** Its balances per chain where it holds (token base units), with the holding wallets there, by chain id. */
  chains: { chainId: number; token: string; balance: bigint; wallets: string[] }[];
  /** Over every chain. */
  total: bigint;
}

/**
 * Holders of the asset of `token` on `chainId` across its chains (its group), one row per identity (ARCHITECTURE.md
 * glossary, holder: each chain's registry names a holding wallet's identity; ONCHAINID is the same address on every
 * chain), largest total first (ties by identity), paged by `limit` (default 50) and `offset`; `holderCount`: distinct
 * identities holding on any chain.
 */
export async function crosschainHolders(
  prisma: PrismaClient,
  params: { chainId: number; token: string; limit?: number; offset?: number },
): Promise<{ holderCount: number; holders: CrosschainHolder[] }> {
  const ctes = Prisma.sql`${groupCtes(params.chainId, params.token.toLowerCase())}, wallets AS (
      SELECT h."chainId", h."token", COALESCE(i."identity", h."wallet") AS key, h."wallet", h."balance"
      FROM grp AS g JOIN "Asset" AS a ON a."chainId" = g.c AND a."token" = g.t
      JOIN "Holding" AS h ON h."chainId" = g.c AND h."token" = g.t AND h."balance" > 0
      LEFT JOIN "Investor" AS i ON i."chainId" = g.c AND i."identityRegistry" = a."identityRegistry" AND i."wallet" = h."wallet"
    ), per_chain AS (
      SELECT key, "chainId", "token", sum("balance") AS balance, array_agg("wallet" ORDER BY "wallet") AS wallets FROM wallets GROUP BY 1, 2, 3
    )`;
  const [count] = await prisma.$queryRaw<{ n: number }[]>(Prisma.sql`${ctes} SELECT count(DISTINCT key)::int AS n FROM per_chain`);
  const rows = await prisma.$queryRaw<{ key: string; total: string; chains: { chainId: number; token: string; balance: string; wallets: string[] }[] }[]>(Prisma.sql`
    ${ctes}
    SELECT key, sum(balance)::text AS total,
      jsonb_agg(jsonb_build_object('chainId', "chainId", 'token', "token", 'balance', balance::text, 'wallets', wallets) ORDER BY "chainId") AS chains
    FROM per_chain GROUP BY key ORDER BY sum(balance) DESC, key
    LIMIT ${params.limit ?? 50} OFFSET ${params.offset ?? 0}`);
  return {
    holderCount: count!.n,
    holders: rows.map((r) => ({
      identity: r.key,
      total: BigInt(r.total),
      chains: r.chains.map((c) => ({ chainId: c.chainId, token: c.token, balance: BigInt(c.balance), wallets: c.wallets })),
    })),
  };
}

/** One cross-chain transfer as indexed (either half may be missing while its chain's worker is behind). */
export interface CrosschainTransferRow {
  messageId: string;
  status: CrosschainStatus;
  sourceChainId: number;
  sourceToken: string | null;
  destinationChainId: number;
  destinationToken: string | null;
  from: string;
  to: string;
  identity: string | null;
  /** Token base units. */
  amount: bigint;
  /** Restriction code of a refusal. */
  code: number | null;
  returnId: string | null;
  /** The source half (the burn), when indexed. */
  sent: { block: bigint; txHash: string; at: Date } | null;
  /** The destination half (the mint, or the refusal), when indexed. */
  arrived: { block: bigint; txHash: string; at: Date } | null;
  /** The return to the sender, on the source chain, when indexed. */
  returned: { block: bigint; txHash: string; at: Date } | null;
}

type RawTransfer = Omit<CrosschainTransferRow, "amount" | "sent" | "arrived" | "returned"> & {
  amount: string;
  sourceBlock: bigint | null; sourceTxHash: string | null; sourceAt: Date | null;
  destinationBlock: bigint | null; destinationTxHash: string | null; destinationAt: Date | null;
  returnedBlock: bigint | null; returnedTxHash: string | null; returnedAt: Date | null;
};

const half = (block: bigint | null, txHash: string | null, at: Date | null) =>
  block === null || txHash === null || at === null ? null : { block: BigInt(block), txHash, at };

function toTransfer(r: RawTransfer): CrosschainTransferRow {
  return {
    messageId: r.messageId, status: r.status, sourceChainId: r.sourceChainId, sourceToken: r.sourceToken,
    destinationChainId: r.destinationChainId, destinationToken: r.destinationToken, from: r.from, to: r.to, identity: r.identity,
    amount: BigInt(r.amount), code: r.code, returnId: r.returnId,
    sent: half(r.sourceBlock, r.sourceTxHash, r.sourceAt),
    arrived: half(r.destinationBlock, r.destinationTxHash, r.destinationAt),
    returned: half(r.returnedBlock, r.returnedTxHash, r.returnedAt),
  };
}

const TRANSFER_COLUMNS = Prisma.sql`x."messageId", x."status", x."sourceChainId", x."sourceToken", x."destinationChainId", x."destinationToken",
  x."from", x."to", x."identity", x."amount"::text AS amount, x."code", x."returnId", x."sourceBlock", x."sourceTxHash", x."sourceAt",
  x."destinationBlock", x."destinationTxHash", x."destinationAt", x."returnedBlock", x."returnedTxHash", x."returnedAt"`;

/**
 * The cross-chain transfers of an investor: those sent from or to one of `wallets`, or by an identity any chain's
 * registry has on record for one of them (the same ONCHAINID on every chain), newest first (the earlier indexed half's
 * time, ties by message id), paged by `limit` (default 50) and `offset`; `total` counts them all. Optionally of one
 * asset only (its token on any chain: its group).
 */
export async function crosschainTransfersOf(
  prisma: PrismaClient,
  params: { wallets: string[]; asset?: { chainId: number; token: string }; limit?: number; offset?: number },
): Promise<{ total: number; transfers: CrosschainTransferRow[] }> {
  const wallets = params.wallets.map((w) => w.toLowerCase());
  const mine = Prisma.sql`(x."from" = ANY(${wallets}) OR x."to" = ANY(${wallets})
    OR x."identity" IN (SELECT "identity" FROM "Investor" WHERE "wallet" = ANY(${wallets})))`;
  const ctes = params.asset
    ? Prisma.sql`${groupCtes(params.asset.chainId, params.asset.token.toLowerCase())}, scope AS (${GROUP_TRANSFERS})`
    : Prisma.sql`WITH scope AS (SELECT * FROM "CrosschainTransfer")`;
  const [count] = await prisma.$queryRaw<{ n: number }[]>(Prisma.sql`${ctes} SELECT count(*)::int AS n FROM scope AS x WHERE ${mine}`);
  const rows = await prisma.$queryRaw<RawTransfer[]>(Prisma.sql`${ctes}
    SELECT ${TRANSFER_COLUMNS} FROM scope AS x WHERE ${mine}
    ORDER BY LEAST(x."sourceAt", x."destinationAt") DESC, x."messageId" LIMIT ${params.limit ?? 50} OFFSET ${params.offset ?? 0}`);
  return { total: count!.n, transfers: rows.map(toTransfer) };
}

/** The transfers of the asset of `token` on `chainId` (its group) in transit now (sent, or refused and not returned), newest first, at most `limit` (default 100). */
export async function crosschainInTransit(
  prisma: PrismaClient,
  params: { chainId: number; token: string; limit?: number },
): Promise<CrosschainTransferRow[]> {
  const rows = await prisma.$queryRaw<RawTransfer[]>(Prisma.sql`
    ${groupCtes(params.chainId, params.token.toLowerCase())}, scope AS (${GROUP_TRANSFERS})
    SELECT ${TRANSFER_COLUMNS} FROM scope AS x WHERE x."status" IN ('sent', 'refused')
    ORDER BY LEAST(x."sourceAt", x."destinationAt") DESC, x."messageId" LIMIT ${params.limit ?? 100}`);
  return rows.map(toTransfer);
}

/** One asset of {@link walletAcrossChains}: what a wallet holds of it off the home chain. Amounts in token base units. */
export interface WalletElsewhere {
  /** The asset's token on the home chain (lower-case). */
  homeToken: string;
  /** The wallet's balance of the asset's token on each other chain where it is non-zero, by chain id. */
  chains: { chainId: number; token: string; balance: bigint }[];
  /** Sent from the wallet by cross-chain transfers not yet delivered or returned (status "sent" or "refused"). */
  inTransit: bigint;
}

/**
 * What `wallet` holds of the home chain's assets elsewhere: its non-zero balances on the other chains (indexed Holding
 * rows) and its cross-chain transfers still in transit, each under the asset's token on `homeChainId` (its group, see
 * {@link assetGroup}). A token with no member on the home chain (deployed on an L2 alone, or not linked both ways) is
 * left out: it is not one of the home chain's assets. Keyed by the home token (lower-case); only assets with something
 * elsewhere appear.
 */
export async function walletAcrossChains(
  prisma: PrismaClient,
  params: { homeChainId: number; wallet: string },
): Promise<Map<string, WalletElsewhere>> {
  const wallet = params.wallet.toLowerCase();
  const [held, moving] = await Promise.all([
    prisma.$queryRaw<{ chainId: number; token: string; balance: string }[]>(Prisma.sql`
      SELECT "chainId", "token", "balance"::text AS balance FROM "Holding"
      WHERE "wallet" = ${wallet} AND "chainId" <> ${params.homeChainId} AND "balance" > 0`),
    prisma.$queryRaw<{ chainId: number; token: string; amount: string }[]>(Prisma.sql`
      SELECT "sourceChainId" AS "chainId", "sourceToken" AS token, sum("amount")::text AS amount FROM "CrosschainTransfer"
      WHERE "from" = ${wallet} AND "status" IN ('sent', 'refused') AND "sourceToken" IS NOT NULL
      GROUP BY "sourceChainId", "sourceToken"`),
  ]);
  // Each token's home member, once per token (an asset's group is a few tokens; a wallet holds few assets).
  const homeOf = new Map<string, string | null>();
  const homeTokenOf = async (chainId: number, token: string): Promise<string | null> => {
    if (chainId === params.homeChainId) return token;
    const key = `${chainId}:${token}`;
    if (!homeOf.has(key)) {
      const group = await assetGroup(prisma, { chainId, token });
      homeOf.set(key, group.find((g) => g.chainId === params.homeChainId)?.token ?? null);
    }
    return homeOf.get(key)!;
  };
  const out = new Map<string, WalletElsewhere>();
  const entry = (homeToken: string) => {
    const e = out.get(homeToken) ?? { homeToken, chains: [], inTransit: 0n };
    out.set(homeToken, e);
    return e;
  };
  for (const h of held) {
    const home = await homeTokenOf(h.chainId, h.token);
    if (home) entry(home).chains.push({ chainId: h.chainId, token: h.token, balance: BigInt(h.balance) });
  }
  for (const m of moving) {
    const home = await homeTokenOf(m.chainId, m.token);
    if (home) entry(home).inTransit += BigInt(m.amount);
  }
  for (const e of out.values()) e.chains.sort((a, b) => a.chainId - b.chainId);
  return out;
}
