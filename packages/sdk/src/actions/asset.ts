/**
 * Asset deployment through the TokenFactory: `deployAsset` (the three factory rules) and `deployAssetWithModules`
 * (further modules, configured, in the same transaction). Browser-safe.
 */
import { parseEventLogs, type Abi, type Address, type PublicClient, type WalletClient } from "viem";
import { z } from "zod";
import { tokenFactoryAbi, type Deployments } from "@tessera/contracts";
import { TesseraError } from "../errors";
import { amountSchema, assetClassSchema, countrySchema, decimalsSchema, parseInput, uintSchema } from "../schemas";
import { simulateAndWrite, type WriteResult } from "../send";
import type { ModuleSetup } from "./modules";

/** Parameters of {@link deployAsset}; zero (or no countries) turns a rule off. */
export const assetParamsSchema = z.object({
  name: z.string().trim().min(1).max(64),
  symbol: z.string().trim().min(1).max(16),
  decimals: decimalsSchema,
  assetClass: assetClassSchema,
  /** ISO-3166 numeric recipient countries; empty = any. */
  allowedCountries: z.array(countrySchema).max(200).default([]),
  /** Maximum number of holding wallets; 0 = no limit. */
  maxHolders: uintSchema.default(0n),
  /** Maximum balance per wallet, in token base units; 0 = no limit. */
  maxBalance: amountSchema.default(0n),
});
export type AssetParams = z.input<typeof assetParamsSchema>;

/** The factory's `AssetParams` tuple from checked parameters. */
function factoryAssetParams(params: AssetParams) {
  const p = parseInput(assetParamsSchema, params);
  return {
    name: p.name,
    symbol: p.symbol,
    decimals: p.decimals,
    assetClass: p.assetClass,
    allowedCountries: p.allowedCountries,
    maxHolders: p.maxHolders,
    maxBalance: p.maxBalance,
  };
}

/** The factory's `AssetDeployed` (and `AccessManagerDeployed`) event of a deployment receipt. */
function deployedAsset(r: WriteResult): { token: Address; compliance: Address; accessManager?: Address } {
  const [asset] = parseEventLogs({ abi: tokenFactoryAbi, eventName: "AssetDeployed", logs: r.receipt.logs });
  const [roles] = parseEventLogs({ abi: tokenFactoryAbi, eventName: "AccessManagerDeployed", logs: r.receipt.logs });
  if (!asset) throw new TesseraError({ message: "the factory did not report the new asset", errorName: "Unknown" });
  return { token: asset.args.token, compliance: asset.args.compliance, accessManager: roles?.args.accessManager };
}

/**
 * Deploys an asset (token + compliance) through the TokenFactory; the wallet becomes owner and agent.
 * @param walletClient The issuer's wallet.
 * @param publicClient A client of the same chain.
 * @param deployments The platform addresses.
 * @param params The asset parameters; `maxBalance` in token base units.
 * @returns The token and compliance addresses, plus the transaction.
 * @throws TesseraError
 */
export async function deployAsset(
  walletClient: WalletClient,
  publicClient: PublicClient,
  deployments: Pick<Deployments, "factory">,
  params: AssetParams,
): Promise<WriteResult & { token: Address; compliance: Address }> {
  const args = [factoryAssetParams(params)];
  const r = await simulateAndWrite(walletClient, publicClient, { address: deployments.factory, abi: tokenFactoryAbi as Abi, functionName: "deployAsset", args });
  const { token, compliance } = deployedAsset(r);
  return { hash: r.hash, receipt: r.receipt, token, compliance };
}

/**
 * Deploys an asset with the `params` rules plus further modules, all configured, in one transaction; the wallet
 * becomes owner and agent of the token, owner of the compliance and admin of the asset's AccessManager.
 * @param modules From the `moduleSetups` builders.
 * @returns The token, compliance and AccessManager addresses, plus the transaction.
 * @throws TesseraError (e.g. ModuleAlreadyAdded, or a module's configuration error)
 */
export async function deployAssetWithModules(
  walletClient: WalletClient,
  publicClient: PublicClient,
  deployments: Pick<Deployments, "factory">,
  params: AssetParams,
  modules: ModuleSetup[],
): Promise<WriteResult & { token: Address; compliance: Address; accessManager: Address }> {
  const args = [factoryAssetParams(params), modules];
  const r = await simulateAndWrite(walletClient, publicClient, {
    address: deployments.factory,
    abi: tokenFactoryAbi as Abi,
    functionName: "deployAssetWithModules",
    args,
  });
  const { token, compliance, accessManager } = deployedAsset(r);
  if (!accessManager) throw new TesseraError({ message: "the factory did not report the new asset", errorName: "Unknown" });
  return { ...r, token, compliance, accessManager };
}
