/**
 * @tessera/sdk/node: Node-only helpers: run anvil, deploy the platform, seed the demo asset, read and write
 * `deployments/<chainId>.json`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Abi,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type WalletClient,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import {
  accessManagerAbi,
  accessManagerBytecode,
  countryBlockModuleAbi,
  countryBlockModuleBytecode,
  identityMaxBalanceModuleAbi,
  identityMaxBalanceModuleBytecode,
  investorLimitsModuleAbi,
  investorLimitsModuleBytecode,
  lockUpModuleAbi,
  lockUpModuleBytecode,
  manualApprovalModuleAbi,
  manualApprovalModuleBytecode,
  minHoldingModuleAbi,
  minHoldingModuleBytecode,
  supplyCapModuleAbi,
  supplyCapModuleBytecode,
  transferLimitModuleAbi,
  transferLimitModuleBytecode,
  countryAllowModuleAbi,
  countryAllowModuleBytecode,
  identityRegistryAbi,
  identityRegistryBytecode,
  maxBalanceModuleAbi,
  maxBalanceModuleBytecode,
  maxHoldersModuleAbi,
  maxHoldersModuleBytecode,
  modularComplianceAbi,
  modularComplianceBytecode,
  tokenAbi,
  tokenBytecode,
  tokenFactoryAbi,
  tokenFactoryBytecode,
  type Deployments,
} from "@tessera/contracts";
import { deployClaimIssuer } from "./identity";
import { deployAsset, mint, parseAmount, registerInvestor, TesseraError, toTesseraError } from "./index";

/** The repository root (packages/sdk/src -> ../../..). */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Anvil's standard development mnemonic. */
export const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";

// ---------------------------------------------------------------------------------------------------------------
// anvil

/** A running anvil. */
export type AnvilHandle = { rpcUrl: string; port: number; stop: () => Promise<void> };

/** The anvil binary: the platform package's native binary when present (so stop() reaches it), else the npm shim. */
function anvilBinary(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const native = path.join(repoRoot, "node_modules/@foundry-rs", `anvil-${process.platform}-${arch}`, "bin", "anvil");
  if (existsSync(native)) return native;
  return path.join(repoRoot, "node_modules/.bin/anvil");
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function rpc<T>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/**
 * Starts anvil on 127.0.0.1 and waits until it answers `eth_chainId`.
 * @param opts.port TCP port; a free one when omitted.
 * @param opts.statePath Load the chain from this file at start and save it there on stop (`--state`).
 * @param opts.chainId Chain id (anvil's default 31337 when omitted).
 * @returns The RPC URL, the port and `stop()` (SIGTERM, waits for exit so the state is written).
 */
export async function startAnvil(opts: { port?: number; statePath?: string; chainId?: number } = {}): Promise<AnvilHandle> {
  // Without a port: one the OS hands out, retried if another process takes it before anvil binds it.
  for (let attempt = 0; ; attempt++) {
    try {
      return await startAnvilOn(opts.port ?? (await freePort()), opts);
    } catch (err) {
      if (opts.port !== undefined || attempt >= 5 || !(err instanceof PortInUseError)) throw err;
    }
  }
}

/** The port asked for is taken: another anvil or service answers there. */
export class PortInUseError extends Error {}

/**
 * Resolves when nothing listens on `port` of 127.0.0.1 (one probe listen, closed at once).
 * @param what What the port is for, named in the error (e.g. "the web app (npm start: WEB_PORT)").
 * @throws PortInUseError when something listens there; the listen error otherwise
 */
export async function assertPortFree(port: number, what?: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE"
          ? new PortInUseError(
              `port ${port}${what ? ` for ${what}` : ""} is already in use on 127.0.0.1 (another anvil or npm start?): choose another port`,
            )
          : err,
      ),
    );
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve()));
  });
}

