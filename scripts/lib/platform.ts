/**
 * Brings the whole platform up on embedded defaults: anvil, a database (PGlite served over the Postgres
 * wire protocol unless a DATABASE_URL is given), the contracts and a demo asset, the indexer and the web app; with
 * `l2`, a second chain too (its anvil, platform, messaging peered with the L1's, an indexer) and the local relayer.
 * Used by `npm start` (scripts/up.ts) and by the Playwright setup (e2e/), so the tests exercise the same path.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { startService, waitForHttp, type Service } from "./processes.ts";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** V8 old-space cap of the indexer child in MB (see where it is started). */
const INDEXER_HEAP_MB = 384;

/** Options of {@link startPlatform}. Paths are absolute or relative to the repository root. */
export interface PlatformOptions {
  /** PGlite data, anvil state and service logs. */
  dataDir: string;
  /** Where `<chainId>.json` deployment files are written and read. */
  deploymentsDir: string;
  anvilPort: number;
  pglitePort: number;
  webPort: number;
  /**
   * The origin users open the web app at (the web's TESSERA_PUBLIC_ORIGIN: Sign-In with Ethereum messages must name
   * it). Default `http://localhost:<webPort>`.
   */
  publicOrigin?: string;
  chainId: number;
  /** A PostgreSQL server to use instead of the embedded PGlite. */
  databaseUrl?: string;
  /** Build the web app: when its sources are newer than the last build (default), always, or never. */
  build?: "if-needed" | "always" | "never";
  /** Write service output to `<dataDir>/logs/*.log` instead of the console. */
  logsToFiles?: boolean;
  log?: (line: string) => void;
  /**
   * Seed the demo bond too (TGB, held by the demo investors; `npm start`). Off for the journeys, whose specs read the
   * demo investors' holdings as seedDemo leaves them.
   */
  demoBond?: boolean;
  /**
   * A second chain, the L2 (`npm start`; off for the journeys unless one asks): its own anvil on `anvilPort` (state in
   * `<dataDir>/anvil-l2-state.json`), the platform and Hyperlane messaging on both chains with peered gateways, the demo
   * asset enabled on the L2 and the demo investors carried there from the L1 by syncInvestor messages (ensureTwoChains), an
   * indexer per chain, and the local relayer (apps/relayer) delivering messages between the two chains.
   */
  l2?: { chainId: number; anvilPort: number };
  /**
   * Aborting it (Ctrl-C) stops everything started so far, also after `startPlatform` resolved; while starting, the
   * start then rejects with the signal's reason.
   */
  signal?: AbortSignal;
}

/** What runs where, and how to stop it all. */
export interface Platform {
  rpcUrl: string;
  databaseUrl: string;
  webUrl: string;
  chainId: number;
  deploymentsFile: string;
  /** Every chain started, the home chain (L1) first. */
  chains: PlatformChain[];
  /** Whether the local relayer runs (two chains). */
  relayer: boolean;
  /** Stops the web app, the indexer, anvil (dumping its state) and the database, in that order (once; later calls wait for it). */
  stop(): Promise<void>;
}

