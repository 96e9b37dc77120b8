/**
 * Delivery versus payment between investors (the platform's `DvP`, ARCHITECTURE.md "Money leg"): a seller offers
 * tokens of an asset for a price in a payment token, to a named buyer or any verified buyer, until an expiry; the
 * buyer takes it and both legs settle in one transaction or not at all. Browser-safe.
 *
 * Units: `amount` in token base units; `price` in payment-token base units for the whole amount (not per unit);
 * `expiry` in unix seconds (takeable while the block's time is before it). The DvP's own pre-checks (`checkOffer`,
 * `checkTake`) run before anything is signed, so the buyer reads "you are not verified for this asset" or "this would
 * exceed the asset's maximum number of holders" in words, and the compliance runs again on-chain at settlement.
 */
import { parseAbi, parseSignature, zeroAddress, type Abi, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { z } from "zod";
import { dvpAbi } from "@tessera/contracts";
import { dvpCodeMessage, refusal } from "../errors";
import { addressSchema, amountSchema, parseInput, uintSchema, unixSecondsSchema } from "../schemas";
import { accountOf, simulateAndWrite, type WriteResult } from "../send";
import { chainTime, ensureAllowance, eventsOf, view } from "./payment";

const abi = dvpAbi as Abi;

/** The life of an offer (`IDvP.OfferStatus`). */
export const OFFER_STATUS = ["None", "Open", "Taken", "Cancelled", "Released"] as const;
export type OfferStatus = (typeof OFFER_STATUS)[number];

/** An offer as the DvP stores it; a closed offer keeps seller, expiry and status only (the rest reads zero). */
export type Offer = {
  id: bigint;
  seller: Address;
  /** Unix seconds. */
  expiry: bigint;
  status: OfferStatus;
  token: Address;
  paymentToken: Address;
  /** The named buyer, or null for any verified buyer. */
  buyer: Address | null;
  /** Token base units. */
  amount: bigint;
  /** Payment-token base units for the whole amount. */
  price: bigint;
};

/** A pre-check's answer: allowed or not, the code (0, a restriction code 1..17 or a DvP code 100..112) and its words. */
export type DvPCheck = { ok: boolean; code: number; reason: string };

// ------------------------------------------------------------------------------------------------ readers

const offerIdSchema = z.object({ dvp: addressSchema, id: uintSchema });

/**
 * Offer `id`.
 * @throws TesseraError InvalidInput, or the read's failure in words.
 */
export async function getOffer(publicClient: PublicClient, params: { dvp: Address; id: bigint | number }): Promise<Offer> {
  const p = parseInput(offerIdSchema, params);
  const o = await view<{ seller: Address; expiry: bigint; status: number; token: Address; paymentToken: Address; buyer: Address; amount: bigint; price: bigint }>(
    publicClient,
    p.dvp,
    abi,
    "getOffer",
    [p.id],
  );
  return {
    id: p.id,
    seller: o.seller,
    expiry: BigInt(o.expiry),
    status: OFFER_STATUS[o.status] ?? "None",
    token: o.token,
    paymentToken: o.paymentToken,
    buyer: o.buyer === zeroAddress ? null : o.buyer,
    amount: o.amount,
    price: o.price,
  };
}

/** The number of offers created (ids run from 1). */
export async function getOfferCount(publicClient: PublicClient, params: { dvp: Address }): Promise<bigint> {
  const p = parseInput(z.object({ dvp: addressSchema }), params);
  return view<bigint>(publicClient, p.dvp, abi, "offerCount");
}

const checkOfferSchema = z.object({ dvp: addressSchema, token: addressSchema, seller: addressSchema, buyer: addressSchema.optional(), amount: amountSchema });

/**
 * Whether `seller` may offer `amount` token base units of `token` to `buyer` (omitted: any verified buyer) now, in
 * words: DvP enabled for the asset, pause, freezes, the seller's available balance, and for a named buyer its
 * verification and the compliance.
 */
export async function checkOffer(
  publicClient: PublicClient,
  params: { dvp: Address; token: Address; seller: Address; buyer?: Address; amount: bigint },
): Promise<DvPCheck> {
  const p = parseInput(checkOfferSchema, params);
  const [code, reason] = await view<readonly [number, string]>(publicClient, p.dvp, abi, "checkOffer", [p.token, p.seller, p.buyer ?? zeroAddress, p.amount]);
  return { ok: code === 0, code, reason };
}

const checkTakeSchema = z.object({ dvp: addressSchema, id: uintSchema, buyer: addressSchema });

/**
 * Whether `buyer` could take offer `id` now, worded for the buyer ("you are not verified for this asset"): the offer's
 * state and expiry, the named buyer, pause, freezes, the buyer's verification and the compliance, then the buyer's
 * payment-token balance and allowance (code 112, allowance short, is what {@link takeOffer} fixes by approving).
 */
export async function checkTake(publicClient: PublicClient, params: { dvp: Address; id: bigint | number; buyer: Address }): Promise<DvPCheck> {
  const p = parseInput(checkTakeSchema, params);
  const [code, reason] = await view<readonly [number, string]>(publicClient, p.dvp, abi, "checkTake", [p.id, p.buyer]);
  return { ok: code === 0, code, reason };
}

// ------------------------------------------------------------------------------------------------ seller

/**
 * Parameters of {@link createOffer}: `amount` token base units of `token` for `price` payment-token base units of
 * `paymentToken`, to `buyer` (omitted: any verified buyer), until `expiry` (unix seconds, in the future).
 */
export const createOfferSchema = z.object({
  dvp: addressSchema,
  token: addressSchema,
  amount: amountSchema,
  paymentToken: addressSchema,
  price: amountSchema,
  buyer: addressSchema.optional(),
  expiry: unixSecondsSchema,
});
export type CreateOfferParams = z.input<typeof createOfferSchema>;

/**
 * Offers tokens from the wallet (the seller); the amount is locked in the seller's wallet (not frozen, not escrowed)
 * until the offer is taken, cancelled or released. Refused in words before any transaction: zero amount or price,
 * an expiry not in the future, the payment token equal to the asset, and whatever the DvP's `checkOffer` reports (DvP
 * not enabled, paused, frozen, the available balance short, a named buyer not verified or refused by the compliance).
 * @returns The transaction and the offer's id.
 * @throws TesseraError InvalidAmount, InvalidPrice, InvalidExpiry, InvalidPaymentToken, UnknownToken,
 *   OfferRestricted (code and words of `checkOffer`).
 */
export async function createOffer(walletClient: WalletClient, publicClient: PublicClient, params: CreateOfferParams): Promise<WriteResult & { id: bigint }> {
  const p = parseInput(createOfferSchema, params);
  const seller = accountOf(walletClient).address;
  if (p.amount === 0n) throw refusal("InvalidAmount", [p.amount]);
  if (p.price === 0n) throw refusal("InvalidPrice", [p.price]);
  if (p.paymentToken.toLowerCase() === p.token.toLowerCase()) throw refusal("InvalidPaymentToken", [p.paymentToken]);
  const now = await chainTime(publicClient);
  if (p.expiry <= now) throw refusal("InvalidExpiry", [p.expiry, now]);
  const buyer = p.buyer ?? zeroAddress;
  const check = await checkOffer(publicClient, { dvp: p.dvp, token: p.token, seller, buyer, amount: p.amount });
  if (check.code === 108) throw refusal("UnknownToken", [p.token]);
  if (!check.ok) throw refusal("OfferRestricted", [p.token, seller, buyer, p.amount, check.code], check.reason);
  const { hash, receipt, result } = await simulateAndWrite(
    walletClient,
    publicClient,
    { address: p.dvp, abi, functionName: "createOffer", args: [p.token, p.amount, p.paymentToken, p.price, buyer, p.expiry] },
    { label: "create an offer" },
  );
  const [created] = eventsOf<{ id: bigint }>(receipt, abi, "OfferCreated", p.dvp);
  return { hash, receipt, id: created?.id ?? (result as bigint) };
}

/** An open offer, or a refusal in words (OfferNotFound, OfferNotOpen). */
async function openOffer(publicClient: PublicClient, dvp: Address, id: bigint): Promise<Offer> {
  const o = await getOffer(publicClient, { dvp, id });
  if (o.status === "None") throw refusal("OfferNotFound", [id]);
  if (o.status !== "Open") throw refusal("OfferNotOpen", [id, OFFER_STATUS.indexOf(o.status)]);
  return o;
}

/**
 * Cancels open offer `id` and releases its lock: the seller, or an agent of the asset or a holder of its role
 * TRANSFER_MANAGER or ISSUER (a compliance officer's stop), expired or not.
 * @throws TesseraError OfferNotFound, OfferNotOpen (before any transaction), NotOfferCanceller.
 */
export async function cancelOffer(walletClient: WalletClient, publicClient: PublicClient, params: { dvp: Address; id: bigint | number }): Promise<WriteResult> {
  const p = parseInput(offerIdSchema, params);
  await openOffer(publicClient, p.dvp, p.id);
  const { hash, receipt } = await simulateAndWrite(walletClient, publicClient, { address: p.dvp, abi, functionName: "cancelOffer", args: [p.id] }, { label: "cancel an offer" });
  return { hash, receipt };
}

/**
 * Closes open offer `id` after its expiry and releases the seller's lock; anyone may call it.
 * @throws TesseraError OfferNotFound, OfferNotOpen, OfferNotExpired (before any transaction).
 */
export async function releaseExpired(walletClient: WalletClient, publicClient: PublicClient, params: { dvp: Address; id: bigint | number }): Promise<WriteResult> {
  const p = parseInput(offerIdSchema, params);
  const o = await openOffer(publicClient, p.dvp, p.id);
  if ((await chainTime(publicClient)) < o.expiry) throw refusal("OfferNotExpired", [p.id, o.expiry]);
  const { hash, receipt } = await simulateAndWrite(walletClient, publicClient, { address: p.dvp, abi, functionName: "releaseExpired", args: [p.id] }, { label: "release an expired offer" });
  return { hash, receipt };
}

// ------------------------------------------------------------------------------------------------ buyer

/**
 * Parameters of {@link takeOffer}. `approval`: how the DvP gets the right to pull the price when the buyer's allowance
 * is short: "permit" (an ERC-2612 signature, one transaction: `takeOfferWithPermit`), "approve" (an ERC-20 approval
 * first), or "auto" (default: permit when the payment token offers ERC-2612 with ERC-5267 `eip712Domain`, else approve).
 */
export const takeOfferSchema = z.object({
  dvp: addressSchema,
  id: uintSchema,
  approval: z.enum(["auto", "permit", "approve"]).default("auto"),
});
export type TakeOfferParams = z.input<typeof takeOfferSchema>;

/** The contract error a `checkTake` code stands for, so a pre-check refusal is named as the revert would be. */
function takeRefusal(code: number, reason: string, o: Offer, buyer: Address) {
  const id = o.id;
  if (code === 100) return refusal("OfferNotFound", [id], reason);
  if (code >= 101 && code <= 103) return refusal("OfferNotOpen", [id, code - 99], reason);
  if (code === 104) return refusal("OfferExpired", [id, o.expiry], reason);
  if (code === 105 || code === 106) return refusal("NotOfferBuyer", [id, buyer], reason);
  if (code === 111) return refusal("ERC20InsufficientBalance", [buyer, 0n, o.price], reason);
  return refusal("OfferRestricted", [o.token, o.seller, buyer, o.amount, code], reason || dvpCodeMessage(code));
}

const permitAbi = parseAbi([
  "function nonces(address owner) view returns (uint256)",
  "function eip712Domain() view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)",
]);

/** An ERC-2612 permit for `spender` to pull `value` of the wallet's `token`, or null when the token offers none. */
async function signPermit(
  walletClient: WalletClient,
  publicClient: PublicClient,
  p: { token: Address; spender: Address; value: bigint; deadline: bigint },
): Promise<{ v: number; r: Hex; s: Hex } | null> {
  const account = accountOf(walletClient);
  let domain: readonly [Hex, string, string, bigint, Address, Hex, readonly bigint[]];
  let nonce: bigint;
  try {
    [domain, nonce] = await Promise.all([
      publicClient.readContract({ address: p.token, abi: permitAbi, functionName: "eip712Domain" }),
      publicClient.readContract({ address: p.token, abi: permitAbi, functionName: "nonces", args: [account.address] }),
    ]);
  } catch {
    return null;
  }
  const [, name, version, chainId, verifyingContract] = domain;
  const signature = await walletClient.signTypedData({
    account,
    domain: { name, version, chainId, verifyingContract },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner: account.address, spender: p.spender, value: p.value, nonce, deadline: p.deadline },
  });
  const sig = parseSignature(signature);
  return { v: sig.v !== undefined ? Number(sig.v) : sig.yParity + 27, r: sig.r, s: sig.s };
}

