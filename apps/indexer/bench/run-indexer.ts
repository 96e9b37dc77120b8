// Child process of `npm run bench:indexer`: the indexer's own path from raw eth_getLogs pages to committed rows
// (toRawLog → decodeLog's Transfer fast path → in-memory batch → PipelinedWriter/writeRange: COPY, cursor in the
// same transaction; as the indexer does below the finality depth, balances are deferred and settled from the Transfer
// rows once `settle` events are pending and by the last batch). Its own process so that its peak RSS is the
// indexer's alone. Prints one JSON line: { seconds, events, maxRssMb }.
import { createPool } from "@tessera/db";
import { decodeLog, toRawLog, type DecodedEvent } from "../src/decode.ts";
import { PipelinedWriter } from "../src/store/pipeline.ts";
import { supportsCopy } from "../src/store/sql.ts";
import type { RangeBatch } from "../src/store/write-range.ts";
import { BENCH_CHAIN_ID, blockHash, blockTime, rpcLogPages, START_BLOCK } from "./synthetic.ts";

const [url, eventsArg, holdersArg, flushArg, pageArg, settleArg] = process.argv.slice(2);
const events = Number(eventsArg);
const holders = Number(holdersArg);
const flushEvents = Number(flushArg);
const pageSize = Number(pageArg);
const settleEvents = Number(settleArg ?? 1_000_000);
let unsettled = 0;

const pool = createPool(url!, { poolSize: 2 });
await supportsCopy(pool);
const started = performance.now();
const writer = new PipelinedWriter(pool);
let batchEvents: DecodedEvent[] = [];
let blockTimes = new Map<bigint, number>();
let fromBlock = START_BLOCK;
let written = 0;
let lastTo = START_BLOCK;
const submit = async (toBlock: bigint, last = false) => {
  const deferBalances = !last && unsettled + batchEvents.length < settleEvents;
  unsettled = deferBalances ? unsettled + batchEvents.length : 0;
  const batch: RangeBatch = {
    chainId: BENCH_CHAIN_ID,
    fromBlock,
    toBlock,
    toBlockHash: blockHash(toBlock),
    events: batchEvents,
    blockTimes,
    fixed: new Map(),
    deferBalances,
  };
  const done = await writer.write(batch);
  if (done) written += done.result.transfers;
  batchEvents = [];
  blockTimes = new Map();
  fromBlock = toBlock + 1n;
};
const pages = rpcLogPages(events, holders, pageSize);
let page = pages.next();
while (!page.done) {
  const next = pages.next();
  for (let i = 0; i < page.value.logs.length; i++) {
    // Let the event loop feed the COPY stream in flight (a real RPC response arrives over the network anyway).
    if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
    const l = page.value.logs[i]!;
    const e = decodeLog("Token", toRawLog(l));
    if (!e) continue;
    batchEvents.push(e);
    if (!blockTimes.has(e.blockNumber)) blockTimes.set(e.blockNumber, blockTime(e.blockNumber));
  }
  lastTo = page.value.toBlock;
  // As the indexer does: hand the batch over as soon as the writer is free, or when it reaches the flush size; the
  // last one (the head) settles the balances.
  if (next.done) await submit(lastTo, true);
  else if (batchEvents.length >= flushEvents || !writer.busy) await submit(lastTo);
  page = next;
}
const last = await writer.flush();
if (last) written += last.result.transfers;
const seconds = (performance.now() - started) / 1000;
await pool.end();
console.log(JSON.stringify({ seconds, events: written, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
