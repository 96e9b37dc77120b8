// Shared by the indexer's tests: a misbehaving JSON-RPC proxy in front of anvil, row checksums, a bounded poll, and a
// sampler of row counts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";

/** Chain-derived tables the cap table is read from (the ones a user sees empty if they are wiped). */
export const CAP_TABLES = ["Asset", "Holding", "Transfer", "Investor"] as const;

/** md5 and count of every chain-derived row per table (bookkeeping tables IndexerBlock/IndexerUndo excluded). */
export async function checksums(url: string, chainId: number): Promise<Record<string, string>> {
  const tables: [string, string, string][] = [
    ["Asset", "x", `x."token"`],
    ["Investor", "x", `x."identityRegistry", x."wallet"`],
    ["Holding", "x", `x."token", x."wallet"`],
    ["Transfer", "x", `x."blockNumber", x."logIndex"`],
    ["IndexerCursor", `(x."chainId", x."lastBlock", x."lastBlockHash")`, `x."chainId"`],
  ];
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const out: Record<string, string> = {};
    for (const [table, row, order] of tables) {
      const { rows } = await c.query<{ n: number; sum: string }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(${row}::text, E'\\n' ORDER BY ${order}), '')) AS sum
         FROM "${table}" AS x WHERE x."chainId" = $1`,
        [chainId],
      );
      out[table] = `${rows[0]!.n} rows, md5 ${rows[0]!.sum}`;
    }
    return out;
  } finally {
    await c.end();
  }
}

/**
 * Polls `condition` every `everyMs` until it holds, at most `tries` times (a bound on attempts, not a deadline).
 * @throws Error naming `what` when it never held.
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string, tries = 2400, everyMs = 50): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`gave up waiting for ${what} after ${tries} polls`);
}

/** Row counts of {@link CAP_TABLES} for one chain, read in one statement (one snapshot). */
export type RowCounts = Record<(typeof CAP_TABLES)[number], number>;

/**
 * Samples the row counts of Asset, Holding, Transfer and Investor of `chainId` back to back (one connection, one
 * statement per sample, a 25 ms pause between samples so a single-user PGlite still serves the indexer) until
 * `stop()`, and records every sample where a count went down.
 */
export function sampleRowCounts(url: string, chainId: number) {
  const samples: RowCounts[] = [];
  const drops: { before: RowCounts; after: RowCounts }[] = [];
  let running = true;
  const client = new pg.Client({ connectionString: url });
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<RowCounts>(
        `SELECT ${CAP_TABLES.map((t) => `(SELECT count(*)::int FROM "${t}" WHERE "chainId" = $1) AS "${t}"`).join(", ")}`,
        [chainId],
      );
      const now = rows[0]!;
      const last = samples.at(-1);
      if (last && CAP_TABLES.some((t) => now[t] < last[t])) drops.push({ before: last, after: now });
      samples.push(now);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return {
    samples,
    drops,
    /** Ends the sampling; throws what the sampling loop threw. */
    async stop() {
      running = false;
      try {
        await loop;
      } finally {
        await client.end().catch(() => {});
      }
    },
  };
}

/** What the proxy does to the calls of a faulted method: fail the whole HTTP request with 503, or answer `null`. */
export type Fault = "http503" | "null";

/** A JSON-RPC proxy in front of a real node, that can misbehave like real providers. */
export interface RpcProxy {
  url: string;
  stats: {
    /** eth_getLogs requests refused as too wide. */
    refusedRanges: number;
    /** Requests failed at random (HTTP 503, `failEvery`). */
    failed: number;
    /** Requests that carried a call of the faulted method while the fault was on (each answered as the fault says). */
    faulted: number;
  };
  /** From now on, every request carrying a call of `method` gets `fault` (a 503 fails every call of the request). */
  fault(method: string, fault: Fault): void;
  /** Ends the fault: requests pass through again. */
  heal(): void;
  close(): Promise<void>;
}

interface Call {
  id: number;
  method: string;
  params: unknown[];
}

/**
 * Starts a JSON-RPC proxy to `target` on a free local port. `latencyMs`: answers every request that much later (a
 * remote provider's round trip; the bench uses it). `maxRange`: refuses eth_getLogs over more blocks than this
 * (error -32005, as Alchemy/Infura word it). `failEvery`: answers about 1 request in `failEvery` with HTTP 503, drawn
 * from a seeded generator (mulberry32), not strictly every n-th: a fixed period can line up with a retry that always
 * sends the same number of requests, and fail it forever. Plus a switchable fault on one method ({@link RpcProxy.fault}).
 */
export async function rpcProxy(
  target: string,
  options: { latencyMs?: number; maxRange?: number; failEvery?: number } = {},
): Promise<RpcProxy> {
  const { latencyMs = 0, maxRange = Infinity, failEvery = Infinity } = options;
  let seed = 0x5eed;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const stats = { refusedRanges: 0, failed: 0, faulted: 0 };
  let faulty: { method: string; fault: Fault } | undefined;
  const json = (res: http.ServerResponse, body: unknown) =>
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", async () => {
      try {
        if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
        if (random() < 1 / failEvery) {
          stats.failed++;
          res.writeHead(503).end("busy");
          return;
        }
        const parsed = JSON.parse(body) as Call | Call[];
        const calls = Array.isArray(parsed) ? parsed : [parsed];
        const fault = faulty;
        const hit = fault && calls.some((c) => c.method === fault.method);
        if (hit) stats.faulted++;
        if (hit && fault.fault === "http503") {
          res.writeHead(503).end("service unavailable");
          return;
        }
        const tooWide = calls.find((c) => {
          if (c.method !== "eth_getLogs") return false;
          const p = c.params[0] as { fromBlock: string; toBlock: string };
          return Number(BigInt(p.toBlock) - BigInt(p.fromBlock)) + 1 > maxRange;
        });
        if (tooWide) {
          stats.refusedRanges++;
          const error = { jsonrpc: "2.0", id: tooWide.id, error: { code: -32005, message: `query returned more than 10000 results; try a range of at most ${maxRange} blocks` } };
          json(res, Array.isArray(parsed) ? calls.map((c) => ({ ...error, id: c.id })) : error);
          return;
        }
        const upstream = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
        const text = await upstream.text();
        if (hit && fault.fault === "null" && upstream.ok) {
          // A node that has not seen the block yet (a lagging member of a load-balanced provider) answers null.
          const nulled = new Set(calls.filter((c) => c.method === fault.method).map((c) => c.id));
          const answer = JSON.parse(text) as { id: number; result?: unknown } | { id: number; result?: unknown }[];
          const fix = (a: { id: number; result?: unknown }) => (nulled.has(a.id) ? { ...a, result: null } : a);
          json(res, Array.isArray(answer) ? answer.map(fix) : fix(answer));
          return;
        }
        res.writeHead(upstream.status, { "content-type": "application/json" }).end(text);
      } catch (err) {
        res.writeHead(502).end(String(err));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    fault: (method, fault) => (faulty = { method, fault }),
    heal: () => (faulty = undefined),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
