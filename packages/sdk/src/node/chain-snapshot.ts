/**
 * Chain starting states built once per process and loaded into later chains: for tests, which start dozens of
 * anvils from the same point (the platform deployed, the demo seeded, messaging deployed).
 */
import type { Hex } from "viem";
import type { Deployments } from "@tessera/contracts";
import { rpc } from "./anvil";
import { seedDemo, type DemoSeed } from "./demo";
import { devClients } from "./dev-clients";
import { deployPlatform } from "./platform";

/** A state recorded by {@link buildOrLoadChainState}: anvil's dump after `build`, and what `build` returned. */
type Snapshot = { state: Hex; result: unknown };

const snapshots = new Map<string, Snapshot>();

/**
 * Runs `build` on the fresh anvil at `rpcUrl` the first time this process asks for `key` on its chain id, and
 * records the chain's state afterwards (`anvil_dumpState`: accounts, code, storage, blocks, transactions, receipts and
 * logs); later calls with the same key and chain id on another fresh anvil load that state (`anvil_loadState`) and
 * return a copy of what `build` returned, instead of sending its transactions again. The loaded chain has the same
 * blocks (numbers, hashes, timestamps), logs, addresses and nonces as the one `build` ran on, so a test cannot tell
 * them apart, except in two ways: its clock starts where the recorded chain's last block left it, and it has no state
 * at the loaded blocks (a dump holds the latest state only): a read at one of those past blocks (`eth_call` with a
 * block number) fails. A test that reads the chain as of the set-up's blocks runs `build` itself (`pastStates`).
 *
 * Why: the platform's deployment is about 45 transactions (several seconds per test file, most of vitest's set-up
 * time); loading its dump takes a fraction of a second. The first chain of each key in each process still runs
 * `build` for real, so the deployment code is exercised on every run.
 *
 * Nothing is kept across processes (no file: a stale dump after a contract change cannot be loaded). A chain that is
 * not fresh (a block already mined) always runs `build`. `TESSERA_CHAIN_SNAPSHOTS=off` always runs `build`.
 * @param opts.pastStates Always run `build` (the caller reads state at the blocks it mines).
 * @param key Names what `build` does, with every input that changes its outcome (accounts, options); the chain id is
 *   added here. `build` must only send transactions to this chain and return JSON-like data (bigints allowed).
 * @returns What `build` returned (a structured clone of it when loaded).
 * @throws What `build` throws; an Error when anvil refuses the dump or the load (e.g. not anvil)
 */
export async function buildOrLoadChainState<T>(
  rpcUrl: string,
  key: string,
  build: () => Promise<T>,
  opts: { pastStates?: boolean } = {},
): Promise<T> {
  if (opts.pastStates || process.env.TESSERA_CHAIN_SNAPSHOTS === "off") return build();
  const [chainId, block] = await Promise.all([rpc<Hex>(rpcUrl, "eth_chainId"), rpc<Hex>(rpcUrl, "eth_blockNumber")]);
  if (BigInt(block) !== 0n) return build();
  const k = `${BigInt(chainId)}:${key}`;
  const hit = snapshots.get(k);
  if (hit) {
    await rpc<boolean>(rpcUrl, "anvil_loadState", [hit.state]);
    return structuredClone(hit.result) as T;
  }
  const result = await build();
  snapshots.set(k, { state: await rpc<Hex>(rpcUrl, "anvil_dumpState"), result: structuredClone(result) });
  return result;
}

/**
 * The platform on a fresh anvil of dev accounts, as tests start from: `deployPlatform` with account 0 as owner and
 * account 1 as registry agent, then with `demo` the demo seeded (`seedDemo`). Sent once per process and chain id, and
 * loaded into later chains ({@link buildOrLoadChainState}).
 * @param rpcUrl A fresh anvil (the standard mnemonic's accounts).
 * @param opts.pastStates The caller reads state as of the set-up's blocks: send the transactions (see
 *   {@link buildOrLoadChainState}).
 * @returns The deployments record, and the demo seed when `demo` (put `{ token, compliance }` in
 *   `deployments.demoAsset` yourself, as after `seedDemo`).
 * @throws TesseraError when a deployment fails; Error when anvil refuses the state's dump or load
 */
export async function deployDevPlatform(rpcUrl: string, opts: { demo: true; pastStates?: boolean }): Promise<{ deployments: Deployments; demo: DemoSeed }>;
export async function deployDevPlatform(rpcUrl: string, opts?: { demo?: false; pastStates?: boolean }): Promise<{ deployments: Deployments; demo?: undefined }>;
export async function deployDevPlatform(rpcUrl: string, opts: { demo?: boolean; pastStates?: boolean } = {}): Promise<{ deployments: Deployments; demo?: DemoSeed }> {
  const { wallets, publicClient } = await devClients(rpcUrl);
  return buildOrLoadChainState(rpcUrl, `deployPlatform agents=[1]${opts.demo ? " + seedDemo" : ""}`, async () => {
    const deployments = await deployPlatform({ walletClient: wallets[0], publicClient, registryAgents: [wallets[1].account.address] });
    return { deployments, demo: opts.demo ? await seedDemo({ rpcUrl, deployments }) : undefined };
  }, { pastStates: opts.pastStates });
}
