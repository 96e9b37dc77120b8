/**
 * Platform deployment: every shared contract (identity registry, implementations, module singletons, factory), and
 * `ensurePlatform`, which reuses a deployment still on the chain or deploys, seeds and writes the deployments file.
 */
import type { Abi, Address, Hex, PublicClient, WalletClient } from "viem";
import {
  accessManagerAbi,
  accessManagerBytecode,
  bondAbi,
  bondBytecode,
  distributorAbi,
  distributorBytecode,
  dvpAbi,
  dvpBytecode,
  vaultFactoryAbi,
  vaultFactoryBytecode,
  countryAllowModuleAbi,
  countryAllowModuleBytecode,
  countryBlockModuleAbi,
  countryBlockModuleBytecode,
  identityMaxBalanceModuleAbi,
  identityMaxBalanceModuleBytecode,
  identityRegistryAbi,
  identityRegistryBytecode,
  investorLimitsModuleAbi,
  investorLimitsModuleBytecode,
  lockUpModuleAbi,
  lockUpModuleBytecode,
  manualApprovalModuleAbi,
  manualApprovalModuleBytecode,
  maxBalanceModuleAbi,
  maxBalanceModuleBytecode,
  maxHoldersModuleAbi,
  maxHoldersModuleBytecode,
  minHoldingModuleAbi,
  minHoldingModuleBytecode,
  modularComplianceAbi,
  modularComplianceBytecode,
  supplyCapModuleAbi,
  supplyCapModuleBytecode,
  tokenAbi,
  tokenBytecode,
  tokenFactoryAbi,
  tokenFactoryBytecode,
  transferLimitModuleAbi,
  transferLimitModuleBytecode,
  type Deployments,
} from "@tessera/contracts";
import { deployClaimIssuer } from "../identity/claim-issuer";
import { accountOf, deployContract, simulateAndWrite } from "../send";
import { seedDemo, seedDemoBond } from "./demo";
import { deploymentsFilePath, readDeployments, writeDeployments } from "./deployments";
import { devClients } from "./dev-clients";
import { deployMessaging } from "./messaging";

/**
 * Deploys the platform: IdentityRegistry (owned by the wallet), Token and ModularCompliance implementations,
 * every module singleton, the AccessManager implementation (cloned per asset) and the TokenFactory; then lets the
 * factory's tokens recover wallets in the registry (`setTokenFactory`) and adds `registryAgents` as agents of the
 * identity registry (they register investors; not the per-asset COMPLIANCE_AGENT role, which adds compliance modules).
 * The money leg's platform contracts follow, each bound to the factory: VaultFactory (an asset's ERC-7540 vault),
 * Distributor (record-date distributions), DvP (delivery versus payment) and Bond (terms, redemption at maturity).
 * @param opts.registryAgents Agents of the identity registry.
 * @returns The deployments record (`startBlock` = block of the registry deployment).
 * @throws TesseraError (NoAccount, a deployment or call in words)
 */
