/**
 * The distribution writes the apps make from the browser: thin adapters over the SDK's Distributor actions
 * (@tessera/sdk actions/distributor.ts), which read every refusal before any transaction and name it in words (the
 * role missing, a record date not past, a deadline passed, already claimed, "this proof is for another investor"…),
 * then send through the one send path. Amounts in payment-token base units.
 */
import { identityRegistryAbi } from "@tessera/contracts";
import { claim, createDistribution, getDistribution, isClaimed, pushBatch, reclaim, setDistributionPaused, type WriteResult } from "@tessera/sdk";
import type { Address, Hex, PublicClient, WalletClient } from "viem";
import { apiGet } from "../client/api";
import { distributionPath } from "./paths";
import type { PaymentsResponse, ProofResponse } from "./types";

/** Funds and posts a drafted distribution: approves the payment token when short, then `createDistribution`. */
export function postDistribution(
  wc: WalletClient,
  pc: PublicClient,
  p: { distributor: Address; token: Address; paymentToken: Address; root: Hex; total: bigint; recordBlock: bigint; claimDeadline: bigint },
) {
  return createDistribution(wc, pc, {
    distributor: p.distributor,
    token: p.token,
    paymentToken: p.paymentToken,
    root: p.root,
    total: p.total,
    recordDate: p.recordBlock,
    claimDeadline: p.claimDeadline,
  });
}

/**
 * Why `wallet` cannot claim this entitlement now, in words (the Distributor's own refusals, read before any
 * signature), or null when it can: already paid, the claim period over, claims paused, or the wallet not registered to
 * the entitlement's identity ("this proof is for another investor").
 */
export async function claimRefusal(pc: PublicClient, wallet: Address, p: { distributor: string; id: string; index: number; identity: string }): Promise<string | null> {
  const d = await getDistribution(pc, { distributor: p.distributor as Address, id: BigInt(p.id) });
  if (await isClaimed(pc, { distributor: p.distributor as Address, id: d.id, index: p.index })) return "this entitlement has already been paid";
  const now = (await pc.getBlock({ blockTag: "latest" })).timestamp;
  if (d.reclaimed > 0n || now > d.claimDeadline) return "the claim period of this distribution is over";
  if (d.paused) return "claims of this distribution are paused by the issuer";
  const registered = (await pc.readContract({ address: d.identityRegistry, abi: identityRegistryAbi, functionName: "identity", args: [wallet] })) as Address;
  if (registered.toLowerCase() !== p.identity.toLowerCase()) {
    return "this proof is for another investor: your wallet is not registered to the entitlement's identity";
  }
  return null;
}

/**
 * Claims one of the investor's entitlements (in the distribution `root` at `recordBlock`) with the proof the server
 * computes from the stored leaves, from posting `id`.
 */
export async function claimEntitlement(
  wc: WalletClient,
  pc: PublicClient,
  p: { token: string; root: string; recordBlock: string; index: number; id: string },
): Promise<WriteResult & { amount: bigint }> {
  const qs = new URLSearchParams({ token: p.token, root: p.root, recordBlock: p.recordBlock, index: String(p.index) });
  const proof = await apiGet<ProofResponse>(`/api/me/distributions/proof?${qs}`);
  return claim(wc, pc, {
    distributor: proof.distributor as Address,
    id: BigInt(p.id),
    index: proof.index,
    identity: proof.identity as Address,
    amount: BigInt(proof.amount),
    proof: proof.proof as Hex[],
  });
}

/**
 * Pushes the unpaid entitlements of posting `id` of the distribution (root, record block) (at most 200 per call, 100
 * per transaction) to each identity's wallet.
 * @returns the last batch's transaction, the amount paid and how many leaves are still unpaid after this call
 */
export async function pushPayments(wc: WalletClient, pc: PublicClient, p: { token: string; root: string; recordBlock: string; id: string }) {
  const due = await apiGet<PaymentsResponse>(distributionPath(p.token, p, "/payments", { id: p.id, limit: "200" }));
  if (due.payments.length === 0) throw new Error("Every entitlement of this distribution is paid already.");
  const r = await pushBatch(wc, pc, {
    distributor: due.distributor as Address,
    id: BigInt(due.id),
    payments: due.payments.map((l) => ({ index: l.index, identity: l.identity as Address, amount: BigInt(l.amount), wallet: l.wallet as Address, proof: l.proof as Hex[] })),
    batchSize: 100,
  });
  const last = r.batches[r.batches.length - 1];
  if (!last) throw new Error("Every entitlement of this distribution is paid already.");
  return { ...last, paid: r.paid, left: due.unpaid - due.payments.length };
}

/** Takes back what is left after the claim deadline. */
export function reclaimDistribution(wc: WalletClient, pc: PublicClient, p: { distributor: Address; id: string }) {
  return reclaim(wc, pc, { distributor: p.distributor, id: BigInt(p.id) });
}

/** Suspends (`paused`) or resumes the claims and pushes of posting `id`; its claim deadline does not move. */
export function pauseDistribution(wc: WalletClient, pc: PublicClient, p: { distributor: Address; id: string; paused: boolean }) {
  return setDistributionPaused(wc, pc, { distributor: p.distributor, id: BigInt(p.id), paused: p.paused });
}