/**
 * Takes offer `id` as the wallet (the buyer): both legs settle in one transaction (the price from the buyer to the
 * seller, the tokens from the seller to the buyer under every transfer rule) or neither. The DvP's `checkTake` runs
 * first and refuses in words before anything is signed: an expired or closed offer, another buyer's offer, "you are
 * not verified for this asset", "this would exceed the asset's maximum number of holders", a payment-token balance
 * below the price. When only the allowance is short, the buyer signs an ERC-2612 permit (one transaction) or
 * approves the price first (see {@link takeOfferSchema} `approval`).
 * @returns The settlement's transaction, the approval's (or null; null with a permit), and whether a permit was used.
 * @throws TesseraError OfferNotFound, OfferNotOpen, OfferExpired, NotOfferBuyer, ERC20InsufficientBalance,
 *   OfferRestricted (the code and the buyer's words), or the contract's error in words.
 */
export async function takeOffer(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: TakeOfferParams,
): Promise<WriteResult & { approval: WriteResult | null; permit: boolean; offer: Offer }> {
  const p = parseInput(takeOfferSchema, params);
  const buyer = accountOf(walletClient).address;
  const offer = await getOffer(publicClient, { dvp: p.dvp, id: p.id });
  const check = await checkTake(publicClient, { dvp: p.dvp, id: p.id, buyer });
  const allowanceShort = check.code === 112;
  if (!check.ok && !allowanceShort) throw takeRefusal(check.code, check.reason, offer, buyer);
  let approval: WriteResult | null = null;
  let permit: { v: number; r: Hex; s: Hex } | null = null;
  let deadline = 0n;
  if (allowanceShort && p.approval !== "approve") {
    deadline = (await chainTime(publicClient)) + 3_600n;
    permit = await signPermit(walletClient, publicClient, { token: offer.paymentToken, spender: p.dvp, value: offer.price, deadline });
    if (!permit && p.approval === "permit") {
      throw refusal("InvalidPaymentToken", [offer.paymentToken], "the payment token does not offer ERC-2612 permits: approve the price instead");
    }
  }
  if (allowanceShort && !permit) {
    approval = await ensureAllowance(walletClient, publicClient, { paymentToken: offer.paymentToken, owner: buyer, spender: p.dvp, amount: offer.price });
  }
  const call = permit
    ? { address: p.dvp, abi, functionName: "takeOfferWithPermit", args: [p.id, deadline, permit.v, permit.r, permit.s] }
    : { address: p.dvp, abi, functionName: "takeOffer", args: [p.id] };
  const { hash, receipt } = await simulateAndWrite(walletClient, publicClient, call, { label: "take an offer" });
  return { hash, receipt, approval, permit: permit !== null, offer };
}
