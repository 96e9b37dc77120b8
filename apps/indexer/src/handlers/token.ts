// Token events → Asset (paused, name/symbol/decimals, compliance, accessManager), AssetDocument, AssetAgent, Holding
// (freezes) and Transfer (batched: the store writes the range's transfers by COPY and moves balances set-based).
import { bridgeSet } from "./crosschain.ts";
import type { ContextOf, EventOf, HandlersOf } from "./types.ts";

/**
 * Freeze flag, frozen amount and locked amount of one holding (the row is created with a zero balance if missing).
 * Deltas are token base units.
 */
async function upsertHolding(
  context: ContextOf<"Token">,
  wallet: string,
  block: bigint,
  frozen: boolean | null,
  frozenDelta: bigint,
  lockedDelta = 0n,
): Promise<void> {
  await context.journal?.holdings([[context.token, wallet]]);
  await context.db.query(
    `INSERT INTO "Holding" ("chainId", "token", "wallet", "balance", "frozen", "frozenAmount", "lockedAmount", "updatedBlock")
     VALUES ($1, $2, $3, 0, COALESCE($4::boolean, false), $5::numeric, $7::numeric, $6)
     ON CONFLICT ("chainId", "token", "wallet") DO UPDATE SET
       "frozen" = COALESCE($4::boolean, "Holding"."frozen"),
       "frozenAmount" = "Holding"."frozenAmount" + $5::numeric,
       "lockedAmount" = "Holding"."lockedAmount" + $7::numeric,
       "updatedBlock" = GREATEST("Holding"."updatedBlock", $6)`,
    [context.chainId, context.token, wallet, frozen, frozenDelta.toString(), block.toString(), lockedDelta.toString()],
  );
}

const document = async (event: EventOf<"Token", "DocumentUpdated" | "DocumentRemoved">, context: ContextOf<"Token">) => {
  const { name, uri, documentHash } = event.args;
  await context.journal?.document(context.token, name);
  await context.db.query(
    `INSERT INTO "AssetDocument" ("chainId", "token", "name", "uri", "documentHash", "removed", "updatedBlock")
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT ("chainId", "token", "name") DO UPDATE SET "uri" = EXCLUDED."uri", "documentHash" = EXCLUDED."documentHash",
       "removed" = EXCLUDED."removed", "updatedBlock" = EXCLUDED."updatedBlock"`,
    [context.chainId, context.token, name, uri, documentHash, event.name === "DocumentRemoved", event.blockNumber.toString()],
  );
};

const agent = async (event: EventOf<"Token", "AgentAdded" | "AgentRemoved">, context: ContextOf<"Token">) => {
  await context.journal?.agent(context.token, event.args.agent);
  await context.db.query(
    `INSERT INTO "AssetAgent" ("chainId", "token", "agent", "active", "updatedBlock") VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ("chainId", "token", "agent") DO UPDATE SET "active" = EXCLUDED."active", "updatedBlock" = EXCLUDED."updatedBlock"`,
    [context.chainId, context.token, event.args.agent, event.name === "AgentAdded", event.blockNumber.toString()],
  );
};

const partialFreeze = (event: EventOf<"Token", "TokensFrozen" | "TokensUnfrozen">, context: ContextOf<"Token">) =>
  upsertHolding(context, event.args.userAddress, event.blockNumber, null,
    event.name === "TokensFrozen" ? event.args.amount : -event.args.amount);

export const tokenHandlers = {
  // The hot path: appended to the range's batch, written with the other transfers (store/transfers.ts).
  "Token:Transfer": (event, context) => {
    context.transfers.push(event);
  },
  "Token:Paused": (_, context) => context.setAsset(context.token, `"paused" = $3`, [true]),
  "Token:Unpaused": (_, context) => context.setAsset(context.token, `"paused" = $3`, [false]),
  "Token:UpdatedTokenInformation": (event, context) =>
    context.setAsset(context.token, `"name" = $3, "symbol" = $4, "decimals" = $5`, [event.args.name, event.args.symbol, event.args.decimals]),
  "Token:ComplianceAdded": async (event, context) => {
    // The compliance the token now calls (follow.ts moved the followed compliance with it).
    const { compliance } = event.args;
    const current = await context.db.query<{ compliance: string }>(
      `SELECT "compliance" FROM "Asset" WHERE "chainId" = $1 AND "token" = $2`,
      [context.chainId, context.token],
    );
    if (current.rows[0] && current.rows[0].compliance !== compliance) {
      await context.setAsset(context.token, `"compliance" = $3`, [compliance]);
      context.result.complianceChanges.set(context.token, compliance);
    }
  },
  // The token now answers to another AccessManager (follow.ts follows its role events from here on).
  "Token:AuthorityUpdated": (event, context) => context.setAsset(context.token, `"accessManager" = $3`, [event.args.authority]),
  "Token:DocumentUpdated": document,
  "Token:DocumentRemoved": document,
  "Token:AgentAdded": agent,
  "Token:AgentRemoved": agent,
  "Token:AddressFrozen": (event, context) => upsertHolding(context, event.args.userAddress, event.blockNumber, event.args.isFrozen, 0n),
  "Token:TokensFrozen": partialFreeze,
  "Token:TokensUnfrozen": partialFreeze,
  // Locks (ITokenLock): a locker (the vault, the DvP) reserved or released part of a balance; an agent move that took
  // locked tokens, or a recovery, announces the release the same way.
  "Token:TokensLocked": (event, context) =>
    upsertHolding(context, event.args.wallet, event.blockNumber, null, 0n, event.args.amount),
  "Token:TokensUnlocked": (event, context) =>
    upsertHolding(context, event.args.wallet, event.blockNumber, null, 0n, -event.args.amount),
  // Not indexed: allowances, ERC-7943's Frozen (TokensFrozen/TokensUnfrozen carry the change), the forced transfer's
  // Transfer is indexed, recoveries show as transfers and registry records, initialization and ownership.
  "Token:Approval": null,
  "Token:EIP712DomainChanged": null,
  "Token:ForcedTransfer": null,
  "Token:Frozen": null,
  "Token:IdentityRegistryAdded": null,
  "Token:Initialized": null,
  "Token:InvestorRecordSynced": null,
  // Which contracts may lock is the issuer's configuration, read from the chain when needed (`isLocker`).
  "Token:LockerSet": null,
  "Token:OwnershipTransferred": null,
  "Token:RecoverySuccess": null,
  // ERC-7802: the balance change is the Transfer from or to zero; the bridge's own events carry the cross-chain view.
  "Token:CrosschainMint": null,
  "Token:CrosschainBurn": null,
  // The AssetBridge the token trusts now (follow.ts follows its events from here on: handlers/crosschain.ts).
  "Token:BridgeSet": (event, context) => context.setAsset(context.token, `"bridge" = $3`, [bridgeSet(event.args.bridge)]),
} satisfies HandlersOf<"Token">;
