// @tessera/db: Prisma 7 client (adapter-pg), migrator, embedded PGlite server.
export { createPool, createPrisma, type CreatePrismaOptions } from "./client.ts";
export { databaseConfig, pgliteUrl, type DatabaseConfig } from "./config.ts";
export {
  migrate,
  readMigrations,
  migrationChecksum,
  defaultMigrationsDir,
  MigrationChecksumMismatchError,
  FailedMigrationError,
  type MigrateOptions,
  type MigrateResult,
  type MigrationFile,
} from "./migrate.ts";
export { startPgliteServer, type PgliteServer, type PgliteServerOptions } from "./pglite.ts";
export { PrismaClient, Prisma, TransferKind } from "./generated/client.ts";
export type { Asset, Holding, IndexerCursor, Investor, Transfer } from "./generated/client.ts";
export { waitForIndexer } from "./wait.ts";
export {
  entitlementsAt,
  entitlementsSchema,
  EntitlementError,
  recordDateSchema,
  resolveRecordDate,
  type EntitlementErrorCode,
  type EntitlementRow,
  type EntitlementsInput,
  type RecordDate,
  type RecordDateInput,
} from "./entitlements.ts";
export {
  balanceAt,
  blockAtDate,
  capTableAt,
  countryTotals,
  countryTotalsAt,
  countryTotalsHistory,
  holderCountAt,
  holderCountHistory,
  supplyHistory,
  MAX_HISTORY_POINTS,
  type CountryTotalsPoint,
  type HistoricalHolding,
  type HistoryBucket,
  type HistoryParams,
  type HistoryPoint,
  type HolderCountPoint,
  type SupplyPoint,
} from "./history.ts";
export {
  assetGroup,
  crosschainHolders,
  crosschainInTransit,
  crosschainSupply,
  crosschainTransfersOf,
  walletAcrossChains,
  type WalletElsewhere,
  type CrosschainHolder,
  type CrosschainStatus,
  type CrosschainSupply,
  type CrosschainTransferRow,
  type GroupToken,
} from "./crosschain.ts";
