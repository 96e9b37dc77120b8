-- CreateEnum
CREATE TYPE "TransferKind" AS ENUM ('mint', 'burn', 'transfer');

-- CreateTable
CREATE TABLE "IndexerCursor" (
    "chainId" INTEGER NOT NULL,
    "lastBlock" BIGINT NOT NULL,
    "lastBlockHash" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IndexerCursor_pkey" PRIMARY KEY ("chainId")
);

-- CreateTable
CREATE TABLE "Asset" (
    "chainId" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "compliance" TEXT NOT NULL,
    "identityRegistry" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "decimals" INTEGER NOT NULL,
    "assetClass" INTEGER NOT NULL,
    "totalSupply" DECIMAL(78,0) NOT NULL,
    "holderCount" INTEGER NOT NULL DEFAULT 0,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "allowedCountries" INTEGER[],
    "maxHolders" DECIMAL(78,0) NOT NULL,
    "maxBalance" DECIMAL(78,0) NOT NULL,
    "deployedBlock" BIGINT NOT NULL,
    "deployedTxHash" TEXT NOT NULL,
    "deployedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Asset_pkey" PRIMARY KEY ("chainId","address")
);

-- CreateTable
CREATE TABLE "Investor" (
    "chainId" INTEGER NOT NULL,
    "identityRegistry" TEXT NOT NULL,
    "wallet" TEXT NOT NULL,
    "identity" TEXT NOT NULL,
    "country" INTEGER NOT NULL,
    "kycExpiresAt" BIGINT,
    "registered" BOOLEAN NOT NULL DEFAULT true,
    "registeredBlock" BIGINT NOT NULL,
    "updatedBlock" BIGINT NOT NULL,

    CONSTRAINT "Investor_pkey" PRIMARY KEY ("chainId","identityRegistry","wallet")
);

-- CreateTable
CREATE TABLE "Holding" (
    "chainId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "wallet" TEXT NOT NULL,
    "balance" DECIMAL(78,0) NOT NULL,
    "frozen" BOOLEAN NOT NULL DEFAULT false,
    "frozenAmount" DECIMAL(78,0) NOT NULL DEFAULT 0,
    "firstAcquiredBlock" BIGINT,
    "updatedBlock" BIGINT NOT NULL,

    CONSTRAINT "Holding_pkey" PRIMARY KEY ("chainId","token","wallet")
);

-- CreateTable
CREATE TABLE "Transfer" (
    "chainId" INTEGER NOT NULL,
    "blockNumber" BIGINT NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "txHash" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "kind" "TransferKind" NOT NULL,
    "blockTime" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Transfer_pkey" PRIMARY KEY ("chainId","blockNumber","logIndex")
);

-- CreateIndex
CREATE INDEX "Asset_chainId_issuer_idx" ON "Asset"("chainId", "issuer");

-- CreateIndex
CREATE INDEX "Investor_chainId_wallet_idx" ON "Investor"("chainId", "wallet");

-- CreateIndex
CREATE INDEX "Holding_chainId_token_balance_idx" ON "Holding"("chainId", "token", "balance" DESC);

-- CreateIndex
CREATE INDEX "Holding_chainId_wallet_idx" ON "Holding"("chainId", "wallet");

-- CreateIndex
CREATE INDEX "Transfer_chainId_token_blockNumber_idx" ON "Transfer"("chainId", "token", "blockNumber");

-- CreateIndex
CREATE INDEX "Transfer_chainId_from_idx" ON "Transfer"("chainId", "from");

-- CreateIndex
CREATE INDEX "Transfer_chainId_to_idx" ON "Transfer"("chainId", "to");

-- AddForeignKey
ALTER TABLE "Holding" ADD CONSTRAINT "Holding_chainId_token_fkey" FOREIGN KEY ("chainId", "token") REFERENCES "Asset"("chainId", "address") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Transfer" ADD CONSTRAINT "Transfer_chainId_token_fkey" FOREIGN KEY ("chainId", "token") REFERENCES "Asset"("chainId", "address") ON DELETE RESTRICT ON UPDATE CASCADE;
