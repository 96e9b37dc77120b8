export { relayerConfig, RELAYER_DEV_ACCOUNT_INDEX, type ChainEndpoint, type RelayerConfig } from "./config.ts";
export { cursorFilePath, readCursors, writeCursors, type ChainCursor } from "./cursor.ts";
export {
  classifyFailure,
  createRelayer,
  type CallFailure,
  type DeliveredMessage,
  type PendingMessage,
  type Relayer,
  type RelayerChainInput,
  type RelayerOptions,
} from "./relayer.ts";