export async function deployPlatform(opts: {
  walletClient: WalletClient;
  publicClient: PublicClient;
  registryAgents?: Address[];
  /** When set, also deploys an ONCHAINID ClaimIssuer managed by this wallet (its claim signer), recorded as
   * `claimIssuer`; the registry does not trust it until `trustClaimIssuer` (@tessera/sdk/identity). */
  claimIssuerManager?: WalletClient;
}): Promise<Deployments> {
  const { walletClient, publicClient } = opts;
  const owner = accountOf(walletClient).address;
  const deploy = async (abi: Abi, bytecode: Hex, args: readonly unknown[] = []) => {
    const d = await deployContract(walletClient, publicClient, { abi, bytecode, args });
    return { address: d.address, blockNumber: d.receipt.blockNumber };
  };
  const registry = await deploy(identityRegistryAbi as Abi, identityRegistryBytecode, [owner]);
  const tokenImpl = await deploy(tokenAbi as Abi, tokenBytecode);
  const complianceImpl = await deploy(modularComplianceAbi as Abi, modularComplianceBytecode);
  const countryAllow = await deploy(countryAllowModuleAbi as Abi, countryAllowModuleBytecode);
  const maxHolders = await deploy(maxHoldersModuleAbi as Abi, maxHoldersModuleBytecode);
  const maxBalance = await deploy(maxBalanceModuleAbi as Abi, maxBalanceModuleBytecode);
  const accessManagerImpl = await deploy(accessManagerAbi as Abi, accessManagerBytecode);
  const more = {
    transferLimit: [transferLimitModuleAbi, transferLimitModuleBytecode],
    identityMaxBalance: [identityMaxBalanceModuleAbi, identityMaxBalanceModuleBytecode],
    countryBlock: [countryBlockModuleAbi, countryBlockModuleBytecode],
    supplyCap: [supplyCapModuleAbi, supplyCapModuleBytecode],
    minHolding: [minHoldingModuleAbi, minHoldingModuleBytecode],
    lockUp: [lockUpModuleAbi, lockUpModuleBytecode],
    manualApproval: [manualApprovalModuleAbi, manualApprovalModuleBytecode],
    investorLimits: [investorLimitsModuleAbi, investorLimitsModuleBytecode],
  } as const;
  const extraModules: Partial<Record<keyof typeof more, Address>> = {};
  for (const [key, [abi, bytecode]] of Object.entries(more) as [keyof typeof more, readonly [unknown, Hex]][]) {
    extraModules[key] = (await deploy(abi as Abi, bytecode)).address;
  }
  const factory = await deploy(tokenFactoryAbi as Abi, tokenFactoryBytecode, [
    registry.address,
    tokenImpl.address,
    complianceImpl.address,
    countryAllow.address,
    maxHolders.address,
    maxBalance.address,
    accessManagerImpl.address,
  ]);
  await simulateAndWrite(walletClient, publicClient, {
    address: registry.address,
    abi: identityRegistryAbi as Abi,
    functionName: "setTokenFactory",
    args: [factory.address],
  });
  for (const agent of opts.registryAgents ?? []) {
    await simulateAndWrite(walletClient, publicClient, {
      address: registry.address,
      abi: identityRegistryAbi as Abi,
      functionName: "addAgent",
      args: [agent],
    });
  }
  const vaultFactory = await deploy(vaultFactoryAbi as Abi, vaultFactoryBytecode, [factory.address]);
  const distributor = await deploy(distributorAbi as Abi, distributorBytecode, [factory.address]);
  const dvp = await deploy(dvpAbi as Abi, dvpBytecode, [factory.address]);
  const bond = await deploy(bondAbi as Abi, bondBytecode, [factory.address]);
  const claimIssuer = opts.claimIssuerManager
    ? (await deployClaimIssuer(opts.claimIssuerManager, publicClient)).claimIssuer
    : undefined;
  return {
    chainId: await publicClient.getChainId(),
    startBlock: Number(registry.blockNumber),
    identityRegistry: registry.address,
    factory: factory.address,
    modules: {
      countryAllow: countryAllow.address,
      maxHolders: maxHolders.address,
      maxBalance: maxBalance.address,
      ...extraModules,
    },
    implementations: { token: tokenImpl.address, compliance: complianceImpl.address, accessManager: accessManagerImpl.address },
    vaultFactory: vaultFactory.address,
    distributor: distributor.address,
    dvp: dvp.address,
    bond: bond.address,
    ...(claimIssuer ? { claimIssuer } : {}),
  };
}

/**
 * Whether `runtime` (code read from the chain) is the runtime part of `creation` (a build's creation bytecode), its
 * immutables aside: the creation code holds the runtime with every immutable as zero bytes (the Token has one since
 * the ERC-1404 texts moved to RestrictionMessages), so a difference is allowed only where the creation code has zeros.
 */
