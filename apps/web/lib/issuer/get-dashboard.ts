import { countryTotals, holderCountHistory, MAX_HISTORY_POINTS, supplyHistory } from "@tessera/db";
import { ApiError, ErrorCode } from "../api/errors";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";

/** One point of the supply-over-time chart: token base units as decimal strings. */
export interface DashboardPoint {
  /** ISO time: the block's time (per-block series) or 00:00 UTC of the day (per-day series). */
  time: string;
  block: string | null;
  totalSupply: string;
  /** Holders (identities) at the end of the point's bucket, with the identities on record now. */
  holders: number;
}

/** One recent balance change of the asset (indexed Transfer row). */
export interface DashboardActivity {
  kind: "mint" | "burn" | "transfer";
  from: string;
  to: string;
  /** Token base units. */
  amount: string;
  block: string;
  time: string;
  txHash: string;
}

/** Something the issuer should look at. */
export interface DashboardAction {
  kind: "paused" | "pending-applications" | "no-holders";
  text: string;
  href?: string;
}

/** GET /api/assets/[token]/dashboard. */
export interface DashboardResponse {
  token: string;
  /** Token base units. */
  totalSupply: string;
  /**
   * Holders: investors (identities) with a positive balance over all their wallets (`Asset.holderCount`), the figure
   * MaxHoldersModule.getHolderCount enforces.
   */
  holders: number;
  /** Holders (identities) and balance per investor country (0 = not registered), largest balance first. */
  countries: Array<{ country: number; holders: number; balance: string }>;
  /** "day" when the asset spans at least two UTC days of transfers, else "block". */
  bucket: "day" | "block";
  history: DashboardPoint[];
  recentActivity: DashboardActivity[];
  pendingActions: DashboardAction[];
}

/** At most this many points in a per-block series (the most recent). */
export const MAX_BLOCK_POINTS = 300;
const DAY_MS = 86_400_000;
const ZERO = "0x0000000000000000000000000000000000000000";

/**
 * The issuer dashboard of one asset, from the indexed tables: supply, holders, holders and balance per country,
 * supply and holder count over time (packages/db supplyHistory / holderCountHistory: per UTC day once the asset's
 * transfers span two days, else per block, the last {@link MAX_BLOCK_POINTS}), the 10 latest transfers, and pending
 * actions (paused token, onboarding applications awaiting review, no holders yet).
 * Callers check the role (an agent of the token).
 * @param token lower-case token address
 * @throws ApiError NOT_FOUND when the indexer has not seen this token
 */
export async function getDashboard(token: `0x${string}`): Promise<DashboardResponse> {
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const asset = await prisma.asset.findUnique({ where: { chainId_token: { chainId, token } } });
  if (!asset) throw new ApiError(ErrorCode.NOT_FOUND, `No asset ${token} on chain ${chainId}.`);

  // Holders per country are identities (an investor's wallets count once), adding up to asset.holderCount.
  const countries = (await countryTotals(prisma, { chainId, token }))
    .sort((a, b) => (a.balance === b.balance ? a.country - b.country : a.balance > b.balance ? -1 : 1))
    .map((c) => ({ country: c.country, holders: c.holders, balance: c.balance.toString() }));

  const span = await prisma.transfer.aggregate({ where: { chainId, token }, _min: { blockTime: true }, _max: { blockTime: true } });
  const first = span._min.blockTime;
  const last = span._max.blockTime;
  const days = first && last ? Math.floor(last.getTime() / DAY_MS) - Math.floor(first.getTime() / DAY_MS) + 1 : 0;
  let bucket: "day" | "block" = days >= 2 ? "day" : "block";
  let history: DashboardPoint[] = [];
  if (bucket === "day" && first && last) {
    const to = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
    const fromDay = Math.max(Math.floor(first.getTime() / DAY_MS), Math.floor(to.getTime() / DAY_MS) - (MAX_HISTORY_POINTS - 1));
    const from = new Date(fromDay * DAY_MS);
    const [supply, holders] = await Promise.all([
      supplyHistory(prisma, { chainId, token, bucket: "day", from, to }),
      holderCountHistory(prisma, { chainId, token, bucket: "day", from, to }),
    ]);
    history = supply.map((p, i) => ({ time: p.time.toISOString(), block: p.block?.toString() ?? null, totalSupply: p.totalSupply.toString(), holders: holders[i]?.holders ?? 0 }));
  } else if (first) {
    bucket = "block";
    // Sequential: the web pool may be a single connection (PGlite).
    const supply = await supplyHistory(prisma, { chainId, token, bucket: "block" });
    const holders = await holderCountHistory(prisma, { chainId, token, bucket: "block" });
    const byBlock = new Map(holders.map((h) => [h.block?.toString(), h.holders]));
    history = supply.slice(-MAX_BLOCK_POINTS).map((p) => ({
      time: p.time.toISOString(),
      block: p.block?.toString() ?? null,
      totalSupply: p.totalSupply.toString(),
      holders: byBlock.get(p.block?.toString()) ?? 0,
    }));
  }

  const recent = await prisma.transfer.findMany({
    where: { chainId, token },
    orderBy: [{ blockNumber: "desc" }, { logIndex: "desc" }],
    take: 10,
  });

  const pendingActions: DashboardAction[] = [];
  if (asset.paused) pendingActions.push({ kind: "paused", text: "Transfers are paused: unpause them under Agent operations when ready." });
  const pending = await prisma.onboardingApplication.count({ where: { chainId, status: "pending" } });
  if (pending > 0) {
    pendingActions.push({
      kind: "pending-applications",
      text: `${pending} onboarding application${pending === 1 ? "" : "s"} await${pending === 1 ? "s" : ""} review by a compliance officer.`,
      href: "/compliance",
    });
  }
  if (asset.holderCount === 0) pendingActions.push({ kind: "no-holders", text: "No holders yet: issue tokens to verified investors." });

  return {
    token,
    totalSupply: asset.totalSupply.toFixed(),
    holders: asset.holderCount,
    countries,
    bucket,
    history,
    recentActivity: recent.map((t) => ({
      kind: t.from === ZERO ? "mint" : t.to === ZERO ? "burn" : "transfer",
      from: t.from,
      to: t.to,
      amount: t.amount.toFixed(),
      block: t.blockNumber.toString(),
      time: t.blockTime.toISOString(),
      txHash: t.txHash,
    })),
    pendingActions,
  };
}
