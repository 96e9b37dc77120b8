// @tessera/indexer: follows a chain and writes Tessera's cap table into Postgres.
export { IndexerHaltedError, startIndexer, type Indexer, type IndexerOptions } from "./indexer.ts";
export { indexerConfig, deploymentsSchema, type IndexerConfig } from "./config.ts";
export { contracts, fixedAddresses, type ContractName, type DecodedEvent, type EventKey, type IndexedEvent } from "./contracts.ts";
export { decodeLog, toRawLog, type RawLog, type RpcLog, type Source } from "./decode.ts";
export { handlers, type Handler, type HandlerContext, type Handlers, type HandlersOf } from "./handlers/index.ts";
export { writeRange, settleBalances, type RangeBatch, type WriteResult } from "./store/write-range.ts";
export { rollbackTo, rollbackAll } from "./store/rollback.ts";
export { supportsCopy } from "./store/sql.ts";
export { PipelinedWriter } from "./store/pipeline.ts";
