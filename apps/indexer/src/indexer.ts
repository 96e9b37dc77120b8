import type { Deployments } from "@tessera/contracts";
import type { PrismaClient } from "@tessera/db";
import { createPublicClient, http, type PublicClient } from "viem";
import { ASSET_DEPLOYED_TOPIC, decodeLog, type DecodedEvent, type RawLog, type Source } from "./decode.ts";
import { writeRange, type RangeBatch } from "./write.ts";

/** Options of {@link startIndexer}. */
export interface IndexerOptions {
  /** Prisma client of `@tessera/db` (PostgreSQL or PGlite served over the wire). */
  prisma: PrismaClient;
  /** JSON-RPC HTTP endpoint of the chain. */
  rpcUrl: string;
  /** Chain id; every row written is keyed by it. */
  chainId: number;
  /** The platform's addresses and start block (`deployments/<chainId>.json`). */
  deployments: Deployments;
  /** Delay between head polls once caught up, in ms (default 250). */
  pollIntervalMs?: number;
  /** Maximum blocks per range, i.e. per eth_getLogs window and per database transaction (default 2000). */
  batchBlocks?: number;
  /** Log sink (default: console.log / console.error with an `[indexer]` prefix). */
  log?: (level: "info" | "warn" | "error", message: string) => void;
}

/** A running indexer. */
export interface Indexer {
  /** Stops polling after the range in flight is committed (or abandoned before its transaction). */
  stop(): Promise<void>;
  /**
   * Resolves once every block up to `block` is written (cursor `lastBlock >= block`).
   * @throws Error if the indexer is stopped first.
   */
  waitForBlock(block: bigint | number): Promise<void>;
}

const ADDRESS_CHUNK = 500;

/**
 * Starts following the chain and writing the cap table (Asset, Investor, Holding, Transfer, IndexerCursor).
 * Resumes from the stored cursor, or from `deployments.startBlock`. Each block range and its cursor are
 * written in one transaction, so a restart neither loses nor double-counts anything. If the block at the
 * cursor's height no longer has the stored hash (a reorg), it logs loudly, deletes this chain's indexed rows
 * and re-indexes from `startBlock`. RPC and database errors are logged and retried with back-off.
 */
