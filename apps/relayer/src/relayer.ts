/**
 * The relayer's loop: for each configured chain it follows the Hyperlane Mailbox's `Dispatch` logs and delivers each
 * message whose destination is another configured chain by calling that chain's `Mailbox.process("0x", message)` from
 * the relayer account (the TrustedRelayerIsm trusts it), as Hyperlane's relayer agent drives the Mailbox.
 *
 * Exactly once: before each delivery it re-reads the Dispatch's block hash (still canonical?), `Mailbox.delivered(id)`
 * on the destination (skip when delivered) and simulates `process`; the per-source cursor (cursor.ts) moves past a
 * block only when every message of it is settled, and a restart rescans from it. The Mailbox itself refuses a second
 * `process` ("Mailbox: already delivered"), so a crash between sending and recording costs a check, never a duplicate.
 */
import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  keccak256,
  parseEventLogs,
  webSocket,
} from "viem";
import { type Deployments, assetBridgeAbi, hyperlaneGatewayAbi, hyperlaneMailboxAbi, tokenAbi } from "@tessera/contracts";
import { toTesseraError } from "@tessera/sdk";
import { type ChainCursor, readCursors, writeCursors } from "./cursor.ts";

/** A chain the relayer serves: its endpoint and its deployments (with `messaging`). */
export interface RelayerChainInput {
  chainId: number;
  /** http(s):// or ws(s):// JSON-RPC URL. */
  rpcUrl: string;
  deployments: Deployments;
}

/** Options of {@link createRelayer}; durations in milliseconds, depths in blocks. */
export interface RelayerOptions {
  chains: RelayerChainInput[];
  /** The account every chain's TrustedRelayerIsm trusts (the deployments' `messaging.relayer`). */
  account: Account;
  /** Folder of the cursor file. */
  dataDir: string;
  pollIntervalMs?: number;
  confirmations?: number;
  batchBlocks?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
  /** Test only: wait this long before sending each delivery. */
  testDeliveryDelayMs?: number;
  /** Where the relayer's lines go (default console.log); one line per delivery, per refusal reason, per failure streak. */
  log?: (line: string) => void;
  /** Benchmark hook: called once per message this relayer delivered, with the destination receipt's block. */
  onDelivered?: (d: DeliveredMessage) => void;
}

/** A message delivered by this relayer. */
export interface DeliveredMessage {
  id: Hex;
  origin: number;
  destination: number;
  /** Destination block the `process` transaction was included in. */
  blockNumber: bigint;
  gasUsed: bigint;
  /** Date.now() when the destination receipt arrived. */
  at: number;
}

/** A dispatched message not yet settled. */
export interface PendingMessage {
  id: Hex;
  message: Hex;
  /** Source and destination chain ids. */
  origin: number;
  destination: number;
  /** Source block of its Dispatch, and that block's hash when it was read. */
  blockNumber: bigint;
  blockHash: Hex;
  /** Deliveries refused in simulation so far (the backoff grows with it). */
  attempts: number;
  /** Date.now() before which it is not tried again. */
  notBefore: number;
  /** The last refusal's text, logged once per distinct text. */
  lastReason?: string;
}

/** The running relayer. */
export interface Relayer {
  /** One full round: read every chain's new Dispatch logs, deliver what is due, persist the cursors. */
  tick(): Promise<void>;
  /** Runs {@link tick} every `pollIntervalMs` (sooner on a newHeads notification) until {@link stop}. */
  run(): Promise<void>;
  /** Ends the loop after the round in flight (a delivery in flight is awaited) and closes subscriptions. */
  stop(): Promise<void>;
  /** Messages read but not yet settled. */
  pending(): PendingMessage[];
  /** Per source chain, the persisted cursor block. */
  cursors(): Map<number, bigint>;
}

type ChainState = {
  chainId: number;
  domain: number;
  mailbox: Address;
  startBlock: bigint;
  client: PublicClient;
  wallet: WalletClient<Transport, Chain, Account>;
  /** Last block whose Dispatch logs were read, and recent scanned block hashes (to find a reorg's common ancestor). */
  scanned: bigint;
  journal: { block: bigint; hash: Hex }[];
  /** Persisted cursor (last settled block). */
  cursor: ChainCursor;
  /** An RPC failure streak on this chain is logged once. */
  rpcFailing: boolean;
  unsubscribe?: () => void;
};

/** Errors that a reverted `process` may carry: the Mailbox's strings, the gateway's, the bridge's and the token's. */
const decodeAbi = [...hyperlaneMailboxAbi, ...hyperlaneGatewayAbi, ...assetBridgeAbi, ...tokenAbi];
const JOURNAL = 128;

