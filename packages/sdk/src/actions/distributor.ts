/**
 * Record-date distributions (dividends, coupons) through the platform's `Distributor` (ARCHITECTURE.md "Money leg"):
 * the corporate-actions desk posts and funds a Merkle root of the entitlements (built by `@tessera/sdk/distribution`:
 * `buildDistribution` gives `root` and `totals.net`, `tree.proof(index)` each proof), investors claim with their proof,
 * or the desk pushes payments in batches; after the claim deadline the rest is reclaimed. Browser-safe.
 *
 * Units: `total`, `amount`, `remaining` in payment-token base units (net of withholding); `recordDate` is a block
 * number (already mined); `claimDeadline` unix seconds. A leaf is (index, identity, amount): any wallet the identity
 * registry has on record for the identity may claim it, once.
 */
import { concat, encodeAbiParameters, keccak256, zeroAddress, zeroHash, type Abi, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { z } from "zod";
import { accessManagerAbi, distributorAbi, identityRegistryAbi, Role, tokenAbi, tokenFactoryAbi } from "@tessera/contracts";
import { refusal } from "../errors";
import { addressSchema, amountSchema, parseInput, uintSchema, unixSecondsSchema } from "../schemas";
import { accountOf, simulateAndWrite, type WriteResult } from "../send";
import { chainTime, chunks, ensureAllowance, eventsOf, requirePaymentBalance, view } from "./payment";

const abi = distributorAbi as Abi;

/** A distribution as the Distributor reports it. */
export type DistributionInfo = {
  id: bigint;
  token: Address;
  paymentToken: Address;
  identityRegistry: Address;
  creator: Address;
  root: Hex;
  /** Payment-token base units funded, paid so far, and taken back after the deadline. */
  total: bigint;
  claimed: bigint;
  reclaimed: bigint;
  /** What is left to pay (0 after a reclaim). */
  remaining: bigint;
  /** Block number. */
  recordDate: bigint;
  /** Unix seconds: the last second a claim is accepted. */
  claimDeadline: bigint;
  paused: boolean;
};

const bytes32Schema = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a 32-byte hex value").transform((v) => v as Hex);

/** The leaf hash of (index, identity, amount): OpenZeppelin StandardMerkleTree's, as the Distributor computes it. */
function leafHash(index: bigint, identity: Address, amount: bigint): Hex {
  return keccak256(keccak256(encodeAbiParameters([{ type: "uint256" }, { type: "address" }, { type: "uint256" }], [index, identity, amount])));
}

/** Whether `proof` leads from the leaf to `root` (OpenZeppelin `MerkleProof`: sorted pairs). */
function provesLeaf(root: Hex, leaf: Hex, proof: readonly Hex[]): boolean {
  let node = leaf;
  for (const sibling of proof) node = keccak256(BigInt(node) < BigInt(sibling) ? concat([node, sibling]) : concat([sibling, node]));
  return node.toLowerCase() === root.toLowerCase();
}

// ------------------------------------------------------------------------------------------------ readers

const idSchema = z.object({ distributor: addressSchema, id: uintSchema });

/**
 * Distribution `id`: its asset, payment token, root, amounts, record date, claim deadline and state.
 * @throws TesseraError UnknownDistribution ("there is no distribution N"), InvalidInput.
 */
export async function getDistribution(publicClient: PublicClient, params: { distributor: Address; id: bigint | number }): Promise<DistributionInfo> {
  const p = parseInput(idSchema, params);
  const [d, remaining] = await Promise.all([
    view<Omit<DistributionInfo, "id" | "remaining" | "recordDate" | "claimDeadline"> & { recordDate: bigint | number; claimDeadline: bigint | number }>(
      publicClient,
      p.distributor,
      abi,
      "distribution",
      [p.id],
    ),
    view<bigint>(publicClient, p.distributor, abi, "remaining", [p.id]),
  ]);
  return { ...d, id: p.id, remaining, recordDate: BigInt(d.recordDate), claimDeadline: BigInt(d.claimDeadline) };
}

/** Whether leaf `index` of distribution `id` has been paid (claimed or pushed). */
export async function isClaimed(publicClient: PublicClient, params: { distributor: Address; id: bigint | number; index: bigint | number }): Promise<boolean> {
  const p = parseInput(idSchema.extend({ index: uintSchema }), params);
  return view<boolean>(publicClient, p.distributor, abi, "isClaimed", [p.id, p.index]);
}

/** What distribution `id` still holds, payment-token base units (0 for an unknown id or after a reclaim). */
export async function getRemaining(publicClient: PublicClient, params: { distributor: Address; id: bigint | number }): Promise<bigint> {
  const p = parseInput(idSchema, params);
  return view<bigint>(publicClient, p.distributor, abi, "remaining", [p.id]);
}

/** The number of distributions created (the last id). */
export async function getDistributionCount(publicClient: PublicClient, params: { distributor: Address }): Promise<bigint> {
  const p = parseInput(z.object({ distributor: addressSchema }), params);
  return view<bigint>(publicClient, p.distributor, abi, "distributionCount");
}

// ------------------------------------------------------------------------------------------------ corporate actions

/** Refuses (CallerNotCorporateActions) when `account` lacks CORPORATE_ACTIONS without delay on `token`. */
async function requireCorporateActions(publicClient: PublicClient, token: Address, account: Address): Promise<void> {
  const manager = await view<Address>(publicClient, token, tokenAbi, "authority");
  const [member, delay] =
    manager === zeroAddress ? [false, 0] : await view<readonly [boolean, number]>(publicClient, manager, accessManagerAbi, "hasRole", [Role.CORPORATE_ACTIONS, account]);
  if (!member || Number(delay) !== 0) throw refusal("CallerNotCorporateActions", [account, token]);
}

/**
 * Parameters of {@link createDistribution}: the asset, the payment token, the entitlements' `root` and `total` (from
 * `buildDistribution` of `@tessera/sdk/distribution`: `root` and `totals.net`, payment-token base units), the record
 * date (a block number already mined), the claim deadline (unix seconds, in the future) and where the entitlement list
 * is published (`uri`, optional, event only).
 */
export const createDistributionSchema = z.object({
  distributor: addressSchema,
  token: addressSchema,
  paymentToken: addressSchema,
  root: bytes32Schema,
  total: amountSchema,
  recordDate: uintSchema,
  claimDeadline: unixSecondsSchema,
  uri: z.string().max(2_048).default(""),
});
export type CreateDistributionParams = z.input<typeof createDistributionSchema>;

/**
 * Posts and funds a distribution (CORPORATE_ACTIONS on the asset): approves the Distributor for `total` when the
 * allowance is short, then `createDistribution` pulls it. Refused in words before any transaction: an asset of
 * another platform, the role missing, a zero root, a zero total, a record date not in the past ("the record date
 * (block N) is not in the past"), a claim deadline not in the future, a payment-token balance below the total.
 * @returns The transaction, the approval's (or null) and the distribution's id.
 * @throws TesseraError UntrustedToken, CallerNotCorporateActions, InvalidRoot, InvalidTotal, RecordDateNotPast,
 *   InvalidClaimDeadline, ERC20InsufficientBalance, or the contract's error in words.
 */
export async function createDistribution(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: CreateDistributionParams,
): Promise<WriteResult & { id: bigint; approval: WriteResult | null }> {
  const p = parseInput(createDistributionSchema, params);
  const caller = accountOf(walletClient).address;
  const factory = await view<Address>(publicClient, p.distributor, abi, "tokenFactory");
  if (!(await view<boolean>(publicClient, factory, tokenFactoryAbi, "isToken", [p.token]))) throw refusal("UntrustedToken", [p.token]);
  await requireCorporateActions(publicClient, p.token, caller);
  if (p.root === zeroHash) throw refusal("InvalidRoot");
  if (p.total === 0n || p.total >= 1n << 96n) throw refusal("InvalidTotal", [p.total]);
  const [block, now] = await Promise.all([publicClient.getBlockNumber(), chainTime(publicClient)]);
  // The transaction lands in the next block at the earliest: the record date must be below it (mined already).
  if (p.recordDate > block) throw refusal("RecordDateNotPast", [p.recordDate, block + 1n]);
  if (p.claimDeadline <= now) throw refusal("InvalidClaimDeadline", [p.claimDeadline, now]);
  await requirePaymentBalance(publicClient, { paymentToken: p.paymentToken, owner: caller, amount: p.total });
  const approval = await ensureAllowance(walletClient, publicClient, { paymentToken: p.paymentToken, owner: caller, spender: p.distributor, amount: p.total });
  const { hash, receipt, result } = await simulateAndWrite(
    walletClient,
    publicClient,
    {
      address: p.distributor,
      abi,
      functionName: "createDistribution",
      args: [p.token, p.paymentToken, p.root, p.total, p.recordDate, p.claimDeadline, p.uri],
    },
    { label: "create a distribution" },
  );
  const [created] = eventsOf<{ id: bigint }>(receipt, abi, "DistributionCreated", p.distributor);
  return { hash, receipt, approval, id: created?.id ?? (result as bigint) };
}

/** One leaf and its proof: (index, identity, amount in payment-token base units) as posted in the tree. */
const leafSchema = z.object({
  index: uintSchema,
  identity: addressSchema,
  amount: amountSchema,
  proof: z.array(bytes32Schema).max(64),
});

/** Checks an open distribution and one leaf paid to `wallet`, before any transaction, in the contract's order. */
async function checkLeaf(publicClient: PublicClient, distributor: Address, d: DistributionInfo, leaf: z.output<typeof leafSchema>, wallet: Address): Promise<void> {
  if (await view<boolean>(publicClient, distributor, abi, "isClaimed", [d.id, leaf.index])) throw refusal("AlreadyClaimed", [d.id, leaf.index]);
  if (!provesLeaf(d.root, leafHash(leaf.index, leaf.identity, leaf.amount), leaf.proof)) {
    throw refusal("InvalidProof", [d.id, leaf.index, leaf.identity, leaf.amount]);
  }
  const registered = await view<Address>(publicClient, d.identityRegistry, identityRegistryAbi, "identity", [wallet]);
  if (registered.toLowerCase() !== leaf.identity.toLowerCase()) throw refusal("WalletNotOfIdentity", [wallet, leaf.identity, registered]);
}

/** Refuses when distribution `d` takes no claim now: paused, or its deadline passed. */
async function requireOpen(publicClient: PublicClient, d: DistributionInfo): Promise<void> {
  if (d.paused) throw refusal("ClaimsPaused", [d.id]);
  if ((await chainTime(publicClient)) > d.claimDeadline) throw refusal("ClaimPeriodOver", [d.id, d.claimDeadline]);
}

/** Parameters of {@link claim}: the distribution and the wallet's entitlement leaf with its proof. */
export const claimSchema = leafSchema.extend({ distributor: addressSchema, id: uintSchema });
export type ClaimParams = z.input<typeof claimSchema>;

/**
 * Claims an entitlement to the wallet, which must be registered to the leaf's identity. Refused in words before any
 * transaction: an unknown distribution, claims paused, "the claim period of this distribution is over", already paid,
 * a proof that does not match the root, "this proof is for another investor" (the wallet is not of the leaf's
 * identity), more than the distribution holds.
 * @returns The transaction and the amount paid (payment-token base units).
 * @throws TesseraError UnknownDistribution, ClaimsPaused, ClaimPeriodOver, AlreadyClaimed, InvalidProof,
 *   WalletNotOfIdentity, ExceedsRemaining.
 */
export async function claim(walletClient: WalletClient, publicClient: PublicClient, params: ClaimParams): Promise<WriteResult & { amount: bigint }> {
  const p = parseInput(claimSchema, params);
  const wallet = accountOf(walletClient).address;
  const d = await getDistribution(publicClient, { distributor: p.distributor, id: p.id });
  await requireOpen(publicClient, d);
  await checkLeaf(publicClient, p.distributor, d, p, wallet);
  if (p.amount > d.remaining) throw refusal("ExceedsRemaining", [d.id, p.amount, d.remaining]);
  const { hash, receipt } = await simulateAndWrite(
    walletClient,
    publicClient,
    { address: p.distributor, abi, functionName: "claim", args: [p.id, p.index, p.identity, p.amount, p.proof] },
    { label: "claim a distribution" },
  );
  return { hash, receipt, amount: p.amount };
}

/**
 * Parameters of {@link pushBatch}: per leaf, the wallet to pay (registered to the leaf's identity); `batchSize` leaves
 * per transaction (default 100).
 */
export const pushBatchSchema = z.object({
  distributor: addressSchema,
  id: uintSchema,
  payments: z.array(leafSchema.extend({ wallet: addressSchema })).min(1).max(100_000),
  batchSize: z.number().int().min(1).max(1_000).default(100),
});
export type PushBatchParams = z.input<typeof pushBatchSchema>;

/**
 * Pays entitlements without claims (CORPORATE_ACTIONS), in batches: each leaf to a wallet of its identity; leaves
 * already paid are skipped (an investor who claimed first), never paid twice. Every leaf is checked before the first
 * transaction (proof, wallet of the identity, open distribution, role).
 * @returns Each batch's transaction and the total paid (payment-token base units).
 * @throws TesseraError CallerNotCorporateActions, ClaimsPaused, ClaimPeriodOver, InvalidProof, WalletNotOfIdentity,
 *   ExceedsRemaining.
 */
export async function pushBatch(walletClient: WalletClient, publicClient: PublicClient, params: PushBatchParams): Promise<{ batches: WriteResult[]; paid: bigint; skipped: number }> {
  const p = parseInput(pushBatchSchema, params);
  const caller = accountOf(walletClient).address;
  const d = await getDistribution(publicClient, { distributor: p.distributor, id: p.id });
  await requireCorporateActions(publicClient, d.token, caller);
  await requireOpen(publicClient, d);
  const due: typeof p.payments = [];
  for (const leaf of p.payments) {
    if (await view<boolean>(publicClient, p.distributor, abi, "isClaimed", [p.id, leaf.index])) continue;
    await checkLeaf(publicClient, p.distributor, d, leaf, leaf.wallet);
    due.push(leaf);
  }
  const total = due.reduce((s, l) => s + l.amount, 0n);
  if (total > d.remaining) throw refusal("ExceedsRemaining", [d.id, total, d.remaining]);
  const batches: WriteResult[] = [];
  let paid = 0n;
  for (const batch of chunks(due, p.batchSize)) {
    const { hash, receipt, result } = await simulateAndWrite(
      walletClient,
      publicClient,
      {
        address: p.distributor,
        abi,
        functionName: "pushBatch",
        args: [p.id, batch.map((l) => l.index), batch.map((l) => l.identity), batch.map((l) => l.amount), batch.map((l) => l.wallet), batch.map((l) => l.proof)],
      },
      { label: "push distribution payments" },
    );
    batches.push({ hash, receipt });
    paid += result as bigint;
  }
  return { batches, paid, skipped: p.payments.length - due.length };
}

/**
 * Takes back what is left of distribution `id` after its claim deadline (CORPORATE_ACTIONS or its creator); later
 * claims are refused.
 * @returns The transaction and the amount taken back (payment-token base units).
 * @throws TesseraError ClaimPeriodNotOver, AlreadyReclaimed (before any transaction), CallerNotCorporateActions.
 */
export async function reclaim(walletClient: WalletClient, publicClient: PublicClient, params: { distributor: Address; id: bigint | number }): Promise<WriteResult & { amount: bigint }> {
  const p = parseInput(idSchema, params);
  const d = await getDistribution(publicClient, p);
  if ((await chainTime(publicClient)) <= d.claimDeadline) throw refusal("ClaimPeriodNotOver", [d.id, d.claimDeadline]);
  if (d.reclaimed > 0n) throw refusal("AlreadyReclaimed", [d.id]);
  const { hash, receipt, result } = await simulateAndWrite(walletClient, publicClient, { address: p.distributor, abi, functionName: "reclaim", args: [p.id] }, { label: "reclaim a distribution" });
  return { hash, receipt, amount: result as bigint };
}

/**
 * Suspends (`paused: true`) or resumes (`paused: false`) the claims and pushes of distribution `id`, e.g. while a
 * wrong entitlement list is looked into (CORPORATE_ACTIONS on its asset; `pause` / `unpause`, IDistributor). The claim
 * deadline does not move: a pause does not lengthen the claim period. Refused before any transaction: an unknown
 * distribution, the role missing, a distribution already reclaimed (nothing is left to claim).
 * @returns The transaction (`DistributionPaused` or `DistributionUnpaused` in its receipt).
 * @throws TesseraError UnknownDistribution, CallerNotCorporateActions, AlreadyReclaimed.
 */
export async function setDistributionPaused(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { distributor: Address; id: bigint | number; paused: boolean },
): Promise<WriteResult> {
  const p = parseInput(idSchema.extend({ paused: z.boolean() }), params);
  const d = await getDistribution(publicClient, p);
  await requireCorporateActions(publicClient, d.token, accountOf(walletClient).address);
  if (d.reclaimed > 0n) throw refusal("AlreadyReclaimed", [d.id]);
  const functionName = p.paused ? "pause" : "unpause";
  return simulateAndWrite(walletClient, publicClient, { address: p.distributor, abi, functionName, args: [p.id] }, {
    label: p.paused ? "pause a distribution's claims" : "resume a distribution's claims",
  });
}