async function startAnvilOn(port: number, opts: { statePath?: string; chainId?: number }): Promise<AnvilHandle> {
  // A taken port must fail here: anvil would exit on it, but only after the readiness check below had reached the
  // other node, handing the caller someone else's chain (tests then failed in ways that named nothing).
  await assertPortFree(port);
  const args = ["--host", "127.0.0.1", "--port", String(port), "--silent"];
  if (opts.chainId !== undefined) args.push("--chain-id", String(opts.chainId));
  if (opts.statePath) {
    mkdirSync(path.dirname(opts.statePath), { recursive: true });
    args.push("--state", opts.statePath);
  }
  const child: ChildProcess = spawn(anvilBinary(), args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      resolve();
    });
  });

  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      const message = `anvil exited before answering on port ${port}: ${stderr.trim()}`;
      throw /address already in use|AddrInUse/i.test(stderr) ? new PortInUseError(message) : new Error(message);
    }
    try {
      await rpc<string>(rpcUrl, "eth_chainId");
      // An answer from our child only: if it exited meanwhile (lost the port to another process), go round again.
      if (exited) continue;
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`anvil did not answer on ${rpcUrl} within 30 s: ${stderr.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const stop = async () => {
    if (exited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exitPromise;
    clearTimeout(timer);
  };
  return { rpcUrl, port, stop };
}

/**
 * The current block number of a node.
 * @param rpcUrl The node's JSON-RPC URL.
 */
export async function blockNumber(rpcUrl: string): Promise<bigint> {
  return BigInt(await rpc<string>(rpcUrl, "eth_blockNumber"));
}

// ---------------------------------------------------------------------------------------------------------------
// clients for anvil's dev accounts

/**
 * A public client and wallet clients for anvil's dev accounts (signing locally from the standard mnemonic).
 * @param rpcUrl The node's JSON-RPC URL.
 * @param count How many accounts (index 0..count-1).
 */
export async function devClients(rpcUrl: string, count = 10) {
  const chainId = Number(BigInt(await rpc<string>(rpcUrl, "eth_chainId")));
  const chain: Chain = defineChain({
    id: chainId,
    name: chainId === 31337 ? "Anvil" : `Chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const transport = http(rpcUrl);
  // cacheTime 0: viem caches getBlockNumber for cacheTime (default: the polling interval), so a read taken right after a
  // receipt could answer the block before it; callers here compare block numbers and wait for the indexer to reach
  // "the head", which must be the real head (a stale one made `no block mined` checks flaky under load).
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50, cacheTime: 0 }) as PublicClient;
  const wallets = Array.from({ length: count }, (_, i) =>
    createWalletClient({ chain, transport, account: mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: i }) }),
  );
  return { chain, publicClient, wallets };
}

// ---------------------------------------------------------------------------------------------------------------
// platform deployment

async function deploy(
  walletClient: WalletClient,
  publicClient: PublicClient,
  abi: Abi,
  bytecode: Hex,
  args: readonly unknown[] = [],
): Promise<{ address: Address; blockNumber: bigint }> {
  const account = walletClient.account;
  if (!account) throw new TesseraError({ message: "the wallet client has no account", errorName: "NoAccount" });
  const hash = await walletClient.deployContract({ abi, bytecode, args, account, chain: walletClient.chain } as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !receipt.contractAddress) throw new Error(`deployment failed (${hash})`);
  return { address: receipt.contractAddress, blockNumber: receipt.blockNumber };
}