export function startIndexer(options: IndexerOptions): Indexer {
  const { prisma, chainId, deployments } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const batchBlocks = BigInt(Math.max(1, options.batchBlocks ?? 2000));
  const log =
    options.log ??
    ((level, message) => (level === "info" ? console.log : console.error)(`[indexer ${chainId}] ${level}: ${message}`));
  const client: PublicClient = createPublicClient({
    transport: http(options.rpcUrl, { batch: { batchSize: 100, wait: 0 }, retryCount: 2 }),
  });

  const lower = (a: string) => a.toLowerCase();
  const registry = lower(deployments.identityRegistry);
  const factory = lower(deployments.factory);
  const modules = {
    countryAllow: lower(deployments.modules.countryAllow),
    maxHolders: lower(deployments.modules.maxHolders),
    maxBalance: lower(deployments.modules.maxBalance),
  };
  const startBlock = BigInt(deployments.startBlock);

  // In-memory view, rebuilt from the database on start and after a reorg.
  let loaded = false;
  let cursor: { block: bigint; hash: string } | undefined;
  const tokenToCompliance = new Map<string, string>();
  let indexedUpTo = startBlock - 1n;

  let stopping = false;
  let wake: (() => void) | undefined;
  const waiters: { block: bigint; resolve: () => void; reject: (e: Error) => void }[] = [];

  const settleWaiters = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (indexedUpTo >= waiters[i]!.block) waiters.splice(i, 1)[0]!.resolve();
    }
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => ((wake = undefined), resolve()), ms);
      wake = () => (clearTimeout(t), (wake = undefined), resolve());
    });

  async function load(): Promise<void> {
    const row = await prisma.indexerCursor.findUnique({ where: { chainId } });
    cursor = row ? { block: row.lastBlock, hash: row.lastBlockHash } : undefined;
    indexedUpTo = cursor ? cursor.block : startBlock - 1n;
    tokenToCompliance.clear();
    for (const a of await prisma.asset.findMany({ where: { chainId }, select: { address: true, compliance: true } })) {
      tokenToCompliance.set(a.address, a.compliance);
    }
    loaded = true;
    log("info", cursor ? `resuming after block ${cursor.block}` : `starting at block ${startBlock}`);
  }

  async function rollbackAll(reason: string): Promise<void> {
    log("error", `!!! REORG DETECTED: ${reason}. Deleting every indexed row of chain ${chainId} and re-indexing from block ${startBlock}.`);
    await prisma.$transaction([
      prisma.transfer.deleteMany({ where: { chainId } }),
      prisma.holding.deleteMany({ where: { chainId } }),
      prisma.asset.deleteMany({ where: { chainId } }),
      prisma.investor.deleteMany({ where: { chainId } }),
      prisma.indexerCursor.deleteMany({ where: { chainId } }),
    ]);
    await load();
  }

  async function getLogs(addresses: string[], from: bigint, to: bigint, topic0?: `0x${string}`): Promise<RawLog[]> {
    const out: RawLog[] = [];
    for (let i = 0; i < addresses.length; i += ADDRESS_CHUNK) {
      const logs = (await client.request({
        method: "eth_getLogs",
        params: [
          {
            address: addresses.slice(i, i + ADDRESS_CHUNK) as `0x${string}`[],
            fromBlock: `0x${from.toString(16)}`,
            toBlock: `0x${to.toString(16)}`,
            ...(topic0 ? { topics: [topic0] } : {}),
          },
        ],
      })) as { address: string; topics: `0x${string}`[]; data: `0x${string}`; logIndex: string; transactionHash: string; blockNumber: string; blockHash: string; removed?: boolean }[];
      for (const l of logs) {
        if (l.removed) continue;
        out.push({
          address: l.address as `0x${string}`,
          topics: l.topics as RawLog["topics"],
          data: l.data,
          logIndex: Number(l.logIndex),
          transactionHash: l.transactionHash as `0x${string}`,
          blockNumber: BigInt(l.blockNumber),
          blockHash: l.blockHash as `0x${string}`,
        });
      }
    }
    return out;
  }

  /** One step: check for a reorg, fetch and write the next range. Returns true if it made progress. */
  async function step(): Promise<boolean> {
    if (!loaded) await load();
    const head = await client.getBlockNumber({ cacheTime: 0 });

    if (cursor) {
      const block = await client.getBlock({ blockNumber: cursor.block }).catch(() => undefined);
      if (!block || block.hash !== cursor.hash) {
        await rollbackAll(
          block
            ? `block ${cursor.block} now has hash ${block.hash}, the database recorded ${cursor.hash}`
            : `block ${cursor.block} no longer exists (chain head ${head})`,
        );
        return true;
      }
    }

    const from = cursor ? cursor.block + 1n : startBlock;
    if (from > head) return false;
    const to = head < from + batchBlocks - 1n ? head : from + batchBlocks - 1n;

    // The range's last header before and after fetching logs: if it changed, the chain moved under us (retry).
    const toHeaderBefore = await client.getBlock({ blockNumber: to });

    // Discover assets deployed in this range first, then fetch every Tessera contract's logs.
    const factoryLogs = await getLogs([factory], from, to, ASSET_DEPLOYED_TOPIC);
    const sources = new Map<string, Source>([
      [registry, "identityRegistry"],
      [modules.countryAllow, "countryAllow"],
      [modules.maxHolders, "maxHolders"],
      [modules.maxBalance, "maxBalance"],
    ]);
    const tokens = new Map(tokenToCompliance);
    const deployedEvents: DecodedEvent[] = [];
    for (const l of factoryLogs) {
      const e = decodeLog("factory", l);
      if (!e) continue;
      deployedEvents.push(e);
      tokens.set(e.args.token as string, e.args.compliance as string);
    }
    for (const [token, compliance] of tokens) {
      sources.set(token, "token");
      sources.set(compliance, "compliance");
    }
    const logs = await getLogs([...sources.keys()], from, to);

    const events: DecodedEvent[] = [...deployedEvents];
    for (const l of logs) {
      const source = sources.get(l.address.toLowerCase());
      if (!source) continue;
      const e = decodeLog(source, l);
      if (e) events.push(e);
    }
    // A token can switch compliance mid-range (ComplianceAdded): its new compliance's logs were not fetched
    // above. Rare; the next range includes it. Module events of that compliance are keyed by address and come
    // from the module singletons, which are always fetched.
    events.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));

    const timeBlocks = new Set<bigint>();
    for (const e of events) if (e.name === "Transfer" || e.name === "AssetDeployed") timeBlocks.add(e.blockNumber);
    timeBlocks.add(to);
    const headers = await Promise.all([...timeBlocks].map((n) => client.getBlock({ blockNumber: n })));
    const blockTimes = new Map(headers.map((h) => [h.number!, Number(h.timestamp)]));
    const toHeader = headers.find((h) => h.number === to)!;
    if (toHeader.hash !== toHeaderBefore.hash) throw new Error(`block ${to} changed while its range was fetched (reorg); retrying`);
    const hashes = new Map(headers.map((h) => [h.number!, h.hash!]));
    for (const l of [...factoryLogs, ...logs]) {
      const expected = hashes.get(l.blockNumber as bigint);
      if (expected && l.blockHash && expected !== l.blockHash) {
        throw new Error(`log of block ${l.blockNumber} has hash ${l.blockHash}, the header ${expected} (reorg); retrying`);
      }
    }

    if (stopping) return false;
    const batch: RangeBatch = {
      chainId,
      fromBlock: from,
      toBlock: to,
      toBlockHash: toHeader.hash!,
      events,
      blockTimes,
      modules,
      identityRegistry: registry,
    };
    const result = await writeRange(prisma, batch);
    if (!result.applied) {
      // Someone else (another indexer) wrote past us: reload.
      await load();
      return true;
    }
    for (const [token, compliance] of result.newAssets) tokenToCompliance.set(token, compliance);
    for (const [token, compliance] of result.complianceChanges) tokenToCompliance.set(token, compliance);
    cursor = { block: to, hash: toHeader.hash! };
    indexedUpTo = to;
    if (events.length > 0 || to - from > 10n) {
      log("info", `blocks ${from}-${to}: ${events.length} events, ${result.transfers} transfers, ${result.newAssets.size} new assets`);
    }
    settleWaiters();
    return true;
  }

  const loop = (async () => {
    let failures = 0;
    while (!stopping) {
      try {
        const progressed = await step();
        failures = 0;
        if (!progressed && !stopping) await sleep(pollIntervalMs);
      } catch (err) {
        failures++;
        const delay = Math.min(10_000, pollIntervalMs * 2 ** Math.min(failures, 6));
        log("warn", `step failed (attempt ${failures}, retrying in ${delay} ms): ${err instanceof Error ? err.message : String(err)}`);
        loaded = false; // re-read the cursor: the failed transaction may or may not have committed
        if (!stopping) await sleep(delay);
      }
    }
  })();

  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      for (const w of waiters.splice(0)) w.reject(new Error(`indexer stopped before block ${w.block}`));
    },
    waitForBlock(block) {
      const target = BigInt(block);
      if (indexedUpTo >= target) return Promise.resolve();
      if (stopping) return Promise.reject(new Error(`indexer stopped before block ${target}`));
      return new Promise((resolve, reject) => waiters.push({ block: target, resolve, reject }));
    },
  };
}