/** One chain of the platform. */
export interface PlatformChain {
  /** "L1" (the home chain) or "L2". */
  name: "L1" | "L2";
  chainId: number;
  rpcUrl: string;
  deploymentsFile: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Not sources: dependencies, builds, generated code, and tsc's incremental state (`tsc -p apps/web` in npm test's
    // static step writes apps/web/tsconfig.tsbuildinfo: counted, it made the smoke test's build look stale).
    if (entry.name === "node_modules" || entry.name === ".next" || entry.name === "generated" || entry.name.endsWith(".tsbuildinfo")) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when apps/web has no production build, or a source it depends on changed since. */
export function webBuildIsStale(): boolean {
  const buildId = path.join(repoRoot, "apps/web/.next/BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ["apps/web", "packages/sdk/src", "packages/contracts/src", "packages/db/src"].map((d) =>
    newestMtime(path.join(repoRoot, d)),
  );
  return Math.max(...sources) > built;
}

/**
 * Generates the Prisma client (packages/db/src/generated) unless it exists and matches prisma/schema.prisma and the
 * installed Prisma version; a no-op taking a few milliseconds when it is up to date.
 * @throws Error when `prisma generate` fails (its output is shown)
 */
export function ensurePrismaClient(): void {
  execFileSync(process.execPath, [path.join(repoRoot, "packages/db/scripts/generate.mjs"), "--if-stale"], {
    cwd: repoRoot,
    stdio: "inherit",
  });
}

/** Runs `next build` for apps/web (about a minute on 2 cores). */
export function buildWeb(log: (l: string) => void = console.log): void {
  log("building the web app (next build)…");
  execFileSync(path.join(repoRoot, "node_modules/.bin/next"), ["build"], {
    cwd: path.join(repoRoot, "apps/web"),
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
}

/**
 * Starts everything and resolves once the web app answers and the indexer has caught up with the demo seed.
 * @throws Error when a service fails to start; everything already started is stopped first.
 */
export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const dataDir = path.resolve(repoRoot, opts.dataDir);
  const deploymentsDir = path.resolve(repoRoot, opts.deploymentsDir);
  mkdirSync(dataDir, { recursive: true });
  const logFile = (name: string) => (opts.logsToFiles ? path.join(dataDir, "logs", `${name}.log`) : undefined);

  // What to stop, in start order; stopped in reverse. A service started after stopping began is stopped at once.
  const stops: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  const stopOne = async (stop: () => Promise<void>) => {
    try {
      await stop();
    } catch (err) {
      log(`while stopping: ${(err as Error).message}`);
    }
  };
  const started = (stop: () => Promise<void>) => {
    if (stopping) void stopOne(stop);
    else stops.push(stop);
  };
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      while (stops.length > 0) await stopOne(stops.pop()!);
    })());
  const signal = opts.signal;
  signal?.addEventListener("abort", () => void stopAll(), { once: true });

  try {
    // The Prisma client is generated, not committed: generate it when it is missing or stale (a fresh clone installed
    // with --ignore-scripts, a pull that changed the schema), then import the modules that need it.
    ensurePrismaClient();
    const db = await import("@tessera/db");
    const sdkNode = await import("@tessera/sdk/node");

    // Ports first: a clear error before anything starts (and before a minute of next build).
    await sdkNode.assertPortFree(opts.anvilPort, "anvil (npm start: ANVIL_PORT)");
    if (opts.l2) await sdkNode.assertPortFree(opts.l2.anvilPort, "the L2's anvil (npm start: L2_ANVIL_PORT)");
    if (!opts.databaseUrl) await sdkNode.assertPortFree(opts.pglitePort, "PGlite (npm start: PGLITE_PORT)");
    await sdkNode.assertPortFree(opts.webPort, "the web app (npm start: WEB_PORT)");

    // 1. Chains: anvil with its state kept in the data folder, so a restart keeps the chain the database indexed; the
    // L2's beside it.
    const startingL2 = opts.l2
      ? sdkNode.startAnvil({ port: opts.l2.anvilPort, chainId: opts.l2.chainId, statePath: path.join(dataDir, "anvil-l2-state.json") })
      : undefined;
    startingL2?.then((a) => started(() => a.stop())).catch(() => {});
    const anvil = await sdkNode.startAnvil({
      port: opts.anvilPort,
      chainId: opts.chainId,
      statePath: path.join(dataDir, "anvil-state.json"),
    });
    started(() => anvil.stop());
    const anvilL2 = await startingL2;
    signal?.throwIfAborted();
    log(`chain      ${anvilL2 ? "L1 (home chain) " : ""}anvil at ${anvil.rpcUrl} (chain id ${opts.chainId})`);
    if (anvilL2 && opts.l2) log(`chain      L2 anvil at ${anvilL2.rpcUrl} (chain id ${opts.l2.chainId})`);

    // 2. Database: the given PostgreSQL server, or PGlite served over the wire protocol.
    let databaseUrl = opts.databaseUrl;
    if (!databaseUrl) {
      const pglite = await db.startPgliteServer({ dataDir: path.join(dataDir, "pglite"), port: opts.pglitePort });
      started(() => pglite.stop());
      databaseUrl = pglite.url;
      log(`database   PGlite (embedded Postgres) at ${redact(databaseUrl)}, data in ${path.join(dataDir, "pglite")}`);
    } else {
      log(`database   PostgreSQL at ${redact(databaseUrl)}`);
    }
    signal?.throwIfAborted();
    await db.migrate(databaseUrl);
    signal?.throwIfAborted();

    // 3. Contracts: reuse the deployment when its code is still on the chain, else deploy the platform and a demo asset.
    // With an L2: both chains (in parallel), messaging on both, peered, the demo asset enabled on the L2.
    const two =
      anvilL2 && opts.l2
        ? await sdkNode.ensureTwoChains({
            home: { rpcUrl: anvil.rpcUrl, chainId: opts.chainId },
            remote: { rpcUrl: anvilL2.rpcUrl, chainId: opts.l2.chainId },
            deploymentsDir,
            demoBond: opts.demoBond,
          })
        : undefined;
    const { deployments, deployed } =
      two?.home ??
      (await sdkNode.ensurePlatform({
        rpcUrl: anvil.rpcUrl,
        chainId: opts.chainId,
        deploymentsDir,
        demoBond: opts.demoBond,
      }));
    signal?.throwIfAborted();
    const deploymentsFile = sdkNode.deploymentsFilePath(deploymentsDir, opts.chainId);
    log(`contracts  ${deployed ? "deployed" : "reused"}: factory ${deployments.factory}, identity registry ${deployments.identityRegistry}`);
    if (deployments.demoAsset) log(`           demo asset ${deployments.demoAsset.token}`);
    if (deployments.paymentToken) log(`           payment token ${deployments.paymentToken}`);
    log(`           addresses in ${deploymentsFile}`);
    const chains: PlatformChain[] = [{ name: "L1", chainId: opts.chainId, rpcUrl: anvil.rpcUrl, deploymentsFile }];
    if (two && anvilL2 && opts.l2) {
      const l2File = sdkNode.deploymentsFilePath(deploymentsDir, opts.l2.chainId);
      chains.push({ name: "L2", chainId: opts.l2.chainId, rpcUrl: anvilL2.rpcUrl, deploymentsFile: l2File });
      const d2 = two.remote.deployments;
      log(`contracts  L2 ${two.remote.deployed ? "deployed" : "reused"}: factory ${d2.factory}, identity registry ${d2.identityRegistry}`);
      if (d2.demoAsset) log(`           demo asset on L2 ${d2.demoAsset.token} (the L1's, enabled there)`);
      log(`           messaging: Hyperlane Mailbox ${deployments.messaging?.mailbox} (L1), ${d2.messaging?.mailbox} (L2); addresses in ${l2File}`);
    }

    const serviceEnv = {
      RPC_URL: anvil.rpcUrl,
      CHAIN_ID: String(opts.chainId),
      DATABASE_URL: databaseUrl,
      DEPLOYMENTS_DIR: deploymentsDir,
      NEXT_TELEMETRY_DISABLED: "1",
    };

    // 4. Indexer: its own process, as in production. `node --import tsx`, not the tsx command: the command is a parent
    // process that SIGKILLs its child when the child does not acknowledge a signal within about 60 ms (a busy event
    // loop), which would cut the indexer's orderly stop short.
    // Its V8 heap is capped (unless NODE_OPTIONS sets one): its live data is one or two batches of at most
    // INDEXER_FLUSH_EVENTS events, the rest is garbage that an uncapped heap lets grow. Measured on a 300,000-event
    // backfill (apps/indexer/bench/run-indexer.ts, 50,000 events per transaction): peak RSS 447 MB uncapped, 300 MB
    // at 384 MB, 280 MB at 256 MB (as fast), 283 MB at 128 MB (slower: 56 s instead of 44-49 s).
    const heapCap = /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? "") ? [] : [`--max-old-space-size=${INDEXER_HEAP_MB}`];
    const indexer: Service = startService({
      name: "indexer",
      command: process.execPath,
      args: [...heapCap, "--import", "tsx", path.join(repoRoot, "apps/indexer/src/main.ts")],
      env: serviceEnv,
      cwd: repoRoot,
      logFile: logFile("indexer"),
    });
    started(() => indexer.stop());
    // One indexer process per chain (each with its own cursor in the same database), as in production.
    const l2Chain = chains[1];
    if (l2Chain) {
      const indexerL2: Service = startService({
        name: "indexer-l2",
        command: process.execPath,
        args: [...heapCap, "--import", "tsx", path.join(repoRoot, "apps/indexer/src/main.ts")],
        env: { ...serviceEnv, RPC_URL: l2Chain.rpcUrl, CHAIN_ID: String(l2Chain.chainId) },
        cwd: repoRoot,
        logFile: logFile("indexer-l2"),
      });
      started(() => indexerL2.stop());
    }
    await Promise.all(
      chains.map(async (c) => db.waitForIndexer(databaseUrl, c.chainId, await sdkNode.blockNumber(c.rpcUrl), 120_000, signal)),
    );
    log(`indexer    following ${chains.map((c) => `chain ${c.chainId}`).join(" and ")}, caught up`);

    // 4b. Relayer (two chains): delivers the Mailbox messages between them as the account their ISMs trust.
    if (l2Chain) {
      const relayer: Service = startService({
        name: "relayer",
        command: process.execPath,
        args: ["--import", "tsx", path.join(repoRoot, "apps/relayer/src/main.ts")],
        env: {
          RELAYER_CHAINS: relayerChainsValue(chains),
          DEPLOYMENTS_DIR: deploymentsDir,
          RELAYER_DATA_DIR: path.join(dataDir, "relayer"),
        },
        cwd: repoRoot,
        logFile: logFile("relayer"),
      });
      started(() => relayer.stop());
      log(
        `relayer    delivering messages between chain ${opts.chainId} and chain ${l2Chain.chainId} as anvil dev account ${sdkNode.RELAYER_DEV_ACCOUNT_INDEX} (local stand-in for Hyperlane's relayer agent)`,
      );
    }

    // 5. Web app: production build (rebuilt when sources changed), then `next start`.
    const build = opts.build ?? "if-needed";
    if (build === "always" || (build === "if-needed" && webBuildIsStale())) buildWeb(log);
    signal?.throwIfAborted();
    const webUrl = opts.publicOrigin ?? `http://localhost:${opts.webPort}`;
    const web = startService({
      name: "web",
      command: path.join(repoRoot, "node_modules/.bin/next"),
      args: ["start", "-p", String(opts.webPort), "-H", "127.0.0.1"],
      env: {
        ...serviceEnv,
        PORT: String(opts.webPort),
        TESSERA_PUBLIC_ORIGIN: webUrl,
        // The chains beyond the home chain, served too (chain switcher, cross-chain screens).
        TESSERA_CHAINS: chains
          .slice(1)
          .map((c) => `${c.chainId}=${c.rpcUrl}`)
          .join(","),
      },
      cwd: path.join(repoRoot, "apps/web"),
      logFile: logFile("web"),
    });
    started(() => web.stop());
    await waitForHttp(`http://127.0.0.1:${opts.webPort}/api/status`, { service: web, timeoutMs: 60_000, signal });
    log(`web        ${webUrl}  (issuer portal /issuer, investor app /investor, compliance console /compliance)`);

    return { rpcUrl: anvil.rpcUrl, databaseUrl, webUrl, chainId: opts.chainId, deploymentsFile, chains, relayer: chains.length > 1, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw signal?.aborted ? signal.reason : err;
  }
}

/**
 * The relayer's RELAYER_CHAINS for `chains` (`<chainId>=<URL>,…`), as `npm start` runs it (and bench:crosschain
 * measures it): each chain's WebSocket endpoint (anvil serves ws:// on its HTTP port), so the relayer reads a chain as
 * soon as its newHeads subscription announces a block instead of at its next RELAYER_POLL_MS poll (bench:crosschain,
 * PERFORMANCE.md "Cross-chain delivery latency (issue 12)").
 */
export function relayerChainsValue(chains: { chainId: number; rpcUrl: string }[]): string {
  return chains.map((c) => `${c.chainId}=${c.rpcUrl.replace(/^http(s?):/, "ws$1:")}`).join(",");
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
