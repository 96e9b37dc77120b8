/**
 * An asset enabled on a second chain, for `npm start`'s demo, scripts and tests: the browser-safe step engine of
 * `actions/bridge.ts` (planEnableAssetOnChain, runEnableStep) driven with one wallet per chain.
 */
import type { Address, PublicClient, WalletClient } from "viem";
import type { Deployments } from "@tessera/contracts";
import type { AssetParams } from "../actions/asset";
import { enableAssetOnChainSteps, type EnablePlan, type EnableRules } from "../actions/bridge";

/** One chain of {@link enableAssetOnChain}: the issuer's clients there and the chain's deployments. */
export type IssuerChain = { walletClient: WalletClient; publicClient: PublicClient; chainId: number; deployments: Deployments };

/**
 * Enables an asset on another chain (see `planEnableAssetOnChain` for the steps and the resume rule): the same asset
 * deployed there through its TokenFactory, an AssetBridge on each chain (CREATE2, the home chain's only when the
 * token has none yet), linked both ways. Runs only the steps not done yet, so it finishes an interrupted enabling.
 * The issuer's wallet on each chain must own the home token.
 * @param opts.remoteRules Without `quotas`: the remote asset's own rules as given (allowed countries, max holders,
 *   max balance in token base units; default none), nothing taken from the home chain (`npm start`'s demo).
 * @param opts.quotas With it: the home limits are split (see `EnableRules`: the remote quotas, the home allow-list
 *   copied unless `remoteRules.allowedCountries`), the home limits lowered by the quotas.
 * @returns The remote token, both bridges and the final plan.
 * @throws TesseraError NoMessaging when either chain's deployments have no `messaging`; every refusal of the plan
 *   (QuotaRequired, QuotaTooLarge, ...) or a call's error
 */
export async function enableAssetOnChain(opts: {
  home: IssuerChain;
  remote: IssuerChain;
  token: Address;
  remoteRules?: Pick<AssetParams, "allowedCountries" | "maxHolders" | "maxBalance">;
  quotas?: Omit<EnableRules, "allowedCountries">;
}): Promise<{ remoteToken: Address; homeBridge: Address; remoteBridge: Address; plan: EnablePlan }> {
  const { home, remote, token } = opts;
  const split = opts.quotas !== undefined;
  const rules: EnableRules = split
    ? { ...opts.quotas, allowedCountries: opts.remoteRules?.allowedCountries }
    : {
        allowedCountries: opts.remoteRules?.allowedCountries,
        maxHolders: opts.remoteRules?.maxHolders ? BigInt(opts.remoteRules.maxHolders) : undefined,
        maxBalance: opts.remoteRules?.maxBalance ? opts.remoteRules.maxBalance : undefined,
      };
  return enableAssetOnChainSteps(
    { home: home.walletClient, remote: remote.walletClient },
    { publicClient: home.publicClient, chainId: home.chainId, deployments: home.deployments },
    { publicClient: remote.publicClient, chainId: remote.chainId, deployments: remote.deployments },
    { token, rules, splitLimits: split },
  );
}
