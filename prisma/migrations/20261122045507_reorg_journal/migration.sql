-- DropIndex
DROP INDEX "Transfer_chainId_from_idx";

-- DropIndex
DROP INDEX "Transfer_chainId_to_idx";

-- CreateTable
CREATE TABLE "IndexerBlock" (
    "chainId" INTEGER NOT NULL,
    "number" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "journaled" BOOLEAN NOT NULL,

    CONSTRAINT "IndexerBlock_pkey" PRIMARY KEY ("chainId","number")
);

-- CreateTable
CREATE TABLE "IndexerUndo" (
    "id" BIGSERIAL NOT NULL,
    "chainId" INTEGER NOT NULL,
    "rangeFrom" BIGINT NOT NULL,
    "tableName" TEXT NOT NULL,
    "key" JSONB NOT NULL,
    "row" JSONB,

    CONSTRAINT "IndexerUndo_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IndexerUndo_chainId_rangeFrom_idx" ON "IndexerUndo"("chainId", "rangeFrom");

-- CreateIndex
CREATE INDEX "Transfer_chainId_from_token_blockNumber_idx" ON "Transfer"("chainId", "from", "token", "blockNumber");

-- CreateIndex
CREATE INDEX "Transfer_chainId_to_token_blockNumber_idx" ON "Transfer"("chainId", "to", "token", "blockNumber");
