import { accessManagerAbi, modularComplianceAbi, tokenAbi } from "@tessera/contracts";
import { getAbiItem, getAddress, isAddressEqual, toFunctionSelector, zeroAddress, type Abi, type Address, type Hex } from "viem";
import { getPublicClient } from "../chain/public-client";
import { chainRead } from "../chain/read";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";

/**
 * Who may do what on an asset, exactly as the contracts decide it (ARCHITECTURE.md "Roles").
 *
 * A token function marked "agent" passes for a token agent (`isAgent`) or a caller its AccessManager lets call it
 * immediately (`authority().canCall(caller, token, selector)` → `immediate`); an "owner" function passes for
 * `owner()` or such a caller. The compliance's `addModule`, `removeModule` and `callModuleFunction` pass for the
 * compliance's owner or a caller its manager lets call them. `canCall` is the manager's own answer, so a role the
 * issuer re-targeted (`setTargetFunctionRole`), a closed target or an execution delay count as on-chain.
 *
 * Only assets the platform knows may grant anything: deployed by the configured factory and indexed (a row in
 * `Asset`). Any other contract — one answering `isAgent(x) == true` to everyone included — grants nothing.
 */

/** Every gated action: the contract function that performs it, on which contract, and its gate. */
export const ASSET_ACTIONS = {
  mint: { target: "token", gate: "agent" },
  batchMint: { target: "token", gate: "agent" },
  burn: { target: "token", gate: "agent" },
  batchBurn: { target: "token", gate: "agent" },
  pause: { target: "token", gate: "agent" },
  unpause: { target: "token", gate: "agent" },
  setAddressFrozen: { target: "token", gate: "agent" },
  freezePartialTokens: { target: "token", gate: "agent" },
  unfreezePartialTokens: { target: "token", gate: "agent" },
  setFrozenTokens: { target: "token", gate: "agent" },
  forcedTransfer: { target: "token", gate: "agent" },
  recoveryAddress: { target: "token", gate: "agent" },
  setDocument: { target: "token", gate: "owner" },
  removeDocument: { target: "token", gate: "owner" },
  addModule: { target: "compliance", gate: "owner" },
  removeModule: { target: "compliance", gate: "owner" },
  callModuleFunction: { target: "compliance", gate: "owner" },
} as const satisfies Record<string, { target: "token" | "compliance"; gate: "agent" | "owner" }>;

/** A gated action, named after the contract function that performs it. */
export type AssetAction = keyof typeof ASSET_ACTIONS;
export const ALL_ASSET_ACTIONS = Object.keys(ASSET_ACTIONS) as AssetAction[];

/** Freeze operations (token functions an AccessManager FREEZER may call). */
export const FREEZE_ACTIONS: readonly AssetAction[] = ["setAddressFrozen", "freezePartialTokens", "unfreezePartialTokens", "setFrozenTokens"];

/** The 4-byte selector of an action's function. */
export function actionSelector(action: AssetAction): Hex {
  const abi = (ASSET_ACTIONS[action].target === "token" ? tokenAbi : modularComplianceAbi) as Abi;
  return toFunctionSelector(getAbiItem({ abi, name: action }) as never);
}

/** An indexed asset of the configured chain (deployed by the configured factory). */
export interface KnownAsset {
  token: `0x${string}`;
  compliance: `0x${string}`;
  issuer: `0x${string}`;
}

/**
 * The asset at `token` when the platform knows it (a row of `Asset`, written by the indexer from the configured
 * factory's `AssetDeployed`), else null.
 * @throws database errors (answered 503 by the route)
 */
export async function getKnownAsset(token: Address): Promise<KnownAsset | null> {
  const { chainId } = getServerConfig();
  const row = await getPrisma().asset.findUnique({
    where: { chainId_token: { chainId, token: token.toLowerCase() } },
    select: { token: true, compliance: true, issuer: true },
  });
  return row ? { token: row.token as `0x${string}`, compliance: row.compliance as `0x${string}`, issuer: row.issuer as `0x${string}` } : null;
}

/** What a wallet may do on one asset now. */
export interface AssetPermissions {
  token: `0x${string}`;
  /** Indexed (deployed by the platform's factory). False: nothing below is granted. */
  known: boolean;
  /** `isAgent(wallet)` on the token. */
  agent: boolean;
  /** `owner() == wallet` on the token. */
  owner: boolean;
  /** Per action: whether the contract would accept the wallet's call now. */
  can: Record<AssetAction, boolean>;
}

