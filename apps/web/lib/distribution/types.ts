/**
 * JSON shapes of the distributions API (record-date dividends and coupons through the platform's Distributor).
 * Amounts are decimal strings of base units: payment-token base units for gross, withholding, net, total, claimed and
 * remaining; token base units for `units`. Record dates are block numbers (decimal strings); deadlines and chain times
 * unix seconds (numbers). A distribution is identified by its Merkle root (bytes32, lower-case hex) AND its record
 * block (equal entitlements at two record dates have one root and are two distributions: the routes take
 * `?recordBlock=`), and, once posted, by its on-chain id.
 */
import type { EntitlementRow } from "@tessera/db";

/** "dividend" (default) or "coupon" (a bond's coupon, opened from its coupon calendar). */
export type DistributionKind = "dividend" | "coupon";

/**
 * Where a distribution stands: "draft" (stored, not posted), "open" (posted, claims accepted), "paused" (posted, claims
 * and pushes suspended by the issuer until resumed; the deadline does not move), "paid" (everything paid), "expired"
 * (deadline passed, something left to reclaim), "reclaimed" (the rest taken back).
 */
export type DistributionStatus = "draft" | "open" | "paused" | "paid" | "expired" | "reclaimed";

import type { Erc20Dto } from "../shared/api-types";

/** A payment token (lib/shared/api-types). */
export type TokenInfoDto = Erc20Dto;

/** Totals of a distribution's entitlements. */
export interface DistributionTotalsDto {
  holders: number;
  units: string;
  gross: string;
  withholding: string;
  net: string;
}

/**
 * One stored entitlement (a leaf: a `DistributionEntitlement` row) in JSON and as the SQL reads it (`::text`):
 * @tessera/db's {@link EntitlementRow} (index, identity, wallet, country, units, gross, withholding, net) with its
 * bigint amounts as decimal strings. The one declaration of the row's shape in the web app.
 */
export type StoredEntitlement = { [K in keyof EntitlementRow]: EntitlementRow[K] extends bigint ? string : EntitlementRow[K] };

/** The payment of a leaf from the index (the Distributor's `Claimed`): its transaction and the wallet paid. */
export interface LeafPayment {
  txHash: string | null;
  paidTo: string | null;
}

/** One entitlement (leaf) as the issuer sees it, with its payment when indexed. */
export interface EntitlementDto extends StoredEntitlement, LeafPayment {
  /** Whether the leaf was paid (claimed or pushed), from the index. */
  claimed: boolean;
}

/** A distribution of an asset: its draft terms and, once posted, its on-chain state from the index. */
export interface DistributionDto {
  token: string;
  root: string;
  kind: DistributionKind;
  couponNumber: number | null;
  recordBlock: string;
  /** The UTC day the record date was given as, when it was. */
  recordDay: string | null;
  paymentToken: TokenInfoDto;
  /** The terms: exactly one of totalAmount (pro rata) and ratePerUnit is set. */
  totalAmount: string | null;
  ratePerUnit: string | null;
  withholdingBps: Record<string, number>;
  excluded: string[];
  includeFrozen: boolean;
  totals: DistributionTotalsDto;
  /** Whether every leaf is stored (proofs and reports available). */
  complete: boolean;
  /** The on-chain id once posted (the index has its DistributionCreated), else null. */
  id: string | null;
  /** Posted: funded total, paid so far, reclaimed and what is left (payment-token base units). */
  total: string;
  claimed: string;
  claimedCount: number;
  reclaimed: string;
  remaining: string;
  /** Unix seconds: the posted deadline, else the one chosen in the draft. */
  claimDeadline: number;
  status: DistributionStatus;
  postedTxHash: string | null;
  createdBy: string;
  createdAt: string;
}

/** GET /api/assets/[token]/distributions. */
export interface DistributionListResponse {
  distributions: DistributionDto[];
  /** The chain's head time (unix seconds): deadlines are compared with it. */
  now: number;
  /** The signed-in wallet holds CORPORATE_ACTIONS on the asset (may draft, post, push, reclaim). */
  corporateActions: boolean;
  /** The platform's Distributor and the default payment token (null when the deployments file has none). */
  distributor: string | null;
  paymentToken: TokenInfoDto | null;
  /** The asset's token decimals (a rate is per whole token). */
  tokenDecimals: number;
}

/** GET /api/assets/[token]/distributions/[root]?recordBlock: one distribution and a page of its entitlements. */
export interface DistributionDetailResponse {
  distribution: DistributionDto;
  entitlements: EntitlementDto[];
  page: number;
  pageSize: number;
  now: number;
}

/** POST /api/assets/[token]/distributions: the stored draft (idempotent by root and record block) and the first page of entitlements. */
export interface DraftResponse {
  distribution: DistributionDto;
  entitlements: EntitlementDto[];
  /** Whether this root was stored already at this record block (the same entitlements drafted before). */
  existed: boolean;
  /**
   * The asset's tokens off the home chain now, when it is enabled on other chains and any are there: the supply on each
   * other chain and the tokens in transit between chains (token base units), read from the cross-chain index. The
   * entitlements count home-chain holdings only: holders of these tokens at the record date are not in the
   * distribution (the wizard says so). Null when every token is on the home chain.
   */
  offHomeChain: { amount: string; chains: { chainId: number; supply: string }[]; inTransit: string } | null;
}

/** One leaf to push, with its proof (GET …/[root]/payments). */
export interface PaymentLeafDto {
  index: number;
  identity: string;
  wallet: string;
  amount: string;
  proof: string[];
}

/** GET /api/assets/[token]/distributions/[root]/payments?recordBlock: unpaid leaves of a posted distribution with their proofs. */
export interface PaymentsResponse {
  id: string;
  distributor: string;
  payments: PaymentLeafDto[];
  /** Unpaid leaves in total (this answer carries at most `limit`). */
  unpaid: number;
}

/**
 * One of the investor's entitlements (GET /api/me/distributions): the leaf (index, identity, gross, withholding, net) of
 * a posted distribution, identified by `root` and `recordBlock` (the proof's query) and its on-chain `id`.
 */
export interface MyEntitlementDto extends Pick<StoredEntitlement, "index" | "identity" | "gross" | "withholding" | "net">, LeafPayment {
  token: string;
  assetName: string;
  assetSymbol: string;
  root: string;
  id: string;
  distributor: string;
  kind: DistributionKind;
  couponNumber: number | null;
  recordBlock: string;
  recordTime: string | null;
  paymentToken: TokenInfoDto;
  claimDeadline: number;
  status: "claimable" | "paused" | "claimed" | "expired" | "reclaimed";
}

/** GET /api/me/distributions. */
export interface MyDistributionsResponse {
  entitlements: MyEntitlementDto[];
  total: number;
  page: number;
  pageSize: number;
  now: number;
  /** The identities the signed-in wallet is registered to (what entitlements are matched by). */
  identities: string[];
}

/** GET /api/me/distributions/proof: the leaf and its proof, for `claim`. */
export interface ProofResponse {
  distributor: string;
  id: string;
  index: number;
  identity: string;
  amount: string;
  proof: string[];
}
