// What the two-chain tests share (the pattern of crosschain-enable.test.ts): two anvils of their own (chain ids 31337
// "L1" and 31338 "L2", free ports), the platform and Hyperlane's messaging on each, the gateways peered, one asset
// enabled on both, and a tiny relay: Mailbox Dispatch logs -> `Mailbox.process` on the other chain from the trusted
// relayer's account, one message at a time, in any order (the relayer app has its own tests).
import { type Address, type Hex, keccak256, sliceHex } from "viem";
import { hyperlaneMailboxAbi } from "@tessera/contracts";
import { type BridgeChain, deployAsset, toTesseraError, type TesseraError } from "@tessera/sdk";
import { type devClients, enableAssetOnChain, peerGateways, rpc, startMessagingChain, type AnvilHandle, type IssuerChain } from "@tessera/sdk/node";
import { deployAssetWithModules, type ModuleSetup } from "@tessera/sdk/suite";

/** Account roles on both chains: 0 issuer (platform and asset owner), 1 registry agent, 9 the relayer; 2..8 investors. */
export const RELAYER = 9;

/** One chain: its anvil, dev-account clients, deployments (with messaging) and name. */
export type Side = IssuerChain & { anvil: AnvilHandle; clients: Awaited<ReturnType<typeof devClients>>; name: string };

/** Both chains with one asset enabled on both (`token` on L1, `remoteToken` on L2, a bridge on each). */
export type TwoChains = {
  l1: Side;
  l2: Side;
  token: Address;
  remoteToken: Address;
  homeBridge: Address;
  remoteBridge: Address;
  /** The SDK's view of each chain for cross-chain transfers. */
  src1: BridgeChain;
  src2: BridgeChain;
  stop: () => Promise<void>;
};

async function startSide(chainId: number, name: string): Promise<Side> {
  return { ...(await startMessagingChain(chainId, { relayerIndex: RELAYER })), name };
}

/**
 * Starts L1 and L2, peers their gateways, deploys an asset on L1 (with `homeModules`, e.g. a lock-up) and enables it
 * on L2 (`remoteRules`).
 */
export async function startTwoChains(opts: { homeModules?: (l1: Side) => ModuleSetup[]; remoteRules?: { maxHolders?: bigint; allowedCountries?: number[] } } = {}): Promise<TwoChains> {
  const [l1, l2] = await Promise.all([startSide(31337, "L1"), startSide(31338, "L2")]);
  try {
    await peerGateways({ ...l1, messaging: l1.deployments.messaging! }, { ...l2, messaging: l2.deployments.messaging! });
    const asset = { name: "Cross Fund", symbol: "XCF", decimals: 18, assetClass: 0 };
    const { token } = opts.homeModules
      ? await deployAssetWithModules(l1.walletClient, l1.publicClient, l1.deployments, asset, opts.homeModules(l1))
      : await deployAsset(l1.walletClient, l1.publicClient, l1.deployments, asset);
    const { remoteToken, homeBridge, remoteBridge } = await enableAssetOnChain({ home: l1, remote: l2, token, remoteRules: opts.remoteRules });
    return {
      l1,
      l2,
      token,
      remoteToken,
      homeBridge,
      remoteBridge,
      src1: { publicClient: l1.publicClient, chainId: l1.chainId, bridge: homeBridge, name: "L1" },
      src2: { publicClient: l2.publicClient, chainId: l2.chainId, bridge: remoteBridge, name: "L2" },
      stop: async () => {
        await Promise.all([l1.anvil.stop(), l2.anvil.stop()]);
      },
    };
  } catch (err) {
    await Promise.all([l1.anvil.stop(), l2.anvil.stop()]);
    throw err;
  }
}

/** A message dispatched on one chain's Mailbox: its Hyperlane id (keccak256 of the message) and bytes. */
export type Dispatched = { id: Hex; message: Hex };

/**
 * The bridge message a Hyperlane message carries: its kind (0 transfer, 1 return) and amount in token base units.
 * Hyperlane's header is 77 bytes (version, nonce, origin, sender, destination, recipient); the body is the gateway's,
 * packed: nonce (4 bytes), sender (20), target (20), then the payload, the bridge's, packed: kind (1), from (20),
 * to (20), identity (20), amount (32), code (1).
 */
