// The MoneyLegEvent table: every money-leg event of an asset in chain order (the vault's requests, fulfilments, claims,
// cancellations and NAV; the Distributor's distributions and claims; DvP offers and settlements; bond terms and
// redemptions), with the wallets it concerns and its decoded arguments as JSON. Append-only, so a reorg only deletes
// rows above the common ancestor (store/rollback.ts), like Transfer and ComplianceEvent.
import type { DecodedEvent } from "../contracts.ts";
import { argsJson } from "../store/sql.ts";
import { everyEvent } from "./compliance-event.ts";
import type { HandlerContext, HandlersOf } from "./types.ts";

/** Which money-leg contract emitted an event (the `source` column). */
export type MoneyLegSource = "vault" | "distributor" | "dvp" | "bond";

/** The wallet-valued arguments an investor's history follows (others, e.g. `identity` or `token`, are not wallets). */
const WALLET_ARGS = ["controller", "owner", "receiver", "sender", "wallet", "holder", "seller", "buyer", "account"] as const;

/** The lower-case, distinct, non-zero wallets among an event's arguments named in {@link WALLET_ARGS}. */
export function walletsOf(args: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const name of WALLET_ARGS) {
    const v = args[name];
    if (typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v) && !/^0x0{40}$/.test(v)) out.add(v.toLowerCase());
  }
  return [...out];
}

/**
 * Records one event as a MoneyLegEvent row of asset `token` (lower-case), with its transaction's sender (`txFrom`,
 * fetched with the block: contracts.ts `senders`). Idempotent per (chain, block, log index).
 * @param source The emitting contract's kind.
 */
export async function recordMoneyLegEvent(
  event: DecodedEvent,
  context: HandlerContext,
  token: string,
  source: MoneyLegSource,
): Promise<void> {
  const args = event.args as Record<string, unknown>;
  await context.db.query(
    `INSERT INTO "MoneyLegEvent" ("chainId", "blockNumber", "logIndex", "txHash", "blockTime", "token", "source", "contract", "event", "wallets", "args", "txFrom")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
    [context.chainId, event.blockNumber.toString(), event.logIndex, event.txHash, context.blockTime(event.blockNumber), token.toLowerCase(),
      source, event.address, event.name, walletsOf(args), argsJson(args), context.sender(event.txHash)],
  );
}

/**
 * The asset of an event that names only an id (a Distributor claim, a DvP cancellation): the `token` argument of the
 * event that created that id on the same contract, already recorded (handlers run in chain order, in the range's
 * transaction). Null when the creating event is unknown (a contract followed from a later block than it was used).
 * @param created The creating event's name, e.g. "DistributionCreated" or "OfferCreated".
 * @param id The id, as the decoded argument (bigint).
 */
export async function tokenOfId(context: HandlerContext, contract: string, created: string, id: bigint): Promise<string | null> {
  const r = await context.db.query<{ token: string }>(
    `SELECT "token" FROM "MoneyLegEvent" WHERE "chainId" = $1 AND "contract" = $2 AND "event" = $3 AND "args"->>'id' = $4 LIMIT 1`,
    [context.chainId, contract, created, id.toString()],
  );
  return r.rows[0]?.token ?? null;
}

/**
 * A singleton's event: its asset is its `token` argument, or, for events naming only an `id`, the token of the event
 * `created` that made that id. An event whose asset cannot be found (an id created before the indexer's start block)
 * is not recorded.
 */
const bySingleton = (source: MoneyLegSource, created: string) => async (event: DecodedEvent, context: HandlerContext) => {
  const args = event.args as Record<string, unknown>;
  const token = typeof args.token === "string"
    ? args.token
    : typeof args.id === "bigint"
      ? await tokenOfId(context, event.address, created, args.id)
      : null;
  if (token) await recordMoneyLegEvent(event, context, token, source);
};

export const moneyLegHandlers = {
  // The asset's vault (followed from here on, contracts.ts), then the event itself.
  "VaultFactory:VaultDeployed": async (event, context) => {
    await context.setAsset(event.args.token, `"vault" = $3`, [event.args.vault]);
    await recordMoneyLegEvent(event, context, event.args.token, "vault");
  },
  ...everyEvent("TesseraVault", (event, context) => recordMoneyLegEvent(event, context, context.token, "vault")),
  ...everyEvent("Distributor", bySingleton("distributor", "DistributionCreated")),
  ...everyEvent("DvP", bySingleton("dvp", "OfferCreated")),
  ...everyEvent("Bond", bySingleton("bond", "BondTermsSet")),
} satisfies HandlersOf<"VaultFactory"> & HandlersOf<"TesseraVault"> & HandlersOf<"Distributor"> & HandlersOf<"DvP"> & HandlersOf<"Bond">;