async function write(
  walletClient: WalletClient,
  publicClient: PublicClient,
  call: { address: Address; abi: Abi; functionName: string; args: readonly unknown[] },
): Promise<void> {
  try {
    const { request } = await publicClient.simulateContract({ ...call, account: walletClient.account } as never);
    const hash = await walletClient.writeContract({ ...(request as object), chain: walletClient.chain } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${call.functionName} reverted (${hash})`);
  } catch (err) {
    throw toTesseraError(err);
  }
}

/**
 * Deploys the platform: IdentityRegistry (owned by the wallet), Token and ModularCompliance implementations,
 * every module singleton, the AccessManager implementation (cloned per asset) and the TokenFactory; then lets the
 * factory's tokens recover wallets in the registry (`setTokenFactory`) and adds `complianceAgents` as registry agents.
 * @returns The deployments record (`startBlock` = block of the registry deployment).
 */
export async function deployPlatform(opts: {
  walletClient: WalletClient;
  publicClient: PublicClient;
  complianceAgents?: Address[];
  /** When set, also deploys an ONCHAINID ClaimIssuer managed by this wallet (its claim signer), recorded as
   * `claimIssuer`; the registry does not trust it until `trustClaimIssuer` (@tessera/sdk/identity). */
  claimIssuerManager?: WalletClient;
}): Promise<Deployments> {
  const { walletClient, publicClient } = opts;
  const owner = walletClient.account?.address;
  if (!owner) throw new TesseraError({ message: "the wallet client has no account", errorName: "NoAccount" });
  const registry = await deploy(walletClient, publicClient, identityRegistryAbi as Abi, identityRegistryBytecode, [owner]);
  const tokenImpl = await deploy(walletClient, publicClient, tokenAbi as Abi, tokenBytecode);
  const complianceImpl = await deploy(walletClient, publicClient, modularComplianceAbi as Abi, modularComplianceBytecode);
  const countryAllow = await deploy(walletClient, publicClient, countryAllowModuleAbi as Abi, countryAllowModuleBytecode);
  const maxHolders = await deploy(walletClient, publicClient, maxHoldersModuleAbi as Abi, maxHoldersModuleBytecode);
  const maxBalance = await deploy(walletClient, publicClient, maxBalanceModuleAbi as Abi, maxBalanceModuleBytecode);
  const accessManagerImpl = await deploy(walletClient, publicClient, accessManagerAbi as Abi, accessManagerBytecode);
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
    extraModules[key] = (await deploy(walletClient, publicClient, abi as Abi, bytecode)).address;
  }
  const factory = await deploy(walletClient, publicClient, tokenFactoryAbi as Abi, tokenFactoryBytecode, [
    registry.address,
    tokenImpl.address,
    complianceImpl.address,
    countryAllow.address,
    maxHolders.address,
    maxBalance.address,
    accessManagerImpl.address,
  ]);
  await write(walletClient, publicClient, {
    address: registry.address,
    abi: identityRegistryAbi as Abi,
    functionName: "setTokenFactory",
    args: [factory.address],
  });
  for (const agent of opts.complianceAgents ?? []) {
    await write(walletClient, publicClient, {
      address: registry.address,
      abi: identityRegistryAbi as Abi,
      functionName: "addAgent",
      args: [agent],
    });
  }
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
    ...(claimIssuer ? { claimIssuer } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// demo data

/** The demo asset's parameters. */
export const DEMO_ASSET = {
  name: "Tessera Demo Fund",
  symbol: "TDF",
  decimals: 18,
  assetClass: 0,
  allowedCountries: [840, 826, 250, 276],
  maxHolders: 100n,
  maxBalance: parseAmount("1000000", 18),
} as const;

/** What {@link seedDemo} created. */
export type DemoSeed = {
  token: Address;
  compliance: Address;
  issuer: Address;
  complianceOfficer: Address;
  investors: { wallet: Address; identity: Address; country: number; minted: bigint }[];
  unregistered: Address;
};

/**
 * Seeds the demo: account 0 (issuer) deploys "Tessera Demo Fund" (TDF, fund share, 18 decimals, countries
 * 840/826/250/276, 100 holders max, 1,000,000 TDF max per wallet); account 1 (compliance officer, a registry agent)
 * registers accounts 2, 3, 4 in 840, 826, 250 with one-year KYC; the issuer mints 10,000 TDF to account 2 and
 * 5,000 TDF to account 3. Account 5 stays unregistered.
 * @param opts.rpcUrl The anvil URL (dev accounts sign locally from the standard mnemonic).
 * @param opts.deployments The platform; account 1 must be a registry agent (deployPlatform's complianceAgents).
 * @returns The demo asset and who is who; put `{ token, compliance }` in `deployments.demoAsset`.
 */
export async function seedDemo(opts: { rpcUrl: string; deployments: Deployments }): Promise<DemoSeed> {
  const { publicClient, wallets } = await devClients(opts.rpcUrl, 6);
  const [issuer, officer, inv1, inv2, inv3, outsider] = wallets;
  const asset = await deployAsset(issuer, publicClient, opts.deployments, { ...DEMO_ASSET, allowedCountries: [...DEMO_ASSET.allowedCountries] });

  const block = await publicClient.getBlock();
  const kycExpiresAt = block.timestamp + 365n * 24n * 60n * 60n;
  const plan = [
    { wallet: inv1.account.address, country: 840, minted: parseAmount("10000", 18) },
    { wallet: inv2.account.address, country: 826, minted: parseAmount("5000", 18) },
    { wallet: inv3.account.address, country: 250, minted: 0n },
  ];
  const investors: DemoSeed["investors"] = [];
  for (const p of plan) {
    const r = await registerInvestor(officer, publicClient, opts.deployments, { wallet: p.wallet, country: p.country, kycExpiresAt });
    investors.push({ wallet: p.wallet, identity: r.identity, country: p.country, minted: p.minted });
  }
  for (const p of plan) {
    if (p.minted > 0n) await mint(issuer, publicClient, { token: asset.token, to: p.wallet, amount: p.minted });
  }
  return {
    token: asset.token,
    compliance: asset.compliance,
    issuer: issuer.account.address,
    complianceOfficer: officer.account.address,
    investors,
    unregistered: outsider.account.address,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// deployments files

/**
 * Writes `<dir>/<chainId>.json` atomically (temporary file, then rename).
 * @returns The file path.
 */
export function writeDeployments(dir: string, d: Deployments): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${d.chainId}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(d, null, 2) + "\n");
  renameSync(tmp, file);
  return file;
}

const isAddr = (v: unknown): v is Address => typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v);

/**
 * Reads `<dir>/<chainId>.json`.
 * @returns The deployments, or null when the file does not exist.
 * @throws Error when the file exists but does not match the Deployments shape.
 */
export function readDeployments(dir: string, chainId: number): Deployments | null {
  const file = path.join(dir, `${chainId}.json`);
  if (!existsSync(file)) return null;
  const d = JSON.parse(readFileSync(file, "utf8")) as Deployments;
  const ok =
    d.chainId === chainId &&
    Number.isInteger(d.startBlock) &&
    isAddr(d.identityRegistry) &&
    isAddr(d.factory) &&
    isAddr(d.modules?.countryAllow) &&
    isAddr(d.modules?.maxHolders) &&
    isAddr(d.modules?.maxBalance) &&
    isAddr(d.implementations?.token) &&
    isAddr(d.implementations?.compliance) &&
    (d.demoAsset === undefined || (isAddr(d.demoAsset.token) && isAddr(d.demoAsset.compliance))) &&
    (d.claimIssuer === undefined || isAddr(d.claimIssuer));
  if (!ok) throw new Error(`${file} does not match the deployments format (ARCHITECTURE.md)`);
  return d;
}

/**
 * Reuses `<deploymentsDir>/<chainId>.json` when its contracts still have code on the chain; otherwise deploys the
 * platform with anvil account 0 (account 1 as compliance agent and manager of the ONCHAINID claim issuer), seeds the
 * demo and writes the file.
 * @returns The deployments and whether they were deployed now.
 */
export async function ensurePlatform(opts: {
  rpcUrl: string;
  chainId: number;
  deploymentsDir: string;
  seed?: boolean;
}): Promise<{ deployments: Deployments; deployed: boolean }> {
  const { publicClient, wallets } = await devClients(opts.rpcUrl, 2);
  const existing = readDeployments(opts.deploymentsDir, opts.chainId);
  if (existing) {
    const addrs = [existing.identityRegistry, existing.factory, ...(existing.demoAsset ? [existing.demoAsset.token] : [])];
    const codes = await Promise.all(addrs.map((address) => publicClient.getCode({ address })));
    if (codes.every((c) => c && c !== "0x")) {
      // The token implementation has no immutables: its code on the chain is the runtime part of this build's
      // bytecode, unless the chain was deployed by another build (whose ABIs the apps and the indexer no longer speak).
      const tokenCode = await publicClient.getCode({ address: existing.implementations.token });
      if (!tokenCode || !tokenBytecode.includes(tokenCode.slice(2))) {
        throw new Error(
          `the chain was deployed by another build of Tessera's contracts (${path.join(opts.deploymentsDir, `${opts.chainId}.json`)}): ` +
            "stop, delete the data folder (.tessera/ or TESSERA_DATA_DIR) and the deployments folder, and start again",
        );
      }
      return { deployments: existing, deployed: false };
    }
  }
  const d = await deployPlatform({
    walletClient: wallets[0],
    publicClient,
    complianceAgents: [wallets[1].account.address],
    claimIssuerManager: wallets[1],
  });
  if (opts.seed !== false) {
    const demo = await seedDemo({ rpcUrl: opts.rpcUrl, deployments: d });
    d.demoAsset = { token: demo.token, compliance: demo.compliance };
  }
  writeDeployments(opts.deploymentsDir, d);
  return { deployments: d, deployed: true };
}