export function bridgeMessageOf(message: Hex): { kind: number; amount: bigint } {
  const payload = sliceHex(message, 77 + 44);
  return { kind: Number(BigInt(sliceHex(payload, 0, 1))), amount: BigInt(sliceHex(payload, 61, 93)) };
}

/** Every message dispatched on `from` (to `to`) that `to`'s Mailbox has not delivered yet, oldest first. */
export async function pendingMessages(from: Side, to: Side): Promise<Dispatched[]> {
  const logs = await from.publicClient.getContractEvents({
    address: from.deployments.messaging!.mailbox,
    abi: hyperlaneMailboxAbi,
    eventName: "Dispatch",
    args: { destination: to.deployments.messaging!.domain },
    fromBlock: 0n,
  });
  const all = logs.map((l) => {
    const message = (l.args as { message: Hex }).message;
    return { id: keccak256(message), message };
  });
  const delivered = await Promise.all(
    all.map((m) =>
      to.publicClient.readContract({ address: to.deployments.messaging!.mailbox, abi: hyperlaneMailboxAbi, functionName: "delivered", args: [m.id] }),
    ),
  );
  return all.filter((_, i) => !delivered[i]);
}

/**
 * Delivers one message on `to` as the trusted relayer (`Mailbox.process`, metadata "0x"), simulated first: a delivery
 * the destination reverts (e.g. its token paused) is not sent and stays pending, as a relayer would retry it later.
 * @returns ok, or the refusal in words.
 */
export async function relayMessage(to: Side, m: Dispatched): Promise<{ ok: true; gasUsed: bigint; hash: Hex } | { ok: false; error: TesseraError }> {
  const relayer = to.clients.wallets[RELAYER];
  try {
    const { request } = await to.publicClient.simulateContract({
      address: to.deployments.messaging!.mailbox,
      abi: hyperlaneMailboxAbi,
      functionName: "process",
      args: ["0x", m.message],
      account: relayer.account,
    });
    const hash = await relayer.writeContract(request);
    const r = await to.publicClient.waitForTransactionReceipt({ hash });
    if (r.status !== "success") throw new Error(`process ${m.id} reverted`);
    return { ok: true, gasUsed: r.gasUsed, hash };
  } catch (err) {
    return { ok: false, error: toTesseraError(err) };
  }
}

/** Relays every pending message from `from` to `to` (in order); throws when one is not delivered. */
export async function relayAll(from: Side, to: Side): Promise<number> {
  const pending = await pendingMessages(from, to);
  for (const m of pending) {
    const r = await relayMessage(to, m);
    if (!r.ok) throw new Error(`relay ${from.name} -> ${to.name} of ${m.id} failed: ${r.error.message}`);
  }
  return pending.length;
}

/** One call of a transaction's call tree (anvil's `debug_traceTransaction` callTracer), gas in gas units. */
type TracedCall = { to?: string; input?: string; gasUsed: string; calls?: TracedCall[] };

/**
 * A transaction's call tree down to `depth` as lines "  to selector gas" (gas used by each call, its sub-calls
 * included), naming addresses with `names`: where a transaction's gas goes.
 */
export async function gasTree(s: Side, hash: Hex, names: Record<string, string>, depth = 3): Promise<string[]> {
  const root = await rpc<TracedCall>(s.anvil.rpcUrl, "debug_traceTransaction", [hash, { tracer: "callTracer" }]);
  const lines: string[] = [];
  const walk = (call: TracedCall, level: number) => {
    const to = call.to ? (names[call.to.toLowerCase()] ?? call.to) : "?";
    lines.push(`${"  ".repeat(level)}${to} ${call.input?.slice(0, 10) ?? ""} ${Number(BigInt(call.gasUsed))}`);
    if (level < depth) for (const sub of call.calls ?? []) walk(sub, level + 1);
  };
  walk(root, 0);
  return lines;
}
