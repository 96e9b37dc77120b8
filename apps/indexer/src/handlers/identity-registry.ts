// IdentityRegistry events → Investor (wallet, ONCHAINID identity, country, KYC expiry, registered), and the holder
// counts of assets whose holding wallets now belong to another identity (a holder is an identity).
import { recountHoldersOf } from "../store/holders.ts";
import type { ContextOf, HandlersOf } from "./types.ts";

type Context = ContextOf<"IdentityRegistry">;

/** Updates one registered wallet's row of the registry at `registry` (journaled first). */
async function setInvestor(context: Context, registry: string, wallet: string, block: bigint, assignments: string, values: unknown[]) {
  await context.journal?.investors(registry, [wallet]);
  await context.db.query(
    `UPDATE "Investor" SET ${assignments}, "updatedBlock" = $4 WHERE "chainId" = $1 AND "identityRegistry" = $2 AND "wallet" = $3`,
    [context.chainId, registry, wallet, block.toString(), ...values],
  );
}

export const identityRegistryHandlers = {
  "IdentityRegistry:IdentityRegistered": async (event, context) => {
    const { investorAddress, identity } = event.args;
    await context.journal?.investors(event.address, [investorAddress]);
    await context.db.query(
      `INSERT INTO "Investor" ("chainId", "identityRegistry", "wallet", "identity", "country", "registered", "registeredBlock", "updatedBlock")
       VALUES ($1, $2, $3, $4, 0, true, $5, $5)
       ON CONFLICT ("chainId", "identityRegistry", "wallet") DO UPDATE SET "identity" = EXCLUDED."identity", "registered" = true,
         "kycExpiresAt" = NULL, "registeredBlock" = EXCLUDED."registeredBlock", "updatedBlock" = EXCLUDED."updatedBlock"`,
      [context.chainId, event.address, investorAddress, identity, event.blockNumber.toString()],
    );
    // Registered (or re-registered) while holding tokens: the wallet's holder key may have changed.
    await recountHoldersOf(context.db, context.chainId, context.journal, event.address, [investorAddress]);
  },
  "IdentityRegistry:CountryUpdated": (event, context) =>
    setInvestor(context, event.address, event.args.investorAddress, event.blockNumber, `"country" = $5`, [event.args.country]),
  "IdentityRegistry:KycUpdated": (event, context) => {
    const { expiresAt } = event.args;
    return setInvestor(context, event.address, event.args.investorAddress, event.blockNumber, `"kycExpiresAt" = $5::bigint`,
      [expiresAt === 0n ? null : expiresAt.toString()]);
  },
  // The wallet keeps its identity on record (registered = false): its holder key, so every holder count, stays.
  "IdentityRegistry:IdentityRemoved": (event, context) =>
    setInvestor(context, event.address, event.args.investorAddress, event.blockNumber, `"registered" = false`, []),
  // ERC-3643's IdentityUpdated does not name the wallet (an identity may have several): the registry emits
  // InvestorIdentityUpdated with it in the same call, and that event moves exactly the one wallet.
  "IdentityRegistry:IdentityUpdated": null,
  "IdentityRegistry:InvestorIdentityUpdated": async (event, context) => {
    const { investorAddress: wallet, newIdentity } = event.args;
    await setInvestor(context, event.address, wallet, event.blockNumber, `"identity" = $5`, [newIdentity]);
    // The wallet's holder key changed: the holder counts of the assets it holds are recounted.
    await recountHoldersOf(context.db, context.chainId, context.journal, event.address, [wallet]);
  },
  // Not indexed: the registry's own agents, claim topics, trusted issuers and ownership.
  "IdentityRegistry:AgentAdded": null,
  "IdentityRegistry:AgentRemoved": null,
  "IdentityRegistry:ClaimTopicAdded": null,
  "IdentityRegistry:ClaimTopicRemoved": null,
  "IdentityRegistry:OwnershipTransferStarted": null,
  "IdentityRegistry:OwnershipTransferred": null,
  "IdentityRegistry:TokenFactorySet": null,
  "IdentityRegistry:TrustedIssuerAdded": null,
  "IdentityRegistry:TrustedIssuerRemoved": null,
} satisfies HandlersOf<"IdentityRegistry">;
