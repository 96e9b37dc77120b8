/**
 * Which money-leg events move the payment token, for whom, and which way: the one table the cash history (GET
 * /api/me/cash, its CSV) is derived from. Read from the contracts (contracts/src): each leg names the event's argument
 * holding the wallet whose payment-token balance changes and the argument holding the amount (payment-token base
 * units), with the sign for that wallet. An event that moves no cash (a redemption request locks tokens, a fulfilment
 * moves escrow to the treasury, a deposit claim mints shares, a cancellation request only marks the amount) has no leg.
 */

/** A kind of cash movement of an investor's wallet. */
export type CashKind =
  | "subscription-paid"
  | "subscription-refunded"
  | "redemption-proceeds"
  | "distribution-claimed"
  | "distribution-pushed"
  | "distribution-reclaimed"
  | "dvp-paid"
  | "dvp-received"
  | "bond-redemption";

/** One cash leg of a money-leg event. */
export interface CashLeg {
  /** MoneyLegEvent.source. */
  source: "vault" | "distributor" | "dvp" | "bond";
  /** MoneyLegEvent.event. */
  event: string;
  /** The argument naming the wallet whose payment-token balance moves. */
  walletArg: string;
  /** The argument holding the amount, payment-token base units. */
  amountArg: string;
  /** +1: the wallet receives; -1: the wallet pays. */
  sign: 1 | -1;
  kind: CashKind;
}

/**
 * Every cash leg, in the order a transaction's legs are listed (`leg` numbers are indexes into this table):
 * - vault `DepositRequest(controller, owner, requestId, sender, assets)`: `owner` pays `assets` into escrow;
 * - vault `CancelDepositClaim(controller, receiver, requestId, sender, assets)`: a cancelled subscription's `assets`
 *   go back to `receiver`;
 * - vault `Withdraw(sender, receiver, owner, assets, shares)` (ERC-4626, the redemption claim): `receiver` gets `assets`;
 * - Distributor `Claimed(id, index, identity, wallet, amount)`: `wallet` gets `amount`; the event is the same whether
 *   the wallet claimed it or a CORPORATE_ACTIONS member pushed it (`pushBatch`), so the leg's kind is
 *   `distribution-claimed` and the reader turns it into `distribution-pushed` when the transaction's sender is not the
 *   wallet ({@link refineKind});
 * - Distributor `Reclaimed(id, account, amount)`: the unclaimed rest goes back to `account` after the deadline;
 * - DvP `OfferTaken(id, buyer, seller, token, amount, paymentToken, price)`: `buyer` pays `price` to `seller`;
 * - Bond `RedeemedAtMaturity(token, holder, by, amount, payment)`: `holder` gets `payment` (face value).
 */
export const CASH_LEGS: readonly CashLeg[] = [
  { source: "vault", event: "DepositRequest", walletArg: "owner", amountArg: "assets", sign: -1, kind: "subscription-paid" },
  { source: "vault", event: "CancelDepositClaim", walletArg: "receiver", amountArg: "assets", sign: 1, kind: "subscription-refunded" },
  { source: "vault", event: "Withdraw", walletArg: "receiver", amountArg: "assets", sign: 1, kind: "redemption-proceeds" },
  { source: "distributor", event: "Claimed", walletArg: "wallet", amountArg: "amount", sign: 1, kind: "distribution-claimed" },
  { source: "distributor", event: "Reclaimed", walletArg: "account", amountArg: "amount", sign: 1, kind: "distribution-reclaimed" },
  { source: "dvp", event: "OfferTaken", walletArg: "buyer", amountArg: "price", sign: -1, kind: "dvp-paid" },
  { source: "dvp", event: "OfferTaken", walletArg: "seller", amountArg: "price", sign: 1, kind: "dvp-received" },
  { source: "bond", event: "RedeemedAtMaturity", walletArg: "holder", amountArg: "payment", sign: 1, kind: "bond-redemption" },
];

/** Each kind in words (UI and CSV). */
export const CASH_KIND_LABEL: Record<CashKind, string> = {
  "subscription-paid": "Subscription paid into escrow",
  "subscription-refunded": "Cancelled subscription refunded",
  "redemption-proceeds": "Redemption proceeds claimed",
  "distribution-claimed": "Distribution claimed",
  "distribution-pushed": "Distribution paid to you (pushed)",
  "distribution-reclaimed": "Unclaimed distribution returned",
  "dvp-paid": "DvP trade: payment made",
  "dvp-received": "DvP trade: payment received",
  "bond-redemption": "Bond redeemed at face value",
};

/** The events with a cash leg (a filter on MoneyLegEvent.event). */
export const CASH_EVENTS: readonly string[] = [...new Set(CASH_LEGS.map((l) => l.event))];

/**
 * The kind of a movement once its transaction's sender is known: a Distributor `Claimed` the wallet did not send was
 * pushed to it. Every other kind is already final.
 * @param sender the transaction's `from` (any case)
 */
export function refineKind(kind: CashKind, wallet: string, sender: string): CashKind {
  return kind === "distribution-claimed" && sender.toLowerCase() !== wallet.toLowerCase() ? "distribution-pushed" : kind;
}
