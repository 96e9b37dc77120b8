// ModularCompliance events → ComplianceEvent (all but Initialized); removing one of the modules with Asset columns
// turns that rule off in the asset's row.
import { recordComplianceEvent } from "./compliance-event.ts";
import { ruleOffWhenRemoved } from "./modules.ts";
import type { EventName } from "../contracts.ts";
import type { ContextOf, EventOf, HandlersOf } from "./types.ts";

/** A compliance event, recorded with the module it names (null for TokenBound and the like). */
const record = (event: EventOf<"ModularCompliance", Exclude<EventName<"ModularCompliance">, "Initialized">>, context: ContextOf<"ModularCompliance">) => {
  const args: Record<string, unknown> = event.args;
  return recordComplianceEvent(event, context, event.address, typeof args.module === "string" ? args.module : null);
};

export const complianceHandlers = {
  "ModularCompliance:ModuleAdded": record,
  "ModularCompliance:ModuleRemoved": async (event, context) => {
    await record(event, context);
    const module = context.followed.contractAt(event.args.module);
    const off = module && ruleOffWhenRemoved[module];
    if (off) await context.setAsset(context.token, off, []);
  },
  "ModularCompliance:ModuleHookFailed": record,
  "ModularCompliance:TokenBound": record,
  "ModularCompliance:TokenUnbound": record,
  "ModularCompliance:AuthorityUpdated": record,
  "ModularCompliance:OwnershipTransferred": record,
  "ModularCompliance:Initialized": null,
} satisfies HandlersOf<"ModularCompliance">;