const none = (): Record<AssetAction, boolean> => Object.fromEntries(ALL_ASSET_ACTIONS.map((a) => [a, false])) as Record<AssetAction, boolean>;

/** `authority().canCall(caller, target, selector)` → immediate; false without a manager or when the view reverts. */
async function canCallNow(authority: Address | null, caller: Address, target: Address, selector: Hex): Promise<boolean> {
  if (!authority) return false;
  const client = getPublicClient();
  const r = await chainRead(
    () =>
      client.readContract({ address: authority, abi: accessManagerAbi, functionName: "canCall", args: [caller, target, selector] }) as Promise<
        readonly [boolean, number]
      >,
  );
  return r !== null && r[0] === true;
}

const managerOf = (a: unknown): Address | null => (typeof a === "string" && !isAddressEqual(a as Address, zeroAddress) ? (a as Address) : null);

/**
 * Reads, now, which of `actions` `wallet` may perform on `token` (all of them by default), as the contracts decide
 * (see the module comment). An unknown asset yields `known: false` and nothing granted, without touching the chain.
 * @param wallet the signed-in wallet
 * @param token the token address (any case)
 * @throws ApiError CHAIN_UNAVAILABLE when the node cannot answer; database errors as they are
 */
export async function getAssetPermissions(wallet: Address, token: Address, actions: readonly AssetAction[] = ALL_ASSET_ACTIONS): Promise<AssetPermissions> {
  const lower = token.toLowerCase() as `0x${string}`;
  const asset = await getKnownAsset(lower);
  if (!asset) return { token: lower, known: false, agent: false, owner: false, can: none() };
  const client = getPublicClient();
  const t = getAddress(lower);
  const w = getAddress(wallet);
  const needsCompliance = actions.some((a) => ASSET_ACTIONS[a].target === "compliance");
  const [agent, owner, tokenAuthority, compliance] = await Promise.all([
    chainRead(() => client.readContract({ address: t, abi: tokenAbi, functionName: "isAgent", args: [w] })),
    chainRead(() => client.readContract({ address: t, abi: tokenAbi, functionName: "owner" })),
    chainRead(() => client.readContract({ address: t, abi: tokenAbi, functionName: "authority" })),
    needsCompliance ? chainRead(() => client.readContract({ address: t, abi: tokenAbi, functionName: "compliance" })) : Promise.resolve(null),
  ]);
  const c = managerOf(compliance);
  const [complianceOwner, complianceAuthority] = c
    ? await Promise.all([
        chainRead(() => client.readContract({ address: c, abi: modularComplianceAbi, functionName: "owner" })),
        chainRead(() => client.readContract({ address: c, abi: modularComplianceAbi, functionName: "authority" })),
      ])
    : [null, null];
  const isAgent = agent === true;
  const isOwner = typeof owner === "string" && isAddressEqual(owner, w);
  const ownsCompliance = typeof complianceOwner === "string" && isAddressEqual(complianceOwner as Address, w);
  const can = none();
  await Promise.all(
    actions.map(async (action) => {
      const spec = ASSET_ACTIONS[action];
      if (spec.target === "token") {
        if (spec.gate === "agent" ? isAgent : isOwner) can[action] = true;
        else can[action] = await canCallNow(managerOf(tokenAuthority), w, t, actionSelector(action));
      } else if (c) {
        can[action] = ownsCompliance || (await canCallNow(managerOf(complianceAuthority), w, c, actionSelector(action)));
      }
    }),
  );
  return { token: lower, known: true, agent: isAgent, owner: isOwner, can };
}

/**
 * True when the wallet may freeze on `token`: the token accepts its `setAddressFrozen` or partial-freeze calls now (a
 * token agent, or whoever the AccessManager lets call them: the FREEZER role). False for an asset the platform does
 * not know. Read from the chain now.
 * @throws ApiError CHAIN_UNAVAILABLE; database errors as they are
 */
export async function canFreeze(wallet: Address, token: Address): Promise<boolean> {
  const p = await getAssetPermissions(wallet, token, FREEZE_ACTIONS);
  return FREEZE_ACTIONS.some((a) => p.can[a]);
}
