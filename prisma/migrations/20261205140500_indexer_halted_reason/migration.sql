-- AlterTable
ALTER TABLE "IndexerCursor" ADD COLUMN     "haltedReason" TEXT;
