// Child process of `npm run bench:indexer`: the indexer's own path from raw eth_getLogs pages to committed rows
// (toRawLog → decodeLog's Transfer fast path → in-memory batch → PipelinedWriter/writeRange: COPY, one balance
// upsert per batch, cursor in the same transaction). Its own process so that its peak RSS is the indexer's alone.
// Prints one JSON line: { seconds, events, maxRssMb }.
import { createPool } from "@tessera/db";
import { decodeLog, toRawLog, type DecodedEvent } from "../src/decode.ts";
import { PipelinedWriter } from "../src/pipeline.ts";
import { supportsCopy, type RangeBatch } from "../src/write.ts";
import { BENCH_CHAIN_ID, blockHash, blockTime, rpcLogPages, START_BLOCK } from "./synthetic.ts";

const [url, eventsArg, holdersArg, flushArg, pageArg] = process.argv.slice(2);
const events = Number(eventsArg);
const holders = Number(holdersArg);
const flushEvents = Number(flushArg);
const pageSize = Number(pageArg);
const noModules = { countryAllow: "0x", maxHolders: "0x", maxBalance: "0x" };

const pool = createPool(url!, { poolSize: 2 });
await supportsCopy(pool);
const started = performance.now();
const writer = new PipelinedWriter(pool);
let batchEvents: DecodedEvent[] = [];
let blockTimes = new Map<bigint, number>();
let fromBlock = START_BLOCK;
let written = 0;
let lastTo = START_BLOCK;
const submit = async (toBlock: bigint) => {
  const batch: RangeBatch = {
    chainId: BENCH_CHAIN_ID,
    fromBlock,
    toBlock,
    toBlockHash: blockHash(toBlock),
    events: batchEvents,
    blockTimes,
    modules: noModules,
    identityRegistry: "0x",
  };
  const done = await writer.write(batch);
  if (done) written += done.result.transfers;
  batchEvents = [];
  blockTimes = new Map();
  fromBlock = toBlock + 1n;
};
for (const page of rpcLogPages(events, holders, pageSize)) {
  for (let i = 0; i < page.logs.length; i++) {
    // Let the event loop feed the COPY stream in flight (a real RPC response arrives over the network anyway).
    if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
    const l = page.logs[i]!;
    const e = decodeLog("token", toRawLog(l));
    if (!e) continue;
    batchEvents.push(e);
    if (!blockTimes.has(e.blockNumber)) blockTimes.set(e.blockNumber, blockTime(e.blockNumber));
  }
  lastTo = page.toBlock;
  // As the indexer does: hand the batch over as soon as the writer is free, or when it reaches the flush size.
  if (batchEvents.length >= flushEvents || !writer.busy) await submit(page.toBlock);
}
if (batchEvents.length > 0) await submit(lastTo);
const last = await writer.flush();
if (last) written += last.result.transfers;
const seconds = (performance.now() - started) / 1000;
await pool.end();
console.log(JSON.stringify({ seconds, events: written, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
