-- The money-leg rows record their transaction's sender (`from`, lower-case), fetched by the indexer with the block,
-- so that the investor's cash history comes from the index alone. Nullable: rows indexed before this column keep a
-- null sender (it is not in the database to backfill from); the web app asks the node for those rows only.
ALTER TABLE "MoneyLegEvent" ADD COLUMN "txFrom" TEXT;
