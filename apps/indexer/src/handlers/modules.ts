// Compliance module singletons' events (contracts.ts: only those for a followed compliance) → ComplianceEvent, every
// one of them; the three modules TokenFactory.deployAsset wires in also keep their Asset columns (allowedCountries,
// maxHolders, maxBalance), which the web reads. A new module: declare it in contracts.ts and add
// `...everyEvent("NewModule", record)` here (or handlers of its own that also call `record`).
import type { ContractName } from "../contracts.ts";
import { everyEvent, recordComplianceEvent } from "./compliance-event.ts";
import type { AssetHandlerContext, HandlersOf } from "./types.ts";

/** Module names of contracts.ts. */
export type ModuleName = Extract<ContractName, `${string}Module`>;

/** The ComplianceEvent row of a module event: the compliance it names, the emitting module. */
const record = (event: { address: string; args: { compliance: string } } & Parameters<typeof recordComplianceEvent>[0], context: AssetHandlerContext) =>
  recordComplianceEvent(event, context, event.args.compliance, event.address);

/** What removing a module from a compliance turns off in the asset's own columns (the rule is off: empty / 0). */
export const ruleOffWhenRemoved: Partial<Record<ContractName, string>> = {
  CountryAllowModule: `"allowedCountries" = '{}'`,
  MaxHoldersModule: `"maxHolders" = 0`,
  MaxBalanceModule: `"maxBalance" = 0`,
};

export const moduleHandlers = {
  "CountryAllowModule:CountryAllowed": async (event, context) => {
    await record(event, context);
    await context.setAsset(context.token, `"allowedCountries" = array_append("allowedCountries", $3::int)`, [event.args.country],
      ` AND NOT ($3::int = ANY("allowedCountries"))`);
  },
  "CountryAllowModule:CountryUnallowed": async (event, context) => {
    await record(event, context);
    await context.setAsset(context.token, `"allowedCountries" = array_remove("allowedCountries", $3::int)`, [event.args.country]);
  },
  "MaxHoldersModule:HolderLimitSet": async (event, context) => {
    await record(event, context);
    await context.setAsset(context.token, `"maxHolders" = $3::numeric`, [event.args.limit.toString()]);
  },
  "MaxHoldersModule:CountryHolderLimitSet": record,
  "MaxBalanceModule:MaxBalanceSet": async (event, context) => {
    await record(event, context);
    await context.setAsset(context.token, `"maxBalance" = $3::numeric`, [event.args.maxBalance.toString()]);
  },
  ...everyEvent("TransferLimitModule", record),
  ...everyEvent("IdentityMaxBalanceModule", record),
  ...everyEvent("CountryBlockModule", record),
  ...everyEvent("SupplyCapModule", record),
  ...everyEvent("MinHoldingModule", record),
  ...everyEvent("LockUpModule", record),
  ...everyEvent("ManualApprovalModule", record),
  ...everyEvent("InvestorLimitsModule", record),
} satisfies HandlersOf<ModuleName>;
