// @tessera/indexer: follows a chain and writes Tessera's cap table into Postgres.
export { IndexerHaltedError, startIndexer, type Indexer, type IndexerOptions } from "./indexer.ts";
export { indexerConfig, deploymentsSchema, type IndexerConfig } from "./config.ts";
export { decodeLog, toRawLog, type DecodedEvent, type RawLog, type RpcLog, type Source } from "./decode.ts";
export { writeRange, settleBalances, rollbackTo, rollbackAll, supportsCopy, type RangeBatch, type WriteResult } from "./write.ts";
export { PipelinedWriter } from "./pipeline.ts";
