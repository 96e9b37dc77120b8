// The handler registry: every `"Contract:EventName"` of contracts.ts, one file per contract (or per table).
// `satisfies Handlers` makes a contract without its handlers, or a key no contract declares, a type error.
import { accessManagerHandlers } from "./access-manager.ts";
import { complianceHandlers } from "./compliance.ts";
import { crosschainHandlers } from "./crosschain.ts";
import { factoryHandlers } from "./factory.ts";
import { identityRegistryHandlers } from "./identity-registry.ts";
import { moduleHandlers } from "./modules.ts";
import { moneyLegHandlers } from "./money-leg.ts";
import { tokenHandlers } from "./token.ts";
import type { DecodedEvent } from "../contracts.ts";
import type { AssetHandlerContext, Handlers } from "./types.ts";

export const handlers: Handlers = {
  ...tokenHandlers,
  ...identityRegistryHandlers,
  ...factoryHandlers,
  ...accessManagerHandlers,
  ...complianceHandlers,
  ...moduleHandlers,
  ...moneyLegHandlers,
  ...crosschainHandlers,
} satisfies Handlers;

/**
 * The handler of a decoded event, or null when its contract's registry says it is not indexed. (The one place where the
 * registry is read with a key built at run time.)
 */
export function handlerOf(e: DecodedEvent): AnyHandler | null {
  return byContract.get(e.contract)?.get(e.name) ?? null;
}

type AnyHandler = (event: DecodedEvent, context: AssetHandlerContext) => void | Promise<void>;

/** The registry by contract, then event name (the per-event lookup builds no key string). */
const byContract = new Map<string, Map<string, AnyHandler | null>>();
for (const [key, handler] of Object.entries(handlers)) {
  const [contract, event] = key.split(":") as [string, string];
  if (!byContract.has(contract)) byContract.set(contract, new Map());
  byContract.get(contract)!.set(event, handler as AnyHandler | null);
}

export type { AssetHandlerContext, Handler, HandlerContext, HandlerResult, Handlers, HandlersOf } from "./types.ts";