/** What a failed call was: the contract refused it (a revert, decoded), or the node could not answer (RPC failure). */
export type CallFailure = { kind: "revert"; reason: string; errorName: string } | { kind: "rpc"; reason: string };

/**
 * Classifies a thrown error: a revert (viem's ContractFunctionRevertedError, decoded to words by the SDK's error table)
 * or an RPC failure (anything else: transport, timeout, a node error without revert data). An RPC failure is never
 * read as a revert.
 */
export function classifyFailure(err: unknown): CallFailure {
  if (err instanceof BaseError && err.walk((e) => e instanceof ContractFunctionRevertedError) instanceof ContractFunctionRevertedError) {
    const t = toTesseraError(err);
    return { kind: "revert", reason: t.message, errorName: t.errorName };
  }
  const first = err instanceof BaseError ? err.shortMessage : err instanceof Error ? err.message.split("\n")[0]! : String(err);
  return { kind: "rpc", reason: first };
}

/** A block's hash, or null when the node has no block at that height (a reorg shortened the chain). RPC errors throw. */
async function blockHashAt(client: PublicClient, block: bigint): Promise<Hex | null> {
  const b = await client.request({ method: "eth_getBlockByNumber", params: [`0x${block.toString(16)}`, false] });
  return (b as { hash: Hex } | null)?.hash ?? null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Creates the relayer over `opts.chains` (at least two, each with a `messaging` section whose `relayer` is
 * `opts.account`), resuming each source chain from the cursor file (or its deployments' `startBlock` when the file has
 * none for that Mailbox).
 * @throws Error when a chain has no messaging or its ISM trusts another account, or the cursor file is invalid.
 */
export function createRelayer(opts: RelayerOptions): Relayer {
  const log = opts.log ?? ((l: string) => console.log(l));
  const pollMs = opts.pollIntervalMs ?? 200;
  const confirmations = BigInt(opts.confirmations ?? 0);
  const batch = BigInt(opts.batchBlocks ?? 2000);
  const retryMin = opts.retryMinMs ?? 1000;
  const retryMax = opts.retryMaxMs ?? 30_000;
  const saved = readCursors(opts.dataDir);
  const chains = new Map<number, ChainState>();
  const byDomain = new Map<number, number>();
  for (const c of opts.chains) {
    const m = c.deployments.messaging;
    if (!m) throw new Error(`chain ${c.chainId}: its deployments file has no messaging section (deploy messaging first)`);
    if (m.relayer.toLowerCase() !== opts.account.address.toLowerCase()) {
      throw new Error(
        `chain ${c.chainId}: its TrustedRelayerIsm trusts ${m.relayer}, but the relayer's account is ${opts.account.address} (set RELAYER_PRIVATE_KEY to the trusted account's key)`,
      );
    }
    const chain = defineChain({
      id: c.chainId,
      name: `Chain ${c.chainId}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [c.rpcUrl] } },
    });
    const transport = /^wss?:/.test(c.rpcUrl) ? webSocket(c.rpcUrl) : http(c.rpcUrl, { retryCount: 0, timeout: 10_000 });
    const client = createPublicClient({ chain, transport, cacheTime: 0 }) as PublicClient;
    const wallet = createWalletClient({ chain, transport, account: opts.account });
    const startBlock = BigInt(c.deployments.startBlock);
    const prior = saved.get(c.chainId);
    const fresh: ChainCursor = { block: startBlock - 1n, hash: `0x${"0".repeat(64)}`, mailbox: m.mailbox };
    const cursor = prior && prior.mailbox.toLowerCase() === m.mailbox.toLowerCase() ? prior : fresh;
    chains.set(c.chainId, {
      chainId: c.chainId,
      domain: m.domain,
      mailbox: m.mailbox,
      startBlock,
      client,
      wallet,
      scanned: cursor.block,
      journal: [],
      cursor,
      rpcFailing: false,
    });
    byDomain.set(m.domain, c.chainId);
  }
  if (chains.size < 2) throw new Error("the relayer needs at least two chains");

  const pending = new Map<Hex, PendingMessage>();
  const skippedDomains = new Set<number>();
  let verifiedCursors = false;
  let stopped = false;
  let wake: (() => void) | undefined;
  /** A newHeads notification arrived during a round: the next round starts at once. */
  let nudged = false;
  let running: Promise<void> | undefined;

  const rpcFailed = (s: ChainState, what: string, err: unknown) => {
    if (!s.rpcFailing) log(`[relayer] chain ${s.chainId}: RPC failure while ${what}: ${classifyFailure(err).reason} (retrying)`);
    s.rpcFailing = true;
  };

  /** A restart after a reorg below the saved cursor: rescan that chain from its start block. */
  async function verifyCursor(s: ChainState): Promise<void> {
    if (s.cursor.block < s.startBlock) return;
    const hash = await blockHashAt(s.client, s.cursor.block);
    if (hash !== s.cursor.hash) {
      log(`[relayer] chain ${s.chainId}: block ${s.cursor.block} of the saved cursor is no longer canonical: rescanning from block ${s.startBlock}`);
      s.cursor = { block: s.startBlock - 1n, hash: `0x${"0".repeat(64)}`, mailbox: s.mailbox };
      s.scanned = s.cursor.block;
    }
  }

  /** Rewinds `scanned` to the newest journaled block still canonical (the common ancestor), or the cursor. */
  async function rewind(s: ChainState): Promise<void> {
    let to = s.startBlock - 1n;
    while (s.journal.length > 0) {
      const j = s.journal[s.journal.length - 1]!;
      if ((await blockHashAt(s.client, j.block)) === j.hash) {
        to = j.block;
        break;
      }
      s.journal.pop();
    }
    log(`[relayer] chain ${s.chainId}: reorg detected below block ${s.scanned}: rescanning from block ${to + 1n}`);
    s.scanned = to;
    if (s.cursor.block > to) s.cursor = { ...s.cursor, block: to, hash: (await blockHashAt(s.client, to)) ?? s.cursor.hash };
  }

  /** Reads the new Dispatch logs of `s` up to head - confirmations into `pending`. */
  async function scan(s: ChainState): Promise<void> {
    const head = await s.client.getBlockNumber();
    const tip = s.journal.at(-1);
    if (s.scanned > head || (tip && (await blockHashAt(s.client, tip.block)) !== tip.hash)) await rewind(s);
    const target = head - confirmations;
    while (s.scanned < target) {
      const from = s.scanned + 1n;
      const to = from + batch - 1n < target ? from + batch - 1n : target;
      const before = await blockHashAt(s.client, to);
      const logs = await s.client.getLogs({ address: s.mailbox, fromBlock: from, toBlock: to });
      const after = await blockHashAt(s.client, to);
      if (!before || before !== after) return; // the chain moved under the read: try again next round
      for (const l of parseEventLogs({ abi: hyperlaneMailboxAbi, logs, eventName: "Dispatch" })) {
        const destination = byDomain.get(l.args.destination);
        if (destination === undefined || destination === s.chainId) {
          if (!skippedDomains.has(l.args.destination)) {
            log(`[relayer] chain ${s.chainId}: messages to Hyperlane domain ${l.args.destination} are not relayed (not a configured chain)`);
            skippedDomains.add(l.args.destination);
          }
          continue;
        }
        const id = keccak256(l.args.message);
        const known = pending.get(id);
        if (known) {
          known.blockNumber = l.blockNumber;
          known.blockHash = l.blockHash;
        } else {
          pending.set(id, {
            id,
            message: l.args.message,
            origin: s.chainId,
            destination,
            blockNumber: l.blockNumber,
            blockHash: l.blockHash,
            attempts: 0,
            notBefore: 0,
          });
        }
      }
      s.scanned = to;
      s.journal.push({ block: to, hash: before });
      if (s.journal.length > JOURNAL) s.journal.shift();
    }
  }

  /** Tries to deliver one message; settles it (removes it from `pending`) when delivered or reorged out. */
  async function deliver(p: PendingMessage): Promise<void> {
    const src = chains.get(p.origin)!;
    const dst = chains.get(p.destination)!;
    // 1. Still canonical on the source? A message whose block was reorged out no longer exists (a re-sent one has a new id).
    let hash: Hex | null;
    try {
      hash = await blockHashAt(src.client, p.blockNumber);
    } catch (err) {
      rpcFailed(src, `checking message ${p.id}'s block`, err);
      return;
    }
    if (hash !== p.blockHash) {
      pending.delete(p.id);
      log(`[relayer] message ${p.id} (${p.origin} -> ${p.destination}): its block ${p.blockNumber} was reorged out: dropped`);
      src.journal = src.journal.filter((j) => j.block < p.blockNumber);
      if (src.scanned >= p.blockNumber) src.scanned = p.blockNumber - 1n;
      return;
    }
    const call = { address: dst.mailbox, abi: hyperlaneMailboxAbi, account: opts.account } as const;
    try {
      // 2. Already delivered (by us before a crash, or by anyone)? Then it is settled.
      if (await dst.client.readContract({ ...call, functionName: "delivered", args: [p.id] })) {
        pending.delete(p.id);
        return;
      }
      // 3. Simulate, then send.
      await dst.client.simulateContract({ ...call, abi: decodeAbi, functionName: "process", args: ["0x", p.message] });
    } catch (err) {
      refused(p, dst, err);
      return;
    }
    if (opts.testDeliveryDelayMs) await sleep(opts.testDeliveryDelayMs);
    try {
      const txHash = await dst.wallet.writeContract({ ...call, functionName: "process", args: ["0x", p.message] });
      const receipt = await dst.client.waitForTransactionReceipt({ hash: txHash, pollingInterval: 50, timeout: 60_000 });
      if (receipt.status !== "success") {
        refused(p, dst, new Error(`process reverted on chain (transaction ${txHash})`), true);
        return;
      }
      pending.delete(p.id);
      dst.rpcFailing = false;
      log(`[relayer] delivered ${p.id} ${p.origin} -> ${p.destination} (block ${receipt.blockNumber}, gas ${receipt.gasUsed})`);
      opts.onDelivered?.({ id: p.id, origin: p.origin, destination: p.destination, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed, at: Date.now() });
    } catch (err) {
      // Sent or not, the next round's delivered() check tells.
      refused(p, dst, err);
    }
  }

  /** A refusal: a revert waits with backoff (logged once per reason); an RPC failure is retried next round. */
  function refused(p: PendingMessage, dst: ChainState, err: unknown, reverted = false): void {
    const f: CallFailure = reverted ? { kind: "revert", reason: (err as Error).message, errorName: "Reverted" } : classifyFailure(err);
    if (f.kind === "rpc") {
      rpcFailed(dst, `delivering message ${p.id}`, err);
      return;
    }
    dst.rpcFailing = false;
    p.attempts += 1;
    const wait = Math.min(retryMax, retryMin * 2 ** Math.min(p.attempts - 1, 20));
    p.notBefore = Date.now() + wait;
    if (p.lastReason !== f.reason) {
      log(
        `[relayer] message ${p.id} (${p.origin} -> ${p.destination}) not delivered yet: chain ${p.destination} refuses it: ${f.reason} (${f.errorName}); kept pending, retried with backoff`,
      );
      p.lastReason = f.reason;
    }
  }

  /** Moves each source chain's cursor to the block before its oldest pending message (or to `scanned`), persisted. */
  async function advanceCursors(): Promise<void> {
    let changed = false;
    for (const s of chains.values()) {
      let block = s.scanned;
      for (const p of pending.values()) if (p.origin === s.chainId && p.blockNumber - 1n < block) block = p.blockNumber - 1n;
      if (block === s.cursor.block || block < s.startBlock - 1n) continue;
      const hash = block < s.startBlock ? s.cursor.hash : await blockHashAt(s.client, block);
      if (!hash) continue;
      s.cursor = { block, hash, mailbox: s.mailbox };
      changed = true;
    }
    if (changed) writeCursors(opts.dataDir, new Map([...chains.values()].map((s) => [s.chainId, s.cursor])));
  }

  async function tick(): Promise<void> {
    if (!verifiedCursors) {
      for (const s of chains.values()) await verifyCursor(s);
      verifiedCursors = true;
    }
    await Promise.all(
      [...chains.values()].map(async (s) => {
        try {
          await scan(s);
          s.rpcFailing = false;
        } catch (err) {
          rpcFailed(s, "reading Dispatch logs", err);
        }
      }),
    );
    // One destination's deliveries one after another (one account, one nonce sequence); destinations side by side.
    // A refused message waits with backoff and never blocks the ones behind it.
    const now = Date.now();
    const due = [...pending.values()].filter((p) => p.notBefore <= now).sort((a, b) => (a.blockNumber < b.blockNumber ? -1 : 1));
    await Promise.all(
      [...chains.keys()].map(async (dest) => {
        for (const p of due.filter((d) => d.destination === dest)) {
          if (stopped) return;
          if (pending.has(p.id)) await deliver(p);
        }
      }),
    );
    try {
      await advanceCursors();
    } catch (err) {
      log(`[relayer] RPC failure while saving the cursors: ${classifyFailure(err).reason} (retrying)`);
    }
  }

  async function run(): Promise<void> {
    for (const s of chains.values()) {
      if (s.client.transport.type === "webSocket") {
        s.unsubscribe = s.client.watchBlockNumber({
          onBlockNumber: () => {
            nudged = true;
            wake?.();
          },
          emitOnBegin: false,
          onError: () => {},
        });
      }
    }
    running = (async () => {
      while (!stopped) {
        nudged = false;
        await tick().catch((err: unknown) => log(`[relayer] round failed: ${err instanceof Error ? err.message : String(err)}`));
        if (stopped) break;
        if (nudged) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    })();
    return running;
  }

  async function stop(): Promise<void> {
    stopped = true;
    wake?.();
    for (const s of chains.values()) s.unsubscribe?.();
    await running;
  }

  return {
    tick,
    run,
    stop,
    pending: () => [...pending.values()],
    cursors: () => new Map([...chains.values()].map((s) => [s.chainId, s.cursor.block])),
  };
}
