// The ComplianceEvent table: every compliance configuration event of an asset in chain order (the ModularCompliance's
// own events and every module's events for it), with its decoded arguments as JSON.
import { eventNames, type ContractName, type DecodedEvent, type EventName } from "../contracts.ts";
import { argsJson } from "../store/sql.ts";
import type { AssetHandlerContext, ContextOf, EventOf, HandlersOf } from "./types.ts";

/**
 * Records one event as a ComplianceEvent row of the context's asset. `module`: the module concerned (the emitting
 * module singleton, or the module a compliance event names; null for TokenBound and the like).
 */
export async function recordComplianceEvent(
  event: DecodedEvent,
  context: AssetHandlerContext,
  compliance: string,
  module: string | null,
): Promise<void> {
  await context.db.query(
    `INSERT INTO "ComplianceEvent" ("chainId", "blockNumber", "logIndex", "txHash", "blockTime", "token", "compliance", "module", "event", "args")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
    [context.chainId, event.blockNumber.toString(), event.logIndex, event.txHash, context.blockTime(event.blockNumber), context.token,
      compliance, module, event.name, argsJson(event.args)],
  );
}

/**
 * Handlers for every event of `contract` (built from its ABI, so none is forgotten), each calling `handler`: for
 * contracts whose events are all recorded the same way. Returns the typed registry part of the contract.
 */
export function everyEvent<C extends ContractName>(
  contract: C,
  handler: (event: EventOf<C, EventName<C>>, context: ContextOf<C>) => void | Promise<void>,
): HandlersOf<C> {
  return Object.fromEntries(eventNames(contract).map((name) => [`${contract}:${name}`, handler])) as unknown as HandlersOf<C>;
}
