// TokenFactory events → Asset rows. Discovery itself (which token, compliance and AccessManager to follow) is declared
// in contracts.ts and applied by follow.ts; these handlers write what the apps read. The store runs the factory's
// handlers before the range's other events: deployAsset emits the token's, modules' and manager's events before
// AssetDeployed in the same transaction.
import type { HandlersOf } from "./types.ts";

export const factoryHandlers = {
  "TokenFactory:AssetDeployed": async (event, context) => {
    const a = event.args;
    await context.journal?.assets([a.token]);
    const inserted = await context.db.query(
      `INSERT INTO "Asset" ("chainId", "token", "issuer", "compliance", "identityRegistry", "name", "symbol", "decimals",
         "assetClass", "totalSupply", "allowedCountries", "maxHolders", "maxBalance", "deployedBlock", "deployedTxHash", "deployedAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, '{}', 0, 0, $10, $11, $12)
       ON CONFLICT ("chainId", "token") DO NOTHING`,
      [context.chainId, a.token, a.issuer, a.compliance, a.identityRegistry, a.name, a.symbol, a.decimals, a.assetClass,
        event.blockNumber.toString(), event.txHash, context.blockTime(event.blockNumber)],
    );
    if (inserted.rowCount) context.result.newAssets.set(a.token, a.compliance);
  },
  // The asset's AccessManager (its role events of the same transaction come before this event).
  "TokenFactory:AccessManagerDeployed": (event, context) =>
    context.setAsset(event.args.token, `"accessManager" = $3`, [event.args.accessManager]),
} satisfies HandlersOf<"TokenFactory">;
