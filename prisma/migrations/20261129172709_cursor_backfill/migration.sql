-- AlterTable
ALTER TABLE "IndexerCursor" ADD COLUMN     "backfillBlock" BIGINT,
ADD COLUMN     "backfillBlockHash" TEXT;
