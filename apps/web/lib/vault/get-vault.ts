import type { Address } from "viem";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { dealingTerms, lastDealingDate, paymentTokenOf, vaultRead, vaultRoles } from "./vault-chain";
import { chainNow, erc20Info } from "../chain/contract-reads";
import type { NavPointDto, VaultResponse } from "./types";

/** Query of GET /api/assets/[token]/vault: how many NAVs of the history (1..100, default 20). */
export const vaultQuery = z.object({ navLimit: z.coerce.number().int().min(1).max(100).default(20) });
export type VaultQuery = z.infer<typeof vaultQuery>;

const ZERO = "0x0000000000000000000000000000000000000000";
const str = (v: unknown) => (v === null || v === undefined ? "0" : String(v));

/** The indexed asset row, with its vault. @throws ApiError NOT_FOUND */
export async function indexedAsset(token: Address) {
  const { chainId } = getServerConfig();
  const asset = await getPrisma().asset.findUnique({ where: { chainId_token: { chainId, token: token.toLowerCase() } } });
  if (!asset) throw new ApiError(ErrorCode.NOT_FOUND, `No asset ${token.toLowerCase()} on chain ${chainId}.`);
  return asset;
}

/**
 * NAVs that took effect on `vault`, newest valuation first: the vault's NavUpdated events in the index.
 * @param limit at most this many
 */
export async function navHistory(token: Address, vault: Address, limit: number): Promise<NavPointDto[]> {
  const { chainId } = getServerConfig();
  const rows = await getPrisma().moneyLegEvent.findMany({
    where: { chainId, token: token.toLowerCase(), source: "vault", contract: vault.toLowerCase(), event: "NavUpdated" },
    orderBy: [{ blockNumber: "desc" }, { logIndex: "desc" }],
    take: limit,
  });
  return rows.map((r) => {
    const a = r.args as Record<string, unknown>;
    const approver = typeof a.approver === "string" && a.approver !== ZERO ? a.approver : null;
    return {
      valuationDate: Number(a.valuationDate),
      navPerShare: str(a.navPerShare),
      proposer: String(a.proposer ?? ""),
      approver,
      blockNumber: r.blockNumber.toString(),
      txHash: r.txHash,
    };
  });
}

/**
 * An asset's vault for the signed-in wallet: NAV per share in effect and pending (chain), dealing terms and the next
 * dealing date with its cut-off (chain, at the head's time), NAV history (index), and the wallet's vault roles.
 * @throws ApiError NOT_FOUND (asset not indexed), CHAIN_UNAVAILABLE (node failure: never an empty answer)
 */
export async function getVault(session: Session, token: Address, query: VaultQuery): Promise<VaultResponse> {
  const asset = await indexedAsset(token);
  if (!asset.vault) return { vault: null };
  const vault = asset.vault as Address;
  const [now, terms, paymentToken, nav, pending, moveLimit, treasury, you, history] = await Promise.all([
    chainNow(),
    dealingTerms(vault),
    paymentTokenOf(vault),
    vaultRead<readonly [bigint, bigint]>(vault, "navPerShare"),
    vaultRead<readonly [bigint, bigint, Address]>(vault, "pendingNav"),
    vaultRead<bigint>(vault, "navMoveLimit"),
    vaultRead<Address>(vault, "treasury"),
    vaultRoles(token, session.address),
    navHistory(token, vault, query.navLimit),
  ]);
  const next = Number(await vaultRead<bigint>(vault, "dealingDateAt", [BigInt(now)]));
  const share = await erc20Info(token);
  return {
    vault: {
      token: asset.token,
      vault: vault.toLowerCase(),
      share: { symbol: asset.symbol, decimals: share.decimals },
      paymentToken,
      treasury: treasury.toLowerCase(),
      now,
      nav: { navPerShare: nav[0].toString(), valuationDate: Number(nav[1]) },
      pendingNav: pending[0] > 0n ? { navPerShare: pending[0].toString(), valuationDate: Number(pending[1]), proposer: pending[2].toLowerCase() } : null,
      navMoveLimitBps: Number(moveLimit),
      terms: { firstDealing: terms.firstDealing, interval: terms.interval, cutoff: terms.cutoff, minDeposit: terms.minDeposit.toString(), minRedeem: terms.minRedeem.toString() },
      nextDealingDate: next,
      nextCutoff: next - terms.cutoff,
      lastDealingDate: lastDealingDate(terms, now),
      navHistory: history,
      you,
    },
  };
}