function isRuntimeOf(creation: Hex, runtime: Hex): boolean {
  const body = creation.slice(2).toLowerCase();
  const code = runtime.slice(2).toLowerCase();
  if (code.length < 128) return body.includes(code);
  const start = body.indexOf(code.slice(0, 128));
  if (start < 0 || start + code.length > body.length) return false;
  for (let i = 128; i < code.length; i++) {
    const b = body[start + i];
    if (b !== code[i] && b !== "0") return false;
  }
  return true;
}

/**
 * Reuses `<deploymentsDir>/<chainId>.json` when its contracts still have code on the chain; otherwise deploys the
 * platform with anvil account 0 (account 1 as registry agent and manager of the ONCHAINID claim issuer), seeds the
 * demo and writes the file.
 * @returns The deployments and whether they were deployed now.
 * @throws TesseraError InvalidDeployments when the file is malformed (see readDeployments); Error when the chain was
 *   deployed by another build of the contracts.
 */
export async function ensurePlatform(opts: {
  rpcUrl: string;
  chainId: number;
  deploymentsDir: string;
  seed?: boolean;
  /** With the seed, also the demo bond (seedDemoBond; `npm start` only: tests keep the demo investors' holdings). */
  demoBond?: boolean;
  /**
   * When set, the chain also gets cross-chain messaging (deployMessaging, anvil account 0 owning it) whose
   * TrustedRelayerIsm trusts this account (the relayer's; `npm start`: anvil dev account RELAYER_DEV_ACCOUNT_INDEX),
   * added to a reused deployment that has none.
   */
  relayer?: Address;
}): Promise<{ deployments: Deployments; deployed: boolean }> {
  const { publicClient, wallets } = await devClients(opts.rpcUrl, 2);
  const existing = readDeployments(opts.deploymentsDir, opts.chainId);
  if (existing) {
    const addrs = [
      existing.identityRegistry,
      existing.factory,
      ...(existing.demoAsset ? [existing.demoAsset.token] : []),
      ...(existing.paymentToken ? [existing.paymentToken] : []),
    ];
    const codes = await Promise.all(addrs.map((address) => publicClient.getCode({ address })));
    if (codes.every((c) => c && c !== "0x")) {
      // The token implementation's code on the chain is the runtime part of this build's bytecode (its immutables
      // aside), unless the chain was deployed by another build (whose ABIs the apps and the indexer no longer speak).
      const tokenCode = await publicClient.getCode({ address: existing.implementations.token });
      if (!tokenCode || !isRuntimeOf(tokenBytecode, tokenCode)) {
        throw new Error(
          `the chain was deployed by another build of Tessera's contracts (${deploymentsFilePath(opts.deploymentsDir, opts.chainId)}): ` +
            "stop, delete the data folder (.tessera/ or TESSERA_DATA_DIR) and the deployments folder, and start again",
        );
      }
      if (opts.relayer && !existing.messaging) {
        existing.messaging = await deployMessaging({ walletClient: wallets[0], publicClient, relayer: opts.relayer });
        writeDeployments(opts.deploymentsDir, existing);
      }
      return { deployments: existing, deployed: false };
    }
  }
  const d = await deployPlatform({
    walletClient: wallets[0],
    publicClient,
    registryAgents: [wallets[1].account.address],
    claimIssuerManager: wallets[1],
  });
  if (opts.relayer) d.messaging = await deployMessaging({ walletClient: wallets[0], publicClient, relayer: opts.relayer });
  if (opts.seed !== false) {
    const demo = await seedDemo({ rpcUrl: opts.rpcUrl, deployments: d });
    d.demoAsset = { token: demo.token, compliance: demo.compliance };
    d.paymentToken = demo.paymentToken;
    if (opts.demoBond && d.bond) {
      await seedDemoBond({ rpcUrl: opts.rpcUrl, deployments: d, paymentToken: demo.paymentToken, investors: demo.investors.map((i) => i.wallet) });
    }
  }
  writeDeployments(opts.deploymentsDir, d);
  return { deployments: d, deployed: true };
}
